/**
 * Verification of MySQL/MariaDB migrations. There is no embedded MySQL: the round trip runs on a
 * server the user names with `--dev-url` (see dev_url.ts); without one the run says plainly that
 * it was not verified and how to verify it.
 * @module
 */
import type { VerifyInput } from "../dialect.ts";
import type { VerificationResult } from "../../verify/result.ts";
import type { MysqlFlavor } from "./expr.ts";

/** What a run without `--dev-url` reports. */
export function notVerified(flavor: MysqlFlavor): VerificationResult {
  return {
    status: "skipped",
    reason: `not verified: ${flavor} has no embedded engine; verify on a local server with ` +
      `--dev-url ${flavor}://user:pass@127.0.0.1:3306/ (a scratch database is created there ` +
      `and dropped), and use --require-verify in CI to fail an unverified run`,
  };
}

/** Verifies the files on the server of `input.devUrl`, or reports that it was not verified. */
export async function verifyMysql(
  input: VerifyInput & { devUrl?: string },
  flavor: MysqlFlavor,
): Promise<VerificationResult> {
  if (!input.devUrl) return notVerified(flavor);
  if (!/^(mysql|mariadb):/i.test(input.devUrl)) {
    return {
      status: "failed",
      reason:
        `--dev-url must name a MySQL or MariaDB server (mysql:// or mariadb://) for ${flavor}`,
    };
  }
  const { verifyOnServer } = await import("./verify_server.ts");
  return await verifyOnServer(input, input.devUrl, flavor);
}
