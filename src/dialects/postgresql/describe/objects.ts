/**
 * The rule-facing description and the execution phase of object changes
 * (see `src/diff/object_changes.ts`).
 * @module
 */
import type { ObjectChange } from "../../../diff/object_changes.ts";
import type { CommentTarget, Func, WrittenUnder } from "../../../model/objects.ts";
import type { QName } from "../../../model/schema.ts";
import {
  alterComposite,
  alterDomain,
  alterRls,
  alterStorage,
  argsSql,
  clusterSql,
  commentObject,
  constraintDef,
  createComposite,
  createDomain,
  createIndex,
  createOrReplace,
  display,
  replicaIdentitySql,
  routineArgsSql,
  routineRef,
  statement,
} from "../render/ddl.ts";
import { ident, literal, qident, renderType } from "../render/quote.ts";
import { describePrivileges } from "./privileges.ts";
import { clipBytes } from "../parse/pg_names.ts";
import type { DescribeContext, Described } from "./describe.ts";
import { describeRebuild } from "./rebuild.ts";
import { domainGuards } from "./domain_guards.ts";
import { convertDomain, convertible } from "./domain_base.ts";

/**
 * Where dropped objects are kept for the rollback (the contract's `smartspec_archive`, as
 * `ARCHIVE_SCHEMA` of describe.ts, which imports this module: a value import would be circular).
 */
const ARCHIVE_SCHEMA = "smartspec_archive";

const ARCHIVE_VARS = [
  "archive",
  "archive_name",
  "archive_schema",
  "renamed",
  "object_schema",
  "object_name",
];

/** Template variables per object change kind. */
export const OBJECT_KIND_VARS: Record<ObjectChange["kind"], string[]> = {
  create_view: ["view", "definition"],
  drop_view: ["view", "definition"],
  create_materialized_view: ["view", "definition"],
  drop_materialized_view: ["view", "definition"],
  create_function: ["routine", "signature", "definition"],
  create_dependent_function: ["routine", "signature", "definition"],
  drop_function: ["routine", "signature", "definition"],
  drop_dependent_function: ["routine", "signature", "definition"],
  replace_function: ["routine", "signature", "definition", "old_definition"],
  recreate_function: ["routine", "signature", "old_signature", "definition", "old_definition"],
  create_trigger: ["trigger", "table", "definition"],
  drop_trigger: ["trigger", "table", "definition"],
  create_policy: ["policy", "table", "definition"],
  drop_policy: ["policy", "table", "definition"],
  alter_rls: ["table", "up_sql", "down_sql"],
  create_domain: ["domain", "definition"],
  drop_domain: ["domain", ...ARCHIVE_VARS],
  alter_domain: ["domain", "up_sql", "down_sql", "from_type", "to_type"],
  create_composite_type: ["type", "definition"],
  drop_composite_type: ["type", ...ARCHIVE_VARS],
  alter_composite_type: ["type", "up_sql", "down_sql", "definition", "old_definition"],
  create_range_type: ["type", "definition"],
  drop_range_type: ["type", "definition"],
  replace_range_type: ["type", "definition", "old_definition"],
  create_collation: ["collation", "definition"],
  drop_collation: ["collation", "definition"],
  set_comment: ["object", "text", "old_text"],
  drop_comment: ["object", "old_text"],
  alter_table_storage: ["table", "up_sql", "down_sql"],
  attach_partition: ["table", "parent", "bound"],
  detach_partition: ["table", "parent", "bound"],
  alter_partitioning: ["table"],
  rebuild_table: ["table", "archive", "before", "after", "up_sql", "down_sql"],
  alter_replica_cluster: ["table", "up_sql", "down_sql"],
  alter_sequence_owner: ["sequence", "owner", "old_owner"],
  validate_constraint: ["table", "constraint", "definition"],
  alter_privileges: ["object", "grantee", "change", "up_sql", "down_sql"],
  reset_privileges: ["object", "grantee", "change", "up_sql", "down_sql"],
  alter_owner: ["object", "owner", "old_owner", "up_sql", "down_sql"],
  reset_owner: ["object", "old_owner", "up_sql", "down_sql"],
  alter_default_privileges: ["grantee", "change", "up_sql", "down_sql"],
};

export { OBJECT_PHASE } from "../../../plan/object_phases.ts";

const q = (x: QName): QName => ({ schema: x.schema, name: x.name });

/** SET LOCAL before creating routines: bodies are checked when called (as pg_dump does). */
const NO_BODY_CHECK = "SET LOCAL check_function_bodies = off;\n";

function routineTarget(f: Func): string {
  return `${f.kind} ${display(f)}${argsSql(f.params)}`;
}

function commentTargetText(t: CommentTarget): string {
  const base = t.kind === "schema" ? t.name : display(t);
  return `${t.kind} ${base}${t.sub !== undefined ? `.${t.sub}` : ""}${t.argsSql ?? ""}`;
}

function archive(x: QName, ctx: DescribeContext): Described["vars"] {
  const name = clipBytes(`${x.name}__${ctx.archiveTag}`, 63);
  return {
    archive: { schema: ARCHIVE_SCHEMA, name },
    archive_name: name,
    archive_schema: ARCHIVE_SCHEMA,
    renamed: { schema: x.schema, name },
    object_schema: x.schema,
    object_name: x.name,
  };
}

/**
 * A statement kept as written, run under the search path its file set before it (its names are
 * relative to it), which is then set back to the session's for the statements that follow.
 */
export function underPath(o: WrittenUnder, sql: string): string {
  if (!o.searchPath) return sql;
  return `SET LOCAL search_path = ${o.searchPath};\n${sql}\nSET LOCAL search_path TO DEFAULT;`;
}

/** Describes an object change for the rules. */
export function describeObject(ch: ObjectChange, ctx: DescribeContext): Described {
  const f = ctx.facts;
  switch (ch.kind) {
    case "create_view":
    case "drop_view":
    case "create_materialized_view":
    case "drop_materialized_view": {
      const v = ch.view;
      const def = [underPath(v, statement(v.sql)), ...v.indexes.map((i) => createIndex(i))]
        .join("\n");
      return {
        target: display(v),
        facts: {
          recreated: "recreated" in ch ? ch.recreated : false,
          indexes: v.indexes.length,
        },
        vars: { view: q(v), definition: def },
      };
    }
    case "create_function":
    case "create_dependent_function":
    case "drop_function":
    case "drop_dependent_function":
      return {
        target: routineTarget(ch.func),
        facts: { routine: ch.func.kind },
        vars: {
          routine: ch.func.kind.toUpperCase(),
          signature: `${qident(ch.func)}${routineArgsSql(ch.func)}`,
          definition: NO_BODY_CHECK + underPath(ch.func, createOrReplace(ch.func.sql)),
        },
      };
    case "replace_function":
    case "recreate_function":
      return {
        target: routineTarget(ch.to),
        facts: { routine: ch.to.kind },
        vars: {
          routine: ch.to.kind.toUpperCase(),
          signature: `${qident(ch.to)}${routineArgsSql(ch.to)}`,
          old_signature: `${routineRef(ch.from).replace(/^\w+ /, "")}`,
          definition: NO_BODY_CHECK + underPath(ch.to, createOrReplace(ch.to.sql)),
          old_definition: NO_BODY_CHECK + underPath(ch.from, createOrReplace(ch.from.sql)),
        },
      };
    case "create_trigger":
    case "drop_trigger": {
      const t = ch.trigger;
      const state = t.enabled === "O"
        ? ""
        : `\nALTER TABLE ${qident(t.table)} ${
          { D: "DISABLE", R: "ENABLE REPLICA", A: "ENABLE ALWAYS" }[t.enabled]
        } TRIGGER ${ident(t.name)};`;
      return {
        target: `${display(t.table)}.${t.name}`,
        facts: { recreated: ch.kind === "drop_trigger" ? ch.recreated : false },
        vars: {
          trigger: t.name,
          table: q(t.table),
          definition: underPath(t, statement(t.sql)) + state,
        },
      };
    }
    case "create_policy":
    case "drop_policy": {
      const p = ch.policy;
      return {
        target: `${display(p.table)}.${p.name}`,
        facts: { recreated: ch.kind === "drop_policy" ? ch.recreated : false },
        vars: { policy: p.name, table: q(p.table), definition: underPath(p, statement(p.sql)) },
      };
    }
    case "alter_rls":
      return {
        target: display(ch.table),
        facts: { enabled: ch.to.enabled, forced: ch.to.forced, was_enabled: ch.from.enabled },
        vars: {
          table: q(ch.table),
          up_sql: alterRls(ch.table, ch.from, ch.to),
          down_sql: alterRls(ch.table, ch.to, ch.from),
        },
      };
    case "create_domain":
      return {
        target: display(ch.domain),
        facts: {},
        vars: { domain: q(ch.domain), definition: createDomain(ch.domain, f) },
      };
    case "drop_domain":
      return {
        target: display(ch.domain),
        facts: {},
        vars: { domain: q(ch.domain), ...archive(ch.domain, ctx) },
      };
    case "alter_domain": {
      const baseChanged = JSON.stringify([ch.from.base, ch.from.collation ?? null]) !==
        JSON.stringify([ch.to.base, ch.to.collation ?? null]);
      if (baseChanged) {
        const ok = convertible(ch.from, ch.to, ctx.from, ctx.to);
        return {
          target: display(ch.to),
          facts: { base_changed: true, convertible: ok, adds_constraint: false },
          vars: {
            domain: q(ch.to),
            from_type: renderType(ch.from.base, f),
            to_type: renderType(ch.to.base, f),
            up_sql: ok ? convertDomain(ch.from, ch.to, ctx.to, f) : "",
            down_sql: ok ? convertDomain(ch.to, ch.from, ctx.to, f) : "",
          },
        };
      }
      return {
        target: display(ch.to),
        facts: {
          base_changed: baseChanged,
          convertible: true,
          adds_constraint:
            ch.to.checks.some((c) =>
              !ch.from.checks.some((x) => x.name === c.name && x.expr.key === c.expr.key)
            ) || (!ch.from.notNull && ch.to.notNull),
        },
        vars: {
          domain: q(ch.to),
          up_sql: [...domainGuards(ch.from, ch.to, ctx.to), alterDomain(ch.from, ch.to)]
            .join("\n"),
          down_sql: [...domainGuards(ch.to, ch.from, ctx.to), alterDomain(ch.to, ch.from)]
            .join("\n"),
        },
      };
    }
    case "create_composite_type":
      return {
        target: display(ch.type),
        facts: {},
        vars: { type: q(ch.type), definition: createComposite(ch.type, f) },
      };
    case "drop_composite_type":
      return {
        target: display(ch.type),
        facts: {},
        vars: { type: q(ch.type), ...archive(ch.type, ctx) },
      };
    case "alter_composite_type": {
      const up = alterComposite(ch.from, ch.to, f);
      const down = alterComposite(ch.to, ch.from, f);
      return {
        target: display(ch.to),
        facts: { in_place: up !== undefined && down !== undefined },
        vars: {
          type: q(ch.to),
          up_sql: up ?? "",
          down_sql: down ?? "",
          definition: createComposite(ch.to, f),
          old_definition: createComposite(ch.from, f),
        },
      };
    }
    case "create_range_type":
    case "drop_range_type":
      return {
        target: display(ch.type),
        facts: {},
        vars: { type: q(ch.type), definition: statement(ch.type.sql) },
      };
    case "replace_range_type":
      return {
        target: display(ch.to),
        facts: {},
        vars: {
          type: q(ch.to),
          definition: statement(ch.to.sql),
          old_definition: statement(ch.from.sql),
        },
      };
    case "create_collation":
    case "drop_collation":
      return {
        target: display(ch.collation),
        facts: {},
        vars: { collation: q(ch.collation), definition: statement(ch.collation.sql) },
      };
    case "set_comment":
      return {
        target: commentTargetText(ch.comment.target),
        facts: { had_comment: ch.from !== undefined, has_comment: ch.to !== undefined },
        vars: {
          object: commentObject(ch.comment.target),
          text: ch.to !== undefined ? literal(ch.to) : "NULL",
          old_text: ch.from !== undefined ? literal(ch.from) : "NULL",
        },
      };
    case "drop_comment":
      return {
        target: commentTargetText(ch.comment.target),
        facts: {},
        vars: {
          object: commentObject(ch.comment.target),
          old_text: literal(ch.comment.text),
        },
      };
    case "alter_table_storage":
      return {
        target: display(ch.table),
        facts: { rewrite: !!ch.storage.unlogged },
        vars: {
          table: q(ch.table),
          up_sql: alterStorage(ch.table, ch.storage, "up"),
          down_sql: alterStorage(ch.table, ch.storage, "down"),
        },
      };
    case "attach_partition":
    case "detach_partition":
      return {
        target: `${display(ch.table)} of ${display(ch.partition.parent)}`,
        facts: { default_partition: ch.partition.bound === "DEFAULT" },
        vars: {
          table: q(ch.table),
          parent: q(ch.partition.parent),
          bound: ch.partition.bound,
        },
      };
    case "alter_partitioning":
      return {
        target: display(ch.to),
        facts: {},
        vars: { table: q(ch.to) },
      };
    case "rebuild_table":
      return describeRebuild(ch, ctx);
    case "alter_replica_cluster": {
      const side = (which: "from" | "to") =>
        [
          ch.replica ? replicaIdentitySql(ch.table, ch.replica[which]) : "",
          ch.cluster ? clusterSql(ch.table, ch.cluster[which]) : "",
        ].filter(Boolean).join("\n");
      return {
        target: display(ch.table),
        facts: { replica: !!ch.replica, cluster: !!ch.cluster },
        vars: { table: q(ch.table), up_sql: side("to"), down_sql: side("from") },
      };
    }
    case "validate_constraint":
      return {
        target: `${display(ch.table)}.${ch.constraint.name}`,
        facts: { constraint_kind: ch.constraint.kind },
        vars: {
          table: q(ch.table),
          constraint: ch.constraint.name,
          definition: constraintDef(ch.constraint),
        },
      };
    case "alter_privileges":
    case "reset_privileges":
    case "alter_owner":
    case "reset_owner":
    case "alter_default_privileges":
      return describePrivileges(ch);
    case "alter_sequence_owner": {
      const owner = (o?: { table: QName; column: string }) =>
        o ? `${qident(o.table)}.${ident(o.column)}` : "NONE";
      return {
        target: display(ch.sequence),
        facts: {},
        vars: { sequence: q(ch.sequence), owner: owner(ch.to), old_owner: owner(ch.from) },
      };
    }
  }
}
