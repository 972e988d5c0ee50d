/**
 * PostgreSQL DDL -> schema model, with the real PostgreSQL parser (libpg-query, WASM).
 * Statements the model does not manage are listed in `schema.unmanaged`, never dropped.
 * @module
 */
import { applySearchPath } from "./pg_search_path.ts";
import { loadPgParser, parsePgSync } from "./pg_wasm.ts";
import { InputError } from "../../../errors.ts";
import {
  type Column,
  type ColumnType,
  type Constraint,
  emptySchema,
  type EnumType,
  type Expr,
  type Index,
  type IndexElem,
  indexKey,
  qkey,
  type QName,
  type Schema,
  type Sequence,
  type Table,
} from "../../../model/schema.ts";
import {
  canonicalTypeName,
  isSerialSpelling,
  sameType,
  type TypeFacts,
  typeFacts,
} from "../../../model/types.ts";
import { nameAddition, NameRegistry } from "./pg_names.ts";
import { deparseExpr, makeExpr, type Node, stripLocations, sval } from "./pg_expr.ts";
import { rangeVarName, type StmtCtx } from "./pg_host.ts";
import {
  alterDomain,
  collationName,
  comment,
  createAggregate,
  createCollation,
  createComposite,
  createDomain,
  createFunction,
  createMaterializedView,
  createPolicy,
  createRange,
  createTrigger,
  createView,
  relOptions,
} from "./pg_objects.ts";
import { canonicalKey, canonicalTypeNames, implicitColumnName } from "./pg_normalize.ts";
import { finishSchema, partitionBound, partitionSpec } from "./pg_finish.ts";
import { likeColumns, type LikeHost } from "./pg_like.ts";
import { keepParse, parseReusing, type RawStmt } from "./pg_reuse.ts";
import {
  type BuiltTable,
  copyModel,
  keepBuilt,
  markShared,
  shiftLines,
  takeBuilt,
} from "./pg_built.ts";
import { dropStatement } from "./pg_drop.ts";
import {
  alterDefaultPrivileges,
  alterOwner,
  changeRelationOwner,
  finishPrivileges,
  grantStatement,
} from "./pg_privileges.ts";
import {
  blankPsqlMetaCommands,
  collectHints,
  lineCommentStart,
  type RenameHint,
  SourceText,
} from "../../../parse/source.ts";

let loaded: Promise<void> | undefined;

/** Loads the parser's WASM module once. */
export function initPostgresParser(): Promise<void> {
  return loaded ??= loadPgParser();
}

const FK_ACTIONS: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};
const FK_MATCH: Record<string, string> = { s: "SIMPLE", f: "FULL", p: "PARTIAL" };

const IGNORED_SETTINGS = new Set(["VariableSetStmt"]);
/** ALTER TABLE commands on a column that an inheritance child takes from its parent. */
const INHERITED_COLUMN_CMDS = new Set([
  "AT_ColumnDefault",
  "AT_SetNotNull",
  "AT_DropNotNull",
  "AT_SetStorage",
  "AT_SetStatistics",
]);
/**
 * {@link PgModelBuilder.typeOf} of a type name without modifiers or array bounds, by its
 * qualifier (undefined for a one-part name), then its last part: a type depends on nothing
 * else, and types are never changed after they are made.
 */
const SIMPLE_TYPES = new Map<
  string | undefined,
  Map<string, { type: ColumnType; serial: boolean }>
>();
/** {@link PgModelBuilder.typeOf} of the other type names whose modifiers are constants. */
const MODIFIED_TYPES = new Map<string, { type: ColumnType; serial: boolean }>();

/**
 * Type modifiers that are integer constants, as a key (`80`, `12,2`; empty for none), else
 * undefined (an expression, read by deparsing).
 */
function constantTypmods(typmods: Node[] | undefined): string | undefined {
  if (!typmods) return "";
  let out = "";
  for (let i = 0; i < typmods.length; i++) {
    const c = typmods[i].A_Const;
    if (!c || !("ival" in c)) return undefined;
    out += i ? `,${c.ival.ival ?? 0}` : `${c.ival.ival ?? 0}`;
  }
  return out;
}
const NUMERIC_TYPES = new Set(["int2", "int4", "int8", "numeric", "float4", "float8"]);

/**
 * Parses PostgreSQL DDL text into the schema model. Call `initPostgresParser()` first. With
 * `reference` (the schema of the pair's other file, parsed before), the statements both files
 * hold are parsed once (`pg_reuse.ts`).
 */
export function parsePostgres(input: string, file: string, reference?: Schema): Schema {
  // pg_dump writes psql meta-commands (\restrict ...) that are not SQL
  const text = blankPsqlMetaCommands(input);
  const src = new SourceText(text, file);
  let stmts = reference ? parseReusing(src, reference) : undefined;
  if (!stmts) {
    let tree: Node;
    try {
      tree = parsePgSync(text);
    } catch (e) {
      // the parser refuses a file with no statement at all; that is an empty schema
      const err = e as { message?: string; sqlDetails?: { cursorPosition?: number } };
      // (an unterminated /* comment is not blank: it hides everything after it)
      if (isBlankSql(text) && !/unterminated/i.test(err.message ?? "")) {
        return emptySchema("postgresql", file);
      }
      const pos = err.sqlDetails?.cursorPosition;
      let line: number | undefined, column: number | undefined;
      if (pos !== undefined && pos >= 0) {
        const before = text.slice(0, pos);
        line = before.split("\n").length;
        column = pos - before.lastIndexOf("\n");
      }
      throw new InputError(`SQL syntax error: ${err.message ?? String(e)}`, { file, line, column });
    }
    stmts = (tree.stmts ?? []) as RawStmt[];
  }
  applySearchPath(stmts);
  const schema = new PgModelBuilder(src, reference ? "take" : "keep").build(stmts);
  if (!reference) keepParse(schema, src, stmts);
  return schema;
}

/** True when a SQL text holds no statement (only blanks, comments and semicolons). */
export function isBlankSql(text: string): boolean {
  const src = new SourceText(text, "");
  let i = 0;
  for (;;) {
    i = src.skipBlank(i);
    if (src.sliceBytes(i, i + 1) === ";") i++;
    else break;
  }
  return src.sliceBytes(i).length === 0;
}

class PgModelBuilder implements LikeHost {
  readonly src: SourceText;
  readonly schema: Schema;
  readonly facts: TypeFacts = typeFacts("postgresql");
  readonly names = new NameRegistry();
  readonly hints: Map<number, RenameHint>;
  readonly usedHints = new Set<number>();
  /** Lines that hold only a hint comment. */
  readonly hintOnlyLines = new Set<number>();
  /** Index partitions attached to a parent index (`ALTER INDEX ... ATTACH PARTITION`). */
  readonly attachedIndexes = new Set<string>();

  /** Added to the locations of the statement being read (a tree taken from the other file). */
  private locDelta = 0;
  /** The lines that hold a hint, in order. */
  private readonly hintLines: number[];
  /**
   * The CREATE TABLE being built reads nothing else of its file, so far (`pg_built.ts`); set
   * while a table is built to be kept.
   */
  private keeping: { selfContained: boolean; sequences: Sequence[] } | undefined;

  /**
   * `reuse`: `keep` (the first file of a pair) keeps what its CREATE TABLE statements built,
   * `take` (the second) takes it for the statements it shares with the first (`pg_built.ts`).
   */
  constructor(src: SourceText, readonly reuse?: "keep" | "take") {
    this.src = src;
    this.schema = emptySchema("postgresql", src.file);
    this.hints = collectHints(src.text);
    for (const l of this.hints.keys()) {
      if (/^\s*--\s*@renamed/.test(this.src.lineText(l))) this.hintOnlyLines.add(l);
    }
    this.hintLines = [...this.hints.keys()].sort((a, b) => a - b);
  }

  /** True when a hint is on the statement's lines or on the line before it. */
  private hintsNear(ctx: StmtCtx): boolean {
    const lines = this.hintLines;
    if (lines.length === 0) return false;
    // the first hint line at or after the line before the statement
    let lo = 0, hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lines[mid] < ctx.line - 1) lo = mid + 1;
      else hi = mid;
    }
    // (a statement the text's end closes: its end line is not known)
    return lo < lines.length && (ctx.end === undefined || lines[lo] <= ctx.endLine);
  }

  build(stmts: RawStmt[]): Schema {
    for (const raw of stmts) {
      this.locDelta = raw.locDelta ?? 0;
      const start = this.src.skipBlank(raw.stmt_location ?? 0);
      const end = raw.stmt_len ? (raw.stmt_location ?? 0) + raw.stmt_len : undefined;
      const line = this.src.lineOfByte(start);
      const endLine = this.src.lineOfByte(end ?? start);
      const [kind] = Object.keys(raw.stmt);
      const node = raw.stmt[kind];
      const ctx: StmtCtx = { line, endLine, start, end, kind };
      if (raw.searchPath) ctx.searchPath = raw.searchPath;
      this.statement(kind, node, ctx);
    }
    this.locDelta = 0;
    this.resolveSequences();
    finishSchema(this.schema, this.attachedIndexes);
    finishPrivileges(this.schema);
    return this.schema;
  }

  text(ctx: StmtCtx): string {
    return this.src.sliceBytes(ctx.start, ctx.end).trim();
  }

  unmanaged(
    ctx: StmtCtx,
    reason: string,
    category: "ignored" | "unmanaged" = "unmanaged",
  ): void {
    const t = this.text(ctx);
    this.schema.unmanaged.push({
      kind: ctx.kind,
      line: ctx.line,
      text: t.length > 300 ? t.slice(0, 300) + " ..." : t,
      reason,
      category,
    });
  }

  private hintAt(line: number): string | undefined {
    if (this.hints.size === 0) return undefined;
    let h = this.hints.get(line);
    let at = line;
    if (!h && this.hints.has(line - 1) && this.hintOnlyLines.has(line - 1)) {
      // a hint alone on the line before the definition
      h = this.hints.get(line - 1);
      at = line - 1;
    }
    if (h) this.usedHints.add(at);
    return h?.from;
  }

  lineOf(loc: number | undefined, fallback: number): number {
    return loc === undefined || loc < 0 ? fallback : this.src.lineOfByte(loc + this.locDelta);
  }

  private qname(rv: Node): QName {
    return rangeVarName(rv);
  }

  private anyName(list: Node[]): QName {
    const parts = list.map(sval);
    return parts.length > 1
      ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] }
      : { schema: "public", name: parts[0] };
  }

  private statement(kind: string, node: Node, ctx: StmtCtx): void {
    switch (kind) {
      case "CreateStmt":
        return this.createTable(node, ctx);
      case "IndexStmt":
        return this.createIndex(node, ctx);
      case "CreateEnumStmt":
        return this.createEnum(node, ctx);
      case "CreateSeqStmt":
        return this.createSequence(node, ctx);
      case "AlterSeqStmt":
        return this.alterSequence(node, ctx);
      case "AlterTableStmt":
        return this.alterTable(node, ctx);
      case "CreateSchemaStmt":
        if (node.schemaElts?.length) {
          return this.unmanaged(ctx, "CREATE SCHEMA with embedded elements is not managed yet");
        }
        if (!this.schema.schemas.includes(node.schemaname)) {
          this.schema.schemas.push(node.schemaname);
        }
        return;
      case "CreateExtensionStmt":
        if (!this.schema.extensions.includes(node.extname)) {
          this.schema.extensions.push(node.extname);
        }
        return;
      case "SelectStmt":
        if (this.isSetConfig(node)) return;
        return this.unmanaged(ctx, "queries change nothing in the catalog", "ignored");
      case "ViewStmt":
        return createView(this, node, ctx);
      case "CreateTableAsStmt":
        return createMaterializedView(this, node, ctx);
      case "CreateFunctionStmt":
        return createFunction(this, node, ctx);
      case "CreateTrigStmt":
        return createTrigger(this, node, ctx);
      case "CreatePolicyStmt":
        return createPolicy(this, node, ctx);
      case "CreateDomainStmt":
        return createDomain(this, node, ctx);
      case "AlterDomainStmt":
        return alterDomain(this, node, ctx);
      case "CompositeTypeStmt":
        return createComposite(this, node, ctx);
      case "CreateRangeStmt":
        return createRange(this, node, ctx);
      case "DropStmt":
        return dropStatement(this, node, ctx);
      case "DefineStmt":
        if (node.kind === "OBJECT_COLLATION") return createCollation(this, node, ctx);
        if (node.kind === "OBJECT_AGGREGATE") return createAggregate(this, node, ctx);
        return this.unmanaged(ctx, "this kind of statement is not managed yet");
      case "CommentStmt":
        return comment(this, node, ctx);
      case "AlterEnumStmt":
        return this.alterEnum(node, ctx);
      case "AlterOwnerStmt":
        return alterOwner(this, node, ctx);
      case "GrantStmt":
        return grantStatement(this, node, ctx);
      case "AlterDefaultPrivilegesStmt":
        return alterDefaultPrivileges(this, node, ctx);
      case "GrantRoleStmt":
        return this.unmanaged(ctx, "role membership belongs to the cluster", "ignored");
      case "CreateRoleStmt":
      case "AlterRoleStmt":
        return this.unmanaged(ctx, "roles belong to the cluster, not the schema", "ignored");
      case "RefreshMatViewStmt":
        return this.unmanaged(ctx, "refreshing a materialized view changes data only", "ignored");
      default:
        if (IGNORED_SETTINGS.has(kind)) return;
        return this.unmanaged(ctx, "this kind of statement is not managed yet");
    }
  }

  private alterEnum(node: Node, ctx: StmtCtx): void {
    const q = this.anyName(node.typeName);
    const e = this.schema.enums.get(qkey(q));
    if (!e) return this.unmanaged(ctx, `ALTER TYPE on ${q.name}, which this file does not create`);
    if (node.oldVal !== undefined) {
      e.values = e.values.map((v) => (v === node.oldVal ? node.newVal : v));
      return;
    }
    if (e.values.includes(node.newVal)) return;
    const at = node.newValNeighbor !== undefined ? e.values.indexOf(node.newValNeighbor) : -1;
    if (at < 0) e.values.push(node.newVal);
    else e.values.splice(node.newValIsAfter ? at + 1 : at, 0, node.newVal);
  }

  private isSetConfig(node: Node): boolean {
    const targets = node.targetList ?? [];
    return !node.fromClause && targets.length > 0 && targets.every((t: Node) => {
      const fc = t.ResTarget?.val?.FuncCall;
      const name = fc?.funcname?.map(sval).join(".");
      return name === "set_config" || name === "pg_catalog.set_config";
    });
  }

  // ---------------------------------------------------------------- types

  typeOf(tn: Node): { type: ColumnType; serial: boolean } {
    // most types are a name without modifiers or array bounds: read once per name (per process)
    const names = tn.names as Node[] | undefined;
    if (names && (names.length === 1 || names.length === 2) && !tn.typmods && !tn.arrayBounds) {
      // by name parts, in nested maps (no key string made for each column)
      let byLast = SIMPLE_TYPES.get(names.length === 1 ? undefined : sval(names[0]));
      if (!byLast) {
        SIMPLE_TYPES.set(names.length === 1 ? undefined : sval(names[0]), byLast = new Map());
      }
      const last = sval(names[names.length - 1]);
      let known = byLast.get(last);
      if (!known) {
        byLast.set(last, known = this.newTypeOf(tn));
        markShared(known.type);
      }
      return known;
    }
    // varchar(80), numeric(12, 2), text[]: by name, constant modifiers and array dimensions
    const mods = names && (names.length === 1 || names.length === 2)
      ? constantTypmods(tn.typmods)
      : undefined;
    if (!names || mods === undefined) return this.newTypeOf(tn);
    const key = `${names.length === 1 ? "" : sval(names[0])}\0${
      sval(names[names.length - 1])
    }\0${mods}\0${tn.arrayBounds?.length ?? 0}`;
    let known = MODIFIED_TYPES.get(key);
    if (!known) {
      MODIFIED_TYPES.set(key, known = this.newTypeOf(tn));
      markShared(known.type);
    }
    return known;
  }

  private newTypeOf(tn: Node): { type: ColumnType; serial: boolean } {
    const parts: string[] = (tn.names ?? []).map(sval);
    // public.citext, public.mood: the default schema, as pg_dump writes it
    if (parts.length === 2 && parts[0] === "public") parts.shift();
    const mods: number[] = (tn.typmods ?? []).map((m: Node) => {
      const c = m.A_Const;
      if (c?.ival) return c.ival.ival ?? 0;
      if (c && "ival" in c) return 0;
      return Number(deparseExpr(m));
    });
    const arrayDims = tn.arrayBounds?.length ?? 0;
    const last = parts[parts.length - 1];
    const qualifiedBuiltin = parts.length === 2 && parts[0] === "pg_catalog";
    if (parts.length === 1 || qualifiedBuiltin) {
      if (parts.length === 1 && isSerialSpelling(last, this.facts)) {
        return {
          type: { name: canonicalTypeName(last, this.facts)!, mods: [], arrayDims },
          serial: true,
        };
      }
      const canon = canonicalTypeName(last, this.facts);
      if (canon) {
        let m = mods;
        // interval fields/precision and timestamp precision are kept as written
        if (canon === "bpchar" && m.length === 0 && qualifiedBuiltin) m = [1];
        if (canon === "bit" && m.length === 0) m = [1];
        return { type: { name: canon, mods: m, arrayDims }, serial: false };
      }
      if (qualifiedBuiltin) return { type: { name: last, mods, arrayDims }, serial: false };
    }
    // a user-defined type (enum, domain, extension type)
    const schema = parts.length > 1 ? parts[parts.length - 2] : "public";
    if (this.schema.enums.has(`${schema}.${last}`) || parts.length > 1) {
      return { type: { name: last, schema, mods, arrayDims }, serial: false };
    }
    // unknown unqualified name: an extension type (citext, hstore ...) or a type defined later
    return { type: { name: last, schema, mods, arrayDims }, serial: false };
  }

  // ---------------------------------------------------------------- tables

  private createTable(node: Node, ctx: StmtCtx): void {
    if (this.reuse === "take") {
      const b = takeBuilt(node);
      if (b && this.takeTable(node, b, ctx)) return;
      return void this.buildTable(node, ctx);
    }
    if (this.reuse !== "keep" || this.hintsNear(ctx)) return void this.buildTable(node, ctx);
    const unmanaged = this.schema.unmanaged.length;
    const keeping = this.keeping = { selfContained: true, sequences: [] };
    const names = this.names.log = [];
    let table: Table | undefined;
    try {
      table = this.buildTable(node, ctx);
    } finally {
      this.keeping = undefined;
      this.names.log = undefined;
    }
    if (table && keeping.selfContained && this.schema.unmanaged.length === unmanaged) {
      keepBuilt(node, {
        table: copyModel(table),
        sequences: copyModel(keeping.sequences),
        names,
        line: ctx.line,
      });
    }
  }

  /**
   * The table the first file built of the same node, at this statement's lines; false (nothing
   * done) when it cannot be taken: the table exists already, a hint is near, or an implicit
   * name comes out differently here.
   */
  private takeTable(node: Node, b: BuiltTable, ctx: StmtCtx): boolean {
    const key = qkey(this.qname(node.relation));
    if (this.schema.tables.has(key) || this.hintsNear(ctx) || !this.names.replay(b.names)) {
      return false;
    }
    // (the copy is this model's: the first file's model has its own)
    const delta = ctx.line - b.line;
    shiftLines(b.table, delta);
    shiftLines(b.sequences, delta);
    this.schema.tables.set(key, b.table);
    for (const s of b.sequences) this.schema.sequences.set(qkey(s), s);
    return true;
  }

  /** Builds a CREATE TABLE statement's table; returns it when the statement made one. */
  private buildTable(node: Node, ctx: StmtCtx): Table | undefined {
    const q = this.qname(node.relation);
    if (node.ofTypename) {
      this.unmanaged(ctx, "typed tables (OF type) are not managed yet");
      return;
    }
    if (node.relation.relpersistence === "t") {
      this.unmanaged(ctx, "temporary tables are not part of the schema");
      return;
    }
    const key = qkey(q);
    if (this.schema.tables.has(key)) {
      if (node.if_not_exists) return;
      throw new InputError(`table ${q.name} is defined twice`, {
        file: this.src.file,
        line: ctx.line,
      });
    }
    const tableLine = this.lineOf(node.relation.location, ctx.line);
    const table: Table = {
      ...q,
      columns: [],
      constraints: [],
      line: tableLine,
      renamedFrom: this.hintAt(tableLine),
    };
    const options = relOptions(node.options);
    if (Object.keys(options).length) table.options = options;
    if (node.relation.relpersistence === "u") table.unlogged = true;
    if (node.partspec) table.partitionBy = partitionSpec(node.partspec);
    const parents = (node.inhRelations ?? []).map((r: Node) => this.qname(r.RangeVar ?? r));
    if (node.partbound) {
      table.partitionOf = { parent: parents[0], ...partitionBound(node.partbound) };
    } else if (parents.length) table.inherits = parents;
    this.schema.tables.set(key, table);
    this.names.addRelation(q.schema, q.name);

    const pending: { c: Node; column?: string; line: number }[] = [];
    const deferred: (() => void)[] = [];
    for (const elt of node.tableElts ?? []) {
      if (elt.ColumnDef && table.partitionOf) {
        // a partition's columns are its parent's; column options are not managed
        this.unmanaged(ctx, "column options of a partition are not managed yet");
      } else if (elt.ColumnDef) {
        const col = this.columnDef(table, elt.ColumnDef, ctx);
        for (const c of foldConstraintAttributes(elt.ColumnDef.constraints)) {
          pending.push({
            c: c.Constraint,
            column: col.name,
            line: this.lineOf(c.Constraint.location, col.line),
          });
        }
      } else if (elt.Constraint) {
        pending.push({
          c: elt.Constraint,
          line: this.lineOf(elt.Constraint.location, ctx.line),
        });
      } else if (elt.TableLikeClause) {
        // (copies another table)
        if (this.keeping) this.keeping.selfContained = false;
        const after = likeColumns(this, table, elt.TableLikeClause, ctx);
        if (after) deferred.push(after);
      } else {
        this.unmanaged(ctx, `table element ${Object.keys(elt)[0]} is not managed yet`);
      }
    }
    // PostgreSQL names index-backed constraints first, then checks, then foreign keys.
    const order = (c: Node) =>
      c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE" ||
        c.contype === "CONSTR_EXCLUSION"
        ? 0
        : c.contype === "CONSTR_CHECK"
        ? 1
        : 2;
    for (const p of pending.filter((p) => p.c.conname)) this.reserveName(q.schema, p.c);
    for (const p of [...pending].sort((a, b) => order(a.c) - order(b.c))) {
      this.tableConstraint(table, p.c, p.column, p.line, ctx);
    }
    for (const d of deferred) d();
    return table;
  }

  private reserveName(schema: string, c: Node): void {
    if (
      c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE" ||
      c.contype === "CONSTR_EXCLUSION"
    ) {
      this.names.addRelation(schema, c.conname);
    }
    this.names.addConstraint(schema, c.conname);
  }

  private columnDef(table: Table, def: Node, ctx: StmtCtx): Column {
    const { type, serial } = this.typeOf(def.typeName);
    const line = this.lineOf(def.location, ctx.line);
    if (table.columns.some((c) => c.name === def.colname)) {
      throw new InputError(`column ${table.name}.${def.colname} is defined twice`, {
        file: this.src.file,
        line,
      });
    }
    const col: Column = { name: def.colname, type, notNull: false, line };
    col.renamedFrom = this.hintAt(line);
    if (def.collClause) col.collation = collationName(def.collClause.collname);
    if (!col.collation) delete col.collation;
    if (serial) {
      col.serial = true;
      col.notNull = true;
      const seq = this.names.chooseSequenceName(table.schema, table.name, col.name);
      col.sequence = seq;
      this.addOwnedSequence(table, col, seq, type.name, line);
    }
    for (const cn of def.constraints ?? []) {
      const c = cn.Constraint;
      switch (c.contype) {
        case "CONSTR_NOTNULL":
          col.notNull = true;
          break;
        case "CONSTR_NULL":
          col.notNull = false;
          break;
        case "CONSTR_DEFAULT":
          col.default = this.defaultExpr(c.raw_expr, col.type);
          break;
        case "CONSTR_IDENTITY": {
          col.identity = c.generated_when === "a" ? "always" : "by default";
          col.notNull = true;
          const seq = this.names.chooseSequenceName(table.schema, table.name, col.name);
          col.sequence = seq;
          const s = this.addOwnedSequence(table, col, seq, type.name, line);
          this.sequenceOptions(s, c.options ?? []);
          break;
        }
        case "CONSTR_GENERATED":
          col.generated = makeExpr(c.raw_expr);
          break;
        case "CONSTR_PRIMARY":
          col.notNull = true;
          break;
        default:
          break; // table-level handling (unique, check, fk) and attributes
      }
    }
    table.columns.push(col);
    return col;
  }

  /** A default expression, with a redundant cast of a constant to the column's own type removed. */
  defaultExpr(raw: Node, colType: ColumnType): Expr {
    let node = raw;
    const tc = raw?.TypeCast;
    if (tc?.arg?.A_Const) {
      const { type } = this.typeOf(tc.typeName);
      // 'y'::character varying on a varchar(10) column: the cast names the type without length
      const sameBase = type.name === colType.name && type.schema === colType.schema &&
        type.arrayDims === colType.arrayDims && (type.mods.length === 0 || sameType(type, colType));
      if (sameBase) {
        node = tc.arg;
        // '-1'::integer is how PostgreSQL prints a negative number
        const v = node.A_Const.sval?.sval as string | undefined;
        if (v !== undefined && NUMERIC_TYPES.has(colType.name) && /^-?\d+(\.\d+)?$/.test(v)) {
          node = /^-?\d+$/.test(v) && Math.abs(Number(v)) < 2 ** 31
            ? { A_Const: { ival: Number(v) === 0 ? {} : { ival: Number(v) } } }
            : { A_Const: { fval: { fval: v } } };
        }
      }
    }
    return makeExpr(node);
  }

  /** Canonical key of an index (for copies made by LIKE). */
  indexKeyOf(i: Omit<Index, "key">): string {
    return indexKey(i);
  }

  addOwnedSequence(
    table: Table,
    col: Column,
    name: string,
    typeName: string,
    line: number,
  ): Sequence {
    const s: Sequence = {
      schema: table.schema,
      name,
      ownedBy: { table: { schema: table.schema, name: table.name }, column: col.name },
      implicit: true,
      dataType: typeName,
      line,
    };
    this.schema.sequences.set(qkey(s), s);
    this.keeping?.sequences.push(s);
    return s;
  }

  private tableConstraint(
    table: Table,
    c: Node,
    column: string | undefined,
    line: number,
    _ctx: StmtCtx,
  ): void {
    const schema = table.schema;
    const base = {
      deferrable: c.deferrable || undefined,
      initiallyDeferred: c.initdeferred || undefined,
      notValid: c.skip_validation || undefined,
      line,
      renamedFrom: c.conname ? this.hintAt(line) : undefined,
    };
    let explicit = c.conname as string | undefined;
    let keys = (c.keys ?? []).map(sval) as string[];
    if (c.indexname && (c.contype === "CONSTR_PRIMARY" || c.contype === "CONSTR_UNIQUE")) {
      // ADD CONSTRAINT ... USING INDEX: the index becomes the constraint's (and takes its name)
      if (this.keeping) this.keeping.selfContained = false;
      const idx = this.schema.indexes.get(`${schema}.${c.indexname}`);
      if (idx) {
        keys = idx.keys.map((k) => k.column ?? "");
        this.schema.indexes.delete(`${schema}.${c.indexname}`);
      }
      explicit ??= c.indexname;
    }
    switch (c.contype) {
      case "CONSTR_PRIMARY": {
        const columns = keys.length ? keys : [column!];
        for (const n of columns) {
          const col = table.columns.find((x) => x.name === n);
          if (col) col.notNull = true;
        }
        const name = explicit ?? this.names.chooseIndexName(schema, table.name, undefined, "pkey");
        this.addConstraint(table, {
          ...base,
          name,
          implicitName: !explicit,
          kind: "primary",
          columns,
        });
        return;
      }
      case "CONSTR_UNIQUE": {
        const columns = keys.length ? keys : [column!];
        const name = explicit ??
          this.names.chooseIndexName(schema, table.name, nameAddition(columns), "key");
        this.addConstraint(table, {
          ...base,
          name,
          implicitName: !explicit,
          kind: "unique",
          columns,
          ...(c.nulls_not_distinct ? { nullsNotDistinct: true } : {}),
        });
        return;
      }
      case "CONSTR_CHECK": {
        const expr = makeExpr(c.raw_expr);
        const cols = expr.columns;
        const name = explicit ??
          this.names.chooseConstraintName(
            schema,
            table.name,
            cols.length === 1 ? cols[0] : undefined,
            "check",
          );
        this.addConstraint(table, {
          ...base,
          name,
          implicitName: !explicit,
          kind: "check",
          // (its own array: the expression's is shared by every table that has it)
          columns: [...cols],
          expr,
        });
        return;
      }
      case "CONSTR_FOREIGN": {
        const columns = c.fk_attrs?.length ? c.fk_attrs.map(sval) : [column!];
        const refTable = this.qname(c.pktable);
        let refCols: string[] = (c.pk_attrs ?? []).map(sval);
        if (refCols.length === 0) {
          // REFERENCES t without columns means t's primary key (another table's)
          if (this.keeping) this.keeping.selfContained = false;
          const t = this.schema.tables.get(qkey(refTable));
          refCols = t?.constraints.find((k) => k.kind === "primary")?.columns ?? [];
          if (refCols.length === 0) {
            throw new InputError(
              `foreign key on ${table.name} references ${refTable.name} without columns, ` +
                `and ${refTable.name} has no primary key defined before it`,
              { file: this.src.file, line },
            );
          }
        }
        const name = explicit ??
          this.names.chooseConstraintName(schema, table.name, nameAddition(columns), "fkey");
        this.addConstraint(table, {
          ...base,
          name,
          implicitName: !explicit,
          kind: "foreign",
          columns,
          ref: { table: refTable, columns: refCols },
          onDelete: FK_ACTIONS[c.fk_del_action ?? "a"],
          onUpdate: FK_ACTIONS[c.fk_upd_action ?? "a"],
          match: FK_MATCH[c.fk_matchtype ?? "s"],
        });
        return;
      }
      case "CONSTR_EXCLUSION": {
        const elems = ((c.exclusions ?? []) as Node[]).map((e) => e.List?.items?.[0]?.IndexElem);
        const name = explicit ??
          this.names.chooseIndexName(
            schema,
            table.name,
            nameAddition(elems.map((e) => e?.name ?? implicitColumnName(e?.expr) ?? "expr")),
            "excl",
          );
        // the definition without name and deferrability (those are rendered separately)
        const def = { ...c, conname: undefined, deferrable: undefined, initdeferred: undefined };
        const exclusions = (c.exclusions ?? []) as Node[];
        this.addConstraint(table, {
          ...base,
          name,
          implicitName: !explicit,
          kind: "exclude",
          columns: exclusions.map((e) => e.List?.items?.[0]?.IndexElem?.name).filter(Boolean),
          rawDef: deparseExpr({ Constraint: stripLocations(def) }),
          rawKey: canonicalKey({ ...def, location: undefined }),
        });
        return;
      }
      default:
        return; // NOT NULL, DEFAULT, attributes: handled on the column
    }
  }

  private addConstraint(table: Table, c: Constraint): void {
    if (table.constraints.some((x) => x.name === c.name)) {
      throw new InputError(`constraint ${c.name} is defined twice on ${table.name}`, {
        file: this.src.file,
        line: c.line,
      });
    }
    table.constraints.push(c);
  }

  // ---------------------------------------------------------------- ALTER TABLE

  private alterTable(node: Node, ctx: StmtCtx): void {
    const cmds = (node.cmds ?? []).map((c: Node) => c.AlterTableCmd) as Node[];
    const q = this.qname(node.relation);
    if (cmds.length && cmds.every((c) => c.subtype === "AT_ChangeOwner")) {
      for (const c of cmds) changeRelationOwner(this, q, c.newowner, ctx);
      return;
    }
    if (node.objtype === "OBJECT_INDEX" && cmds.every((c) => c.subtype === "AT_AttachPartition")) {
      // an index of a partition attached to its parent's index: implied by the parent's
      for (const c of cmds) this.attachedIndexes.add(qkey(this.qname(c.def.PartitionCmd.name)));
      return;
    }
    const storageOnly = (c: Node) =>
      c.subtype === "AT_SetRelOptions" || c.subtype === "AT_ResetRelOptions";
    if (node.objtype === "OBJECT_INDEX" && cmds.length && cmds.every(storageOnly)) {
      const idx = this.schema.indexes.get(qkey(q));
      if (idx) return this.indexOptions(idx, cmds);
    }
    if (node.objtype && node.objtype !== "OBJECT_TABLE") {
      return this.unmanaged(
        ctx,
        `ALTER ${String(node.objtype).replace("OBJECT_", "")} is not managed yet`,
      );
    }
    const table = this.schema.tables.get(qkey(q));
    if (!table) {
      if (this.schema.sequences.has(qkey(q))) {
        return this.unmanaged(ctx, "ALTER TABLE on a sequence is not managed");
      }
      return this.unmanaged(ctx, `ALTER TABLE on ${q.name}, which this file does not create`);
    }
    for (const cmd of cmds) {
      const col = cmd.name ? table.columns.find((c) => c.name === cmd.name) : undefined;
      const trigger = cmd.name ? this.schema.triggers.get(`${qkey(table)}.${cmd.name}`) : undefined;
      if (!col && cmd.name && INHERITED_COLUMN_CMDS.has(cmd.subtype)) {
        // pg_dump repeats an inherited column's default on the child: it comes with the parent
        if (this.inheritedColumn(table, cmd.name)) continue;
      }
      switch (cmd.subtype) {
        case "AT_EnableRowSecurity":
          table.rls = true;
          break;
        case "AT_DisableRowSecurity":
          delete table.rls;
          break;
        case "AT_ForceRowSecurity":
          table.forceRls = true;
          break;
        case "AT_NoForceRowSecurity":
          delete table.forceRls;
          break;
        case "AT_SetRelOptions":
          table.options = Object.fromEntries(
            Object.entries({ ...table.options, ...relOptions(cmd.def?.List?.items) })
              .sort(([a], [b]) => a.localeCompare(b)),
          );
          break;
        case "AT_ResetRelOptions": {
          const o = { ...table.options };
          for (const k of Object.keys(relOptions(cmd.def?.List?.items))) delete o[k];
          if (Object.keys(o).length) table.options = o;
          else delete table.options;
          break;
        }
        case "AT_SetLogged":
          delete table.unlogged;
          break;
        case "AT_ReplicaIdentity": {
          const r = cmd.def?.ReplicaIdentityStmt ?? {};
          const kind = { f: "full", n: "nothing", i: "index" }[String(r.identity_type)] as
            | "full"
            | "nothing"
            | "index"
            | undefined;
          if (!kind) delete table.replicaIdentity;
          else table.replicaIdentity = kind === "index" ? { kind, index: r.name } : { kind };
          break;
        }
        case "AT_ClusterOn":
          table.clusterOn = cmd.name;
          break;
        case "AT_DropCluster":
          delete table.clusterOn;
          break;
        case "AT_SetUnLogged":
          table.unlogged = true;
          break;
        case "AT_SetStorage":
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          col.storage = sval(cmd.def).toLowerCase();
          break;
        case "AT_SetStatistics": {
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          const n = cmd.def?.Integer?.ival ?? 0;
          if (n < 0) delete col.statistics;
          else col.statistics = n;
          break;
        }
        case "AT_AttachPartition": {
          const pc = cmd.def.PartitionCmd;
          const child = this.schema.tables.get(qkey(this.qname(pc.name)));
          if (!child) {
            this.unmanaged(ctx, "ATTACH PARTITION of a table this file does not create");
            break;
          }
          child.partitionOf = {
            parent: { schema: q.schema, name: q.name },
            ...partitionBound(pc.bound),
          };
          break;
        }
        case "AT_AddInherit":
          table.inherits = [...(table.inherits ?? []), this.qname(cmd.def.RangeVar ?? cmd.def)];
          break;
        case "AT_EnableTrig":
        case "AT_DisableTrig":
        case "AT_EnableReplicaTrig":
        case "AT_EnableAlwaysTrig":
          if (!trigger) {
            this.unmanaged(ctx, `trigger ${cmd.name} is not created by this file`);
            break;
          }
          trigger.enabled = cmd.subtype === "AT_EnableTrig"
            ? "O"
            : cmd.subtype === "AT_DisableTrig"
            ? "D"
            : cmd.subtype === "AT_EnableReplicaTrig"
            ? "R"
            : "A";
          break;
        case "AT_AddConstraint": {
          const c = cmd.def.Constraint;
          if (c.conname) this.reserveName(table.schema, c);
          this.tableConstraint(table, c, undefined, this.lineOf(c.location, ctx.line), ctx);
          break;
        }
        case "AT_ColumnDefault":
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          if (cmd.def) col.default = this.defaultExpr(cmd.def, col.type);
          else delete col.default;
          break;
        case "AT_SetNotNull":
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          col.notNull = true;
          break;
        case "AT_DropNotNull":
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          col.notNull = false;
          break;
        case "AT_DropColumn": {
          if (!col) {
            if (cmd.missing_ok) break;
            return this.unknownColumn(table, cmd.name, ctx);
          }
          // the column goes with what depends on it (as DROP COLUMN ... CASCADE would)
          table.columns = table.columns.filter((c) => c !== col);
          table.constraints = table.constraints.filter((c) =>
            !c.columns.includes(col.name) && !c.expr?.columns.includes(col.name)
          );
          for (const [k, i] of this.schema.indexes) {
            const uses = i.keys.some((x) =>
              x.column === col.name || x.expr?.columns.includes(col.name)
            ) ||
              i.include.includes(col.name) || i.where?.columns.includes(col.name);
            if (qkey(i.table) === qkey(table) && uses) this.schema.indexes.delete(k);
          }
          if (col.sequence) {
            const s = this.schema.sequences.get(`${table.schema}.${col.sequence}`);
            if (s?.ownedBy) this.schema.sequences.delete(`${table.schema}.${col.sequence}`);
          }
          break;
        }
        case "AT_AlterColumnType": {
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          const def = cmd.def.ColumnDef;
          col.type = this.typeOf(def.typeName).type;
          if (def.collClause) col.collation = collationName(def.collClause.collname);
          if (!col.collation) delete col.collation;
          break;
        }
        case "AT_DropConstraint": {
          const before = table.constraints.length;
          table.constraints = table.constraints.filter((c) => c.name !== cmd.name);
          if (before === table.constraints.length && !cmd.missing_ok) {
            this.unmanaged(ctx, `constraint ${cmd.name} is not created by this file`);
          }
          break;
        }
        case "AT_ValidateConstraint":
          break;
        case "AT_DropIdentity":
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          if (col.sequence) this.schema.sequences.delete(`${table.schema}.${col.sequence}`);
          delete col.identity;
          delete col.sequence;
          delete col.identityOptions;
          break;
        case "AT_AddColumn":
          if (
            cmd.missing_ok && table.columns.some((c) => c.name === cmd.def.ColumnDef.colname)
          ) break;
          this.columnDef(table, cmd.def.ColumnDef, ctx);
          for (const c of foldConstraintAttributes(cmd.def.ColumnDef.constraints)) {
            this.tableConstraint(
              table,
              c.Constraint,
              cmd.def.ColumnDef.colname,
              this.lineOf(c.Constraint.location, ctx.line),
              ctx,
            );
          }
          break;
        case "AT_AddIdentity": {
          if (!col) return this.unknownColumn(table, cmd.name, ctx);
          const c = cmd.def.Constraint;
          col.identity = c.generated_when === "a" ? "always" : "by default";
          col.notNull = true;
          const seqName = (c.options ?? []).find((o: Node) =>
            o.DefElem?.defname === "sequence_name"
          );
          const name = seqName
            ? seqName.DefElem.arg.List.items.map(sval).pop()
            : this.names.chooseSequenceName(table.schema, table.name, col.name);
          col.sequence = name;
          const s = this.addOwnedSequence(table, col, name, col.type.name, ctx.line);
          s.implicit = !seqName;
          this.sequenceOptions(s, (c.options ?? []).filter((o: Node) => o !== seqName));
          break;
        }
        case "AT_ChangeOwner":
          changeRelationOwner(this, q, cmd.newowner, ctx);
          break;
        default:
          this.unmanaged(
            ctx,
            `ALTER TABLE ${String(cmd.subtype).replace("AT_", "")} is not managed yet`,
          );
      }
    }
  }

  /** `ALTER INDEX ... SET (...)` / `RESET (...)`: the index's storage parameters. */
  private indexOptions(idx: Index, cmds: Node[]): void {
    let o: Record<string, string> = { ...idx.options };
    for (const cmd of cmds) {
      const given = relOptions(cmd.def?.List?.items);
      if (cmd.subtype === "AT_SetRelOptions") o = { ...o, ...given };
      else for (const k of Object.keys(given)) delete o[k];
    }
    const sorted = Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    if (Object.keys(sorted).length) idx.options = sorted;
    else delete idx.options;
    idx.key = indexKey(idx);
  }

  /** A column a table inherits from a parent (INHERITS), if it has one of that name. */
  private inheritedColumn(table: Table, name: string, seen = new Set<string>()): boolean {
    for (const p of table.inherits ?? []) {
      const parent = this.schema.tables.get(qkey(p));
      if (!parent || seen.has(qkey(p))) continue;
      seen.add(qkey(p));
      if (parent.columns.some((c) => c.name === name) || this.inheritedColumn(parent, name, seen)) {
        return true;
      }
    }
    return false;
  }

  private unknownColumn(table: Table, name: string, ctx: StmtCtx): void {
    throw new InputError(`column ${table.name}.${name} does not exist`, {
      file: this.src.file,
      line: ctx.line,
    });
  }

  // ---------------------------------------------------------------- indexes

  private createIndex(node: Node, ctx: StmtCtx): void {
    const tq = this.qname(node.relation);
    const table = this.schema.tables.get(qkey(tq));
    const matview = table ? undefined : this.schema.views.get(qkey(tq));
    if (!table && !matview?.materialized) {
      return this.unmanaged(ctx, `index on ${tq.name}, which this file does not create`);
    }
    const keys: IndexElem[] = [];
    const nameParts: string[] = [];
    const qualifiedName = (names: Node[]) =>
      canonicalTypeNames(names.map(sval)).map((n) => (/^[a-z_][a-z0-9_$]*$/.test(n) ? n : `"${n}"`))
        .join(".");
    for (const p of node.indexParams ?? []) {
      const e = p.IndexElem;
      const opts: string[] = [];
      if (e.collation?.length) opts.push(`COLLATE ${qualifiedName(e.collation)}`);
      if (e.opclass?.length) opts.push(qualifiedName(e.opclass));
      const desc = e.ordering === "SORTBY_DESC";
      if (desc) opts.push("DESC");
      // NULLS FIRST is the default of DESC, NULLS LAST that of ASC
      if (e.nulls_ordering === "SORTBY_NULLS_FIRST" && !desc) opts.push("NULLS FIRST");
      if (e.nulls_ordering === "SORTBY_NULLS_LAST" && desc) opts.push("NULLS LAST");
      if (e.name) {
        keys.push({ column: e.name, options: opts.join(" ") });
        nameParts.push(e.name);
      } else {
        keys.push({ expr: makeExpr(e.expr), options: opts.join(" ") });
        nameParts.push(implicitColumnName(e.expr) ?? "expr");
      }
    }
    const include = (node.indexIncludingParams ?? []).map((p: Node) => p.IndexElem.name as string);
    // PostgreSQL names an index after its key and INCLUDE columns
    nameParts.push(...include);
    const where = node.whereClause ? makeExpr(node.whereClause) : undefined;
    const method = node.accessMethod ?? "btree";
    const name: string = node.idxname ??
      this.names.chooseIndexName(tq.schema, tq.name, nameAddition(nameParts), "idx");
    if (node.idxname) {
      if (this.names.hasRelation(tq.schema, name) && !node.if_not_exists) {
        throw new InputError(`relation ${name} already exists`, {
          file: this.src.file,
          line: ctx.line,
        });
      }
      this.names.addRelation(tq.schema, name);
    }
    let renamedFrom: string | undefined;
    for (let l = ctx.line; l <= ctx.endLine && !renamedFrom; l++) renamedFrom = this.hintAt(l);
    const idx: Index = {
      schema: tq.schema,
      name,
      implicitName: !node.idxname,
      table: tq,
      unique: !!node.unique,
      method,
      keys,
      include,
      where,
      key: "",
      line: ctx.line,
      renamedFrom,
    };
    if (node.nulls_not_distinct) idx.nullsNotDistinct = true;
    const options = relOptions(node.options);
    if (Object.keys(options).length) idx.options = options;
    idx.key = indexKey(idx);
    if (matview) matview.indexes.push(idx);
    else this.schema.indexes.set(qkey(idx), idx);
  }

  // ---------------------------------------------------------------- enums

  private createEnum(node: Node, ctx: StmtCtx): void {
    const q = this.anyName(node.typeName);
    const values: string[] = (node.vals ?? []).map(sval);
    const e: EnumType = {
      ...q,
      values,
      renamedValues: {},
      line: ctx.line,
      renamedFrom: this.hintAt(ctx.line),
    };
    // value hints: `'new_value', -- @renamed from=old_value` on the value's own line
    if (this.hints.size && (ctx.endLine > ctx.line || this.hints.has(ctx.line))) {
      const lines = this.src.text.split("\n");
      for (let l = ctx.line; l <= ctx.endLine; l++) {
        const h = this.hints.get(l);
        if (!h) continue;
        const cut = lineCommentStart(lines[l - 1]);
        const lineText = cut < 0 ? lines[l - 1] : lines[l - 1].slice(0, cut);
        const lits = [...lineText.matchAll(/'((?:[^']|'')*)'/g)].map((m) =>
          m[1].replaceAll("''", "'")
        );
        const v = lits.length ? lits[lits.length - 1] : undefined;
        if (v !== undefined && values.includes(v)) {
          e.renamedValues[v] = h.from.replace(/^'(.*)'$/, "$1");
          this.usedHints.add(l);
          if (l === ctx.line && lits.length && e.renamedFrom === h.from) e.renamedFrom = undefined;
        }
      }
    }
    this.schema.enums.set(qkey(e), e);
  }

  // ---------------------------------------------------------------- sequences

  private createSequence(node: Node, ctx: StmtCtx): void {
    const q = this.qname(node.sequence);
    const s: Sequence = { ...q, implicit: false, line: ctx.line };
    this.names.addRelation(q.schema, q.name);
    this.sequenceOptions(s, node.options ?? []);
    this.schema.sequences.set(qkey(s), s);
  }

  private alterSequence(node: Node, ctx: StmtCtx): void {
    const s = this.schema.sequences.get(qkey(this.qname(node.sequence)));
    if (!s) return this.unmanaged(ctx, "ALTER SEQUENCE on a sequence this file does not create");
    this.sequenceOptions(s, node.options ?? []);
  }

  private sequenceOptions(s: Sequence, options: Node[]): void {
    for (const o of options) {
      const d = o.DefElem;
      const val = (): string | undefined => {
        const a = d.arg;
        if (!a) return undefined;
        if (a.Integer) return String(a.Integer.ival ?? 0);
        if (a.Float) return String(a.Float.fval);
        if (a.TypeName) return this.typeOf(a.TypeName).type.name;
        return deparseExpr(a);
      };
      switch (d.defname) {
        case "owned_by": {
          const items = (d.arg?.List?.items ?? []).map(sval) as string[];
          if (items.length === 1 && items[0] === "none") delete s.ownedBy;
          else if (items.length >= 2) {
            const column = items[items.length - 1];
            const table = items.length > 2
              ? { schema: items[items.length - 3], name: items[items.length - 2] }
              : { schema: "public", name: items[0] };
            s.ownedBy = { table, column };
          }
          break;
        }
        case "as":
          s.dataType = val();
          break;
        case "start":
          s.start = val();
          break;
        case "increment":
          s.increment = val();
          break;
        case "minvalue":
          s.minValue = val();
          break;
        case "maxvalue":
          s.maxValue = val();
          break;
        case "cache":
          s.cache = val();
          break;
        case "cycle":
          s.cycle = d.arg ? d.arg.Boolean?.boolval ?? true : true;
          break;
        default:
          break;
      }
    }
  }

  /** Links `DEFAULT nextval('seq')` + `OWNED BY` (pg_dump style) to the column. */
  private resolveSequences(): void {
    for (const s of this.schema.sequences.values()) {
      if (!s.ownedBy || s.implicit) continue;
      const t = this.schema.tables.get(qkey(s.ownedBy.table));
      const col = t?.columns.find((c) => c.name === s.ownedBy!.column);
      if (!col || col.sequence) continue;
      const seqRef = nextvalTarget(col.default);
      if (seqRef && seqRef.name === s.name && seqRef.schema === s.schema) col.sequence = s.name;
    }
  }
}

const ATTRIBUTES = new Set([
  "CONSTR_ATTR_DEFERRABLE",
  "CONSTR_ATTR_NOT_DEFERRABLE",
  "CONSTR_ATTR_DEFERRED",
  "CONSTR_ATTR_IMMEDIATE",
]);

/**
 * Column constraints with `DEFERRABLE` / `INITIALLY DEFERRED` (separate attribute nodes in the
 * AST) folded into the constraint before them.
 */
function foldConstraintAttributes(list: Node[] | undefined): Node[] {
  // most lists have no attribute node: their nodes are read as they are (never changed)
  if (list?.every((n) => n.Constraint && !ATTRIBUTES.has(n.Constraint.contype))) return list;
  const out: Node[] = [];
  for (const n of list ?? []) {
    const c = n.Constraint;
    const prev = out[out.length - 1]?.Constraint;
    switch (c?.contype) {
      case "CONSTR_ATTR_DEFERRABLE":
        if (prev) prev.deferrable = true;
        break;
      case "CONSTR_ATTR_NOT_DEFERRABLE":
        if (prev) prev.deferrable = false;
        break;
      case "CONSTR_ATTR_DEFERRED":
        if (prev) prev.initdeferred = true;
        break;
      case "CONSTR_ATTR_IMMEDIATE":
        if (prev) prev.initdeferred = false;
        break;
      default:
        out.push({ Constraint: { ...c } });
    }
  }
  return out;
}

/** The sequence a `nextval('name'::regclass)` default reads, if it is one. */
export function nextvalTarget(e: Expr | undefined): QName | undefined {
  const fc = (e?.ast as Node)?.FuncCall;
  if (!fc) return undefined;
  const fname = fc.funcname.map(sval).join(".");
  if (fname !== "nextval" && fname !== "pg_catalog.nextval") return undefined;
  let arg = fc.args?.[0];
  if (arg?.TypeCast) arg = arg.TypeCast.arg;
  const lit = arg?.A_Const?.sval?.sval as string | undefined;
  if (!lit) return undefined;
  const parts = lit.split(".").map((p) => p.replace(/^"(.*)"$/, "$1"));
  return parts.length > 1
    ? { schema: parts[0], name: parts[1] }
    : { schema: "public", name: parts[0] };
}

/** The canonical key of an index, shared by every dialect (re-exported). */
export { indexKey } from "../../../model/schema.ts";

/** Re-exported for tests: strip locations of any AST. */
export { stripLocations };
