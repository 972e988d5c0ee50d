/**
 * The fixed text of `report.md` in each `--lang`: headings, labels and sentences. Values that
 * are vocabulary (change kinds, safety, rule ids), paths, SQL and the rules' messages stay as
 * they are.
 * @module
 */

/** Report languages. */
export type Lang = "en" | "th";

/** The fixed text of a report. */
export interface ReportText {
  title: string;
  status: string;
  statusText: Record<string, string>;
  exitCode: string;
  run: string;
  platform: string;
  spec: string;
  dialect: string;
  from: string;
  to: string;
  chosenBy: string;
  userRules: string;
  applied: string;
  yes: string;
  noPreview: string;
  refused: string;
  changes: string;
  noChanges: string;
  counts: (c: Record<string, number>) => string;
  tableHeader: string;
  needsDecision: string;
  risks: string;
  /** The roles section (privileges and owners name roles the migration does not create). */
  roles: string;
  rolesNote: string;
  noneFound: string;
  rulesApplied: string;
  unmanaged: string;
  unmanagedNote: string;
  verification: string;
  notRun: string;
  files: string;
  writtenToMigrations: string;
  next: string;
  fix: string;
  checksums: string;
  alreadyWritten: (run: string) => string;
  /** The Online section (report.md, online mode). */
  online: OnlineText;
  /** The sentence of a fix in this language (undefined: the English `how`). */
  fixHow: (fix: string, subject: string) => string | undefined;
  /** Generated English sentences (how a file was chosen, why next, refusals) in this language. */
  sentence: (en: string) => string;
  /** The fixed text of the Verification section. */
  verify: VerifyText;
}

/** The fixed text of the Online section. */
export interface OnlineText {
  heading: string;
  atomic: string;
  notAtomic: (parts: number) => string;
  /** Not atomic, but every part can run again and the rollback works from any point. */
  rerunnable: (parts: number) => string;
  part: (n: number, transactional: boolean, steps: string) => string;
  rollbackParts: (parts: number) => string;
  longLocks: string;
  noLongLocks: string;
  lock: string;
  avoid: string;
  /** Why --online could not avoid the lock. */
  notOnline: string;
  /** The commands run by hand (pt-online-schema-change), what resumes the file, the equivalent. */
  byHand: string;
  then: string;
  equivalent: string;
  /** ALTERs that still block writes (no online recipe). */
  blocking: string;
}

/** The fixed text of the Verification section (src/verify/report.ts). */
export interface VerifyText {
  skipped: string;
  notRun: string;
  status: Record<string, string>;
  onEngine: (engine: string) => string;
  rows: (rows: number, tables: number) => string;
  seconds: (s: string) => string;
  compared: string;
  guardsWorked: string;
  fittedRows: string;
  differs: string;
  notes: string;
  more: (n: number) => string;
  /** A generated line (what was compared, a reason) in this language. */
  line: (en: string) => string;
}

const VERIFY_EN: VerifyText = {
  skipped: "Skipped",
  notRun: "Not run",
  status: {},
  onEngine: (e) => ` on embedded ${e}`,
  rows: (r, t) => `: ${r} generated row(s) in ${t} table(s)`,
  seconds: (s) => ` in ${s} s`,
  compared: "Compared:",
  guardsWorked:
    "Guards that worked: they stopped migration.sql on generated rows that violate them, as " +
    "they will stop it on such real data:",
  fittedRows: " (on rows fitted to the to-schema)",
  differs: "What differs or failed:",
  notes: "Notes:",
  more: (n) => `... and ${n} more (summary.json)`,
  line: (en) => en,
};

/** Pattern replacements, applied in order, that put generated English into Thai. */
const TH_SENTENCES: [RegExp, string][] = [
  [
    /^to-schema\.sql of run (\S+), the last run that wrote its migration$/,
    "to-schema.sql ของการรัน $1 ซึ่งเป็นการรันล่าสุดที่เขียน migration",
  ],
  [
    /^empty schema: no run of this spec wrote its migration yet(.*) and the project has no migration files$/,
    "schema ว่าง: ยังไม่มีการรันของสเปกนี้ที่เขียน migration$1 และโปรเจกต์ยังไม่มีไฟล์ migration",
  ],
  [
    / \((\d+) preview or blocked run\(s\) do not count\)/,
    " (ไม่นับการรันแบบแสดงตัวอย่างหรือที่ถูกหยุด $1 ครั้ง)",
  ],
  [/^project db\/schema\.sql$/, "db/schema.sql ของโปรเจกต์"],
  [/^spec (from|to)_schema$/, "$1_schema ในสเปก"],
  [/^write the migration into the migrations folder$/, "เขียน migration ลงโฟลเดอร์ migrations"],
  [/^make the edits above and run again$/, "แก้ตามด้านบนแล้วรันอีกครั้ง"],
  [
    /^nothing to do: the schemas are equivalent; run again after a change$/,
    "ไม่มีอะไรต้องทำ: schema ทั้งสองเทียบเท่ากัน รันอีกครั้งหลังมีการเปลี่ยนแปลง",
  ],
  [
    /^nothing to do: the migration is already in the migrations folder$/,
    "ไม่มีอะไรต้องทำ: migration นี้อยู่ในโฟลเดอร์ migrations แล้ว",
  ],
  [/^review and commit the written files, then run them$/, "ตรวจทานและ commit ไฟล์ที่เขียน แล้วรันมัน"],
  [
    /^add the `drop:` intents above \(or, deliberately, pass --allow-destructive\) and run$/,
    "เพิ่ม intent `drop:` ตามด้านบน (หรือจงใจใส่ --allow-destructive) แล้วรัน",
  ],
  [
    /^resolve what --apply refused \(see the status above\) and run$/,
    "แก้สิ่งที่ --apply ปฏิเสธ (ดูสถานะด้านบน) แล้วรัน",
  ],
  [
    /^see report\.md \(Verification\), change the schema or intents and run$/,
    "ดูหัวข้อการตรวจสอบ แก้ schema หรือ intent แล้วรัน",
  ],
  [
    /^--apply refused: (\d+) change\(s\) need a decision first$/,
    "--apply ปฏิเสธ: มีการเปลี่ยนแปลง $1 รายการที่ต้องตัดสินใจก่อน",
  ],
  [
    /^--apply refused: (\d+) destructive change\(s\) are not acknowledged \((.*)\); add a `drop:` intent to the spec or pass --allow-destructive$/,
    "--apply ปฏิเสธ: การเปลี่ยนแปลงที่ทำให้ข้อมูลหายได้ $1 รายการยังไม่ได้รับการยืนยัน ($2) ให้เพิ่ม intent `drop:` ในสเปกหรือใส่ --allow-destructive",
  ],
  [/^--apply refused: verification failed \((.*)\)$/, "--apply ปฏิเสธ: การตรวจสอบล้มเหลว ($1)"],
  [
    /^--apply refused: the migrations folder does not match (\S+) \((.*)\); if that is intended, delete \S+ and run again: it records the folder as it is$/,
    "--apply ปฏิเสธ: โฟลเดอร์ migrations ไม่ตรงกับ $1 ($2) ถ้าตั้งใจ ให้ลบ $1 แล้วรันอีกครั้ง มันจะบันทึกโฟลเดอร์ตามที่เป็นอยู่",
  ],
];

const TH_VERIFY_LINES: [RegExp, string][] = [
  [/^catalog after migration\.sql = to-schema/, "catalog หลัง migration.sql = to-schema"],
  [/^catalog after rollback\.sql = from-schema/, "catalog หลัง rollback.sql = from-schema"],
  [/^rows after rollback\.sql = generated rows/, "แถวหลัง rollback.sql = แถวที่สร้างขึ้น"],
  [/ \((\d+) rewritten on the migrated side\)/, " (เขียนใหม่ $1 แถวฝั่งที่ migrate แล้ว)"],
  [/ \(not compared: ([^,]+), accept_loss: ([^)]*)\)/, " (ไม่เปรียบเทียบ: $1, accept_loss: $2)"],
  [
    / \(not compared: (.*?), dropped without a key, so the rollback re-adds it empty by design\)/,
    " (ไม่เปรียบเทียบ: $1 ถูกลบโดยไม่มีคีย์ การย้อนกลับจึงเพิ่มกลับมาแบบว่างตามที่ออกแบบ)",
  ],
  [
    /^down\(up\(x\)\) = x for (.*) on (\d+) generated row\(s\)/,
    "down(up(x)) = x สำหรับ $1 บนแถวที่สร้างขึ้น $2 แถว",
  ],
  [
    /^up\(down\(y\)\) = y for (.*) on (\d+) value\(s\) written after the migration/,
    "up(down(y)) = y สำหรับ $1 บนค่าที่เขียนหลัง migration $2 ค่า",
  ],
  [/: equal \((\d+) rows\)$/, ": เท่ากัน ($1 แถว)"],
  [/: equal$/, ": เท่ากัน"],
  [/: (\d+) difference\(s\)$/, ": ต่างกัน $1 จุด"],
  [/: ok$/, ": ผ่าน"],
  [/: failed$/, ": ไม่ผ่าน"],
  [
    /^(a guard|\d+ guards) fired on the generated rows \(working as intended\); the round trip was then verified on rows generated to fit the to-schema\.?$/,
    "guard หยุด migration บนแถวที่สร้างขึ้นซึ่งขัดกับมัน (ทำงานถูกต้อง) จากนั้นตรวจสอบการไปกลับบนแถวที่สร้างให้พอดีกับ to-schema",
  ],
  [/^--no-verify$/, "--no-verify"],
  [/^nothing to verify$/, "ไม่มีอะไรให้ตรวจสอบ"],
];

function applyPatterns(list: [RegExp, string][], en: string): string {
  let out = en;
  for (const [re, to] of list) out = out.replace(re, to);
  return out;
}

const VERIFY_TH: VerifyText = {
  skipped: "ข้ามไป",
  notRun: "ไม่ได้รัน",
  status: { passed: "ผ่าน", failed: "ไม่ผ่าน", guarded: "guard หยุดไว้" },
  onEngine: (e) => ` บน ${e} แบบฝังตัว`,
  rows: (r, t) => `: สร้างแถวทดสอบ ${r} แถวใน ${t} ตาราง`,
  seconds: (s) => ` ใช้เวลา ${s} วินาที`,
  compared: "สิ่งที่เปรียบเทียบ:",
  guardsWorked:
    "guard ที่ทำงานได้: หยุด migration.sql บนแถวที่สร้างขึ้นซึ่งขัดกับมัน เหมือนที่จะหยุดบนข้อมูลจริงแบบเดียวกัน:",
  fittedRows: " (บนแถวที่สร้างให้พอดีกับ to-schema)",
  differs: "สิ่งที่ต่างหรือล้มเหลว:",
  notes: "หมายเหตุ:",
  more: (n) => `... และอีก ${n} รายการ (summary.json)`,
  line: (en) => applyPatterns(TH_VERIFY_LINES, en),
};

const EN: ReportText = {
  title: "Data migration report",
  status: "Status",
  statusText: {
    ok: "migration generated",
    no_changes: "no changes: the schemas are equivalent",
    blocked: "not generated: some changes need a decision",
    refused: "generated, but --apply refused to write it",
    failed: "failed",
  },
  exitCode: "exit code",
  run: "Run",
  platform: "platform",
  spec: "Spec",
  dialect: "Dialect",
  from: "From",
  to: "To",
  chosenBy: "chosen by",
  userRules: "User rules",
  applied: "Applied",
  yes: "yes",
  noPreview: "no (preview)",
  refused: "Refused",
  changes: "Changes",
  noChanges: "No changes.",
  counts: (c) =>
    `${c.total} change(s): ${c.safe} safe, ${c.review} to review, ${c.destructive} destructive.`,
  tableHeader: "| # | kind | target | safety | reversibility | rule | reason |",
  needsDecision: "Needs a decision",
  risks: "Risks",
  roles: "Roles the migration needs",
  rolesNote:
    "The migration and its rollback grant to or give objects to these roles; they must exist " +
    "before it runs (it does not create roles: they belong to the cluster). " +
    "Create a missing one with `CREATE ROLE <name> NOLOGIN;` or set `privileges: ignore` / " +
    "`owners: ignore` in the config when roles are managed elsewhere.",
  noneFound: "None found.",
  rulesApplied: "Rules applied",
  unmanaged: "Statements not managed",
  unmanagedNote:
    "These statements were read but are not part of the model; nothing was generated for them.",
  verification: "Verification",
  notRun: "not run",
  files: "Files",
  writtenToMigrations: "Written to the migrations folder:",
  next: "Next",
  fix: "fix",
  checksums: "Checksums of the migrations folder",
  alreadyWritten: (run) =>
    `Already there: run \`${run}\` wrote this migration into the migrations folder; nothing ` +
    `was written.`,
  fixHow: () => undefined,
  sentence: (en) => en,
  verify: VERIFY_EN,
  online: {
    heading: "Online",
    atomic: "migration.sql runs as one transaction: it is atomic.",
    notAtomic: (n) =>
      `**Not atomic:** migration.sql runs in ${n} part(s) (numbered in the file). When a part ` +
      `fails, the parts before it stay applied: fix the cause, then follow the file's comments ` +
      `(they say what can be run again).`,
    rerunnable: (n) =>
      `**Not atomic:** migration.sql runs in ${n} part(s) (numbered in the file); when a part ` +
      "fails, the parts before it stay applied. Every part can run again: fix the cause and " +
      "run the whole migration.sql again. Each transactional step is recorded in " +
      "`smartspec_archive.smartspec_steps` when it commits and skipped when it is there; the " +
      "statements outside a transaction skip or redo what is done (IF [NOT] EXISTS, the backfill " +
      "progress). rollback.sql works from any point of migration.sql: it undoes only the " +
      "recorded steps and what the others left. A finished migration.sql or rollback.sql runs " +
      "again and ends in the same state (an index swapped under a temporary name is built " +
      "again).",
    part: (n, tx, steps) =>
      `part ${n}: ${
        tx ? "one transaction" : "outside a transaction (each statement commits on its own)"
      }` +
      (steps ? `, steps ${steps}` : ""),
    rollbackParts: (n) => `rollback.sql runs in ${n} part(s).`,
    longLocks: "Steps that still take a long lock",
    noLongLocks: "No step takes a long lock on an existing table.",
    lock: "lock",
    avoid: "avoided by",
    notOnline: "not made online",
    byHand: "Run by hand from a shell (with DB set to the database), in this order:",
    then: "then the rest of the file",
    equivalent: "the same change as one ALTER that blocks writes (a small table)",
    blocking: "Still blocks writes while it runs:",
  },
};

const TH: ReportText = {
  title: "รายงานการย้ายข้อมูล",
  status: "สถานะ",
  statusText: {
    ok: "สร้าง migration แล้ว",
    no_changes: "ไม่มีการเปลี่ยนแปลง: schema ทั้งสองเทียบเท่ากัน",
    blocked: "ยังไม่ได้สร้าง: มีการเปลี่ยนแปลงที่ต้องตัดสินใจก่อน",
    refused: "สร้างแล้ว แต่ --apply ปฏิเสธที่จะเขียนลงโฟลเดอร์ migrations",
    failed: "ล้มเหลว",
  },
  exitCode: "รหัสจบการทำงาน",
  run: "การรัน",
  platform: "แพลตฟอร์ม",
  spec: "สเปก",
  dialect: "ภาษา SQL",
  from: "จาก",
  to: "ไปเป็น",
  chosenBy: "เลือกโดย",
  userRules: "กฎของผู้ใช้",
  applied: "เขียนลงโฟลเดอร์ migrations",
  yes: "ใช่",
  noPreview: "ไม่ (แสดงตัวอย่างเท่านั้น)",
  refused: "ถูกปฏิเสธ",
  changes: "การเปลี่ยนแปลง",
  noChanges: "ไม่มีการเปลี่ยนแปลง",
  counts: (c) =>
    `การเปลี่ยนแปลง ${c.total} รายการ: ปลอดภัย ${c.safe}, ต้องตรวจทาน ${c.review}, ` +
    `ทำให้ข้อมูลหายได้ ${c.destructive}`,
  tableHeader: "| # | ชนิด | เป้าหมาย | ความปลอดภัย | การย้อนกลับ | กฎ | เหตุผล |",
  needsDecision: "ต้องตัดสินใจ",
  risks: "ความเสี่ยง",
  roles: "role ที่ migration ต้องใช้",
  rolesNote: "migration และการย้อนกลับให้สิทธิ์หรือมอบวัตถุให้ role เหล่านี้ ซึ่งต้องมีอยู่ก่อนรัน " +
    "(migration ไม่สร้าง role เพราะ role เป็นของ cluster) " +
    "สร้าง role ที่ขาดด้วย `CREATE ROLE <name> NOLOGIN;` หรือตั้ง `privileges: ignore` / " +
    "`owners: ignore` ใน config เมื่อจัดการ role ที่อื่น",
  noneFound: "ไม่พบ",
  rulesApplied: "กฎที่ใช้",
  unmanaged: "คำสั่งที่ไม่ได้จัดการ",
  unmanagedNote: "คำสั่งเหล่านี้ถูกอ่านแล้ว แต่ไม่อยู่ในแบบจำลอง จึงไม่มีการสร้างคำสั่งใดสำหรับคำสั่งเหล่านี้",
  verification: "การตรวจสอบ",
  notRun: "ไม่ได้รัน",
  files: "ไฟล์",
  writtenToMigrations: "เขียนลงโฟลเดอร์ migrations แล้ว:",
  next: "ขั้นตอนถัดไป",
  fix: "วิธีแก้",
  checksums: "ไฟล์ checksum ของโฟลเดอร์ migrations",
  alreadyWritten: (run) =>
    `มีอยู่แล้ว: การรัน \`${run}\` เขียน migration นี้ลงโฟลเดอร์ migrations ไปแล้ว จึงไม่ได้เขียนซ้ำ`,
  fixHow: (fix, subject) =>
    ({
      default: `ใส่ DEFAULT ให้ ${subject} (หรือให้ยอมเป็น NULL เติมค่า แล้วค่อย SET NOT NULL ภายหลัง)`,
      rename: `ยืนยันการเปลี่ยนชื่อ (หรือถ้าไม่ใช่ ให้ยืนยันการลบด้วย \`- drop: ${subject}\`)`,
      transform: `อธิบายการแปลงและการย้อนกลับเป็นนิพจน์ SQL บนคอลัมน์เดิมของ ${subject}`,
      drop: `ยืนยันการลบ ${subject} (การย้อนกลับคืนค่าจาก smartspec_archive)`,
    } as Record<string, string>)[fix],
  sentence: (en) => applyPatterns(TH_SENTENCES, en),
  online: {
    heading: "โหมดออนไลน์",
    atomic: "migration.sql ทำงานเป็นทรานแซกชันเดียว: เป็น atomic",
    notAtomic: (n) =>
      `**ไม่ atomic:** migration.sql ทำงานเป็น ${n} ส่วน (มีหมายเลขในไฟล์) ถ้าส่วนใดล้มเหลว ` +
      `ส่วนก่อนหน้ายังคงมีผลอยู่: แก้สาเหตุ แล้วทำตามความเห็นในไฟล์ ` +
      `(บอกว่าส่วนใดรันซ้ำได้)`,
    rerunnable: (n) =>
      `**ไม่ atomic:** migration.sql ทำงานเป็น ${n} ส่วน (มีหมายเลขในไฟล์) ถ้าส่วนใดล้มเหลว ` +
      "ส่วนก่อนหน้ายังคงมีผลอยู่ แต่ทุกส่วนรันซ้ำได้: แก้สาเหตุแล้วรัน migration.sql ทั้งไฟล์อีกครั้ง " +
      "ขั้นตอนในทรานแซกชันแต่ละขั้นถูกบันทึกใน `smartspec_archive.smartspec_steps` เมื่อ commit " +
      "และถูกข้ามเมื่อมีบันทึกอยู่แล้ว คำสั่งนอกทรานแซกชันข้ามหรือทำซ้ำสิ่งที่ทำไปแล้ว " +
      "(IF [NOT] EXISTS, ตารางความคืบหน้าของ backfill) rollback.sql ใช้ได้จากทุกจุดของ " +
      "migration.sql: ย้อนเฉพาะขั้นตอนที่บันทึกไว้และสิ่งที่ขั้นตอนอื่นทิ้งไว้ การรัน " +
      "migration.sql หรือ rollback.sql ที่เสร็จแล้วซ้ำจะได้สถานะเดิม " +
      "(index ที่สลับด้วยชื่อชั่วคราวจะถูกสร้างใหม่อีกครั้ง)",
    part: (n, tx, steps) =>
      `ส่วนที่ ${n}: ${tx ? "ทรานแซกชันเดียว" : "นอกทรานแซกชัน (แต่ละคำสั่ง commit เอง)"}` +
      (steps ? `, ขั้นตอน ${steps}` : ""),
    rollbackParts: (n) => `rollback.sql ทำงานเป็น ${n} ส่วน`,
    longLocks: "ขั้นตอนที่ยังล็อกตารางนาน",
    noLongLocks: "ไม่มีขั้นตอนใดล็อกตารางที่มีอยู่แล้วเป็นเวลานาน",
    lock: "ล็อก",
    avoid: "เลี่ยงได้โดย",
    notOnline: "ไม่ได้ทำแบบออนไลน์",
    byHand: "รันเองจาก shell (ตั้ง DB เป็นชื่อฐานข้อมูล) ตามลำดับนี้:",
    then: "จากนั้นรันส่วนที่เหลือของไฟล์",
    equivalent: "การเปลี่ยนแปลงเดียวกันเป็น ALTER เดียวที่บล็อกการเขียน (ตารางเล็ก)",
    blocking: "ยังบล็อกการเขียนระหว่างรัน:",
  },
  verify: VERIFY_TH,
};

/** The fixed text of a report in `lang`. */
export function reportText(lang: Lang): ReportText {
  return lang === "th" ? TH : EN;
}
