/**
 * The PGlite data-directory snapshot that verification starts from: its file name and header
 * (see `scripts/build_pglite_snapshot.ts`, which writes it).
 * @module
 */

/** Path of the snapshot, relative to `src/dialects/postgresql/verify/`. */
export const SNAPSHOT_FILE = "assets/pglite_datadir.b64";

/** What the first line of the snapshot says. */
export interface SnapshotHeader {
  pglite: string;
  postgresql: string;
  /** Size of the compressed tarball in bytes. */
  bytes: number;
}

/** Reads the header line (`pglite 0.5.16 postgresql 18.6 4553072`); undefined when malformed. */
export function parseSnapshotHeader(text: string): SnapshotHeader | undefined {
  const nl = text.indexOf("\n");
  const m = /^pglite (\S+) postgresql (\S+) (\d+)$/.exec(nl < 0 ? text : text.slice(0, nl));
  return m ? { pglite: m[1], postgresql: m[2], bytes: Number(m[3]) } : undefined;
}

/** The snapshot's tarball (gzip), decoded from the text file; undefined when malformed. */
export function decodeSnapshot(
  text: string,
): { header: SnapshotHeader; tarball: Uint8Array } | undefined {
  const header = parseSnapshotHeader(text);
  if (!header) return undefined;
  const body = text.slice(text.indexOf("\n") + 1).trim();
  let tarball: Uint8Array;
  try {
    tarball = Uint8Array.fromBase64(body);
  } catch {
    return undefined;
  }
  return tarball.length === header.bytes ? { header, tarball } : undefined;
}
