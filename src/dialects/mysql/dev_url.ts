/**
 * `--dev-url`: the server that verification runs on instead of an embedded engine
 * (`mysql://user:pass@127.0.0.1:3306/`, `mariadb://...`, `postgres://...`). Only loopback hosts
 * (127.0.0.0/8, ::1, localhost) and local sockets (`?socket=/path`) are allowed: the tool never
 * talks to a remote server, and the compiled binary's network permission is loopback only. A
 * scratch database is created on that server and dropped afterwards.
 * @module
 */
import { InputError } from "../../errors.ts";

/** A parsed `--dev-url`. */
export interface DevUrl {
  engine: "mysql" | "postgresql";
  host?: string;
  port?: number;
  socket?: string;
  user: string;
  password?: string;
  /** The URL with the password hidden, for messages and reports. */
  display: string;
}

const SCHEMES: Record<string, DevUrl["engine"]> = {
  "mysql:": "mysql",
  "mariadb:": "mysql",
  "postgres:": "postgresql",
  "postgresql:": "postgresql",
};

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1" || h === "0:0:0:0:0:0:0:1") return true;
  const m = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!m && m.slice(1).every((x) => Number(x) <= 255);
}

/** Parses and checks a `--dev-url`; an InputError (exit 2) for anything not allowed. */
export function parseDevUrl(text: string): DevUrl {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new InputError(
      `--dev-url ${JSON.stringify(text)} is not a URL (expected mysql://user:pass@127.0.0.1:3306/)`,
    );
  }
  const engine = SCHEMES[u.protocol];
  if (!engine) {
    throw new InputError(
      `--dev-url: scheme ${u.protocol.replace(/:$/, "")} is not supported ` +
        `(mysql://, mariadb://, postgres://)`,
    );
  }
  const socket = u.searchParams.get("socket") ?? undefined;
  const host = u.hostname || undefined;
  if (socket === undefined && (!host || !isLoopback(host))) {
    throw new InputError(
      `--dev-url: host ${host ?? "(none)"} is not allowed: only a local server is used for ` +
        `verification (127.0.0.1, ::1, localhost, or ?socket=/path/to/socket)`,
    );
  }
  if (socket !== undefined && host && !isLoopback(host)) {
    throw new InputError(`--dev-url: host ${host} is not allowed with a socket (use localhost)`);
  }
  const hidden = new URL(u.href);
  if (hidden.password) hidden.password = "***";
  return {
    engine,
    host: socket === undefined ? host!.replace(/^\[|\]$/g, "") : undefined,
    port: u.port ? Number(u.port) : undefined,
    socket,
    user: decodeURIComponent(u.username) || "root",
    password: u.password ? decodeURIComponent(u.password) : undefined,
    display: hidden.href,
  };
}
