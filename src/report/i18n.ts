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
}

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
};

/** The fixed text of a report in `lang`. */
export function reportText(lang: Lang): ReportText {
  return lang === "th" ? TH : EN;
}
