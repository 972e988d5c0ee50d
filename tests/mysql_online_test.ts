/**
 * `--online` for MySQL/MariaDB on a real MariaDB: every case of the MySQL round-trip corpus is
 * generated online and applied up and down as an operator would (tests/mysql_roundtrip.ts
 * `runOnlineFile`: each pt-online-schema-change block run by its equivalent ALTER), so every
 * ALTER claimed `ALGORITHM=INSTANT` or `ALGORITHM=INPLACE, LOCK=NONE` must be accepted by the
 * server with that clause, every batched UPDATE must run, and the rows must come back.
 * @module
 */
import { corpusRoundTripTests } from "./mysql_roundtrip.ts";

corpusRoundTripTests("mysql online", { online: true });
