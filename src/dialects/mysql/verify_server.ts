/**
 * The round trip on a MySQL/MariaDB server named by `--dev-url` (filled in by a later step).
 * @module
 */
import type { VerifyInput } from "../dialect.ts";
import type { VerificationResult } from "../../verify/result.ts";
import type { MysqlFlavor } from "./expr.ts";

/** Runs the round trip on the server. */
export function verifyOnServer(
  _input: VerifyInput,
  _url: string,
  _flavor: MysqlFlavor,
): Promise<VerificationResult> {
  return Promise.resolve({ status: "skipped", reason: "--dev-url verification is not built yet" });
}
