/**
 * The data dictionary, generated (never written by hand) from what defines each table:
 * - raw tables: the extract contract (`ingest/sources/*.ts`) plus the lineage columns of ingest;
 * - seeds: the CSV header and the column tables of `transforms/seeds/README.md`;
 * - models: the metadata beside each model (grain, description, columns, tests) and the upstream
 *   tables read from its SQL;
 * - the SQL macros of `transforms/macros.ts`, with the models calling them.
 * `writeDocs(outDir)` writes `data-dictionary.md` and `data-dictionary.json`, with the DuckDB type
 * of every column (found without data: see `columnTypes`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { duckType } from "../ingest/checks.ts";
import { ensureSchema, LINEAGE_COLUMNS } from "../ingest/schema.ts";
import { SOURCES } from "../ingest/sources/index.ts";
import { ident, lit } from "../warehouse/db.ts";
import { classifyColumn, contractClasses, isUnclassified } from "../warehouse/publish-policy.ts";
import { loadSeeds } from "./build.ts";
import { defineMacros, MACROS, macrosUsedBy } from "./macros.ts";
import type { ModelTest } from "./model.ts";
import { LAYERS, loadProject, MODELS_DIR, type Project, SEEDS_DIR } from "./project.ts";

export interface DictionaryColumn {
  name: string;
  type: string | null;
  description: string;
  /** Personal data (raw tables only): never leaves the restricted zone. */
  pii?: boolean;
  optional?: boolean;
  /**
   * Marts and reporting columns: how the published analyst copy has it (warehouse/publish-policy.ts):
   * as built, pseudonymised (a keyed hash of the registry id), or dropped (personal data or free text).
   */
  analyst_copy?: "kept" | "pseudonymised" | "dropped";
  /** Why a column is pseudonymised or dropped. */
  analyst_copy_reason?: string;
}

export interface DictionaryTable {
  /** `schema.table` */
  name: string;
  kind: "source" | "seed" | "staging" | "marts" | "reporting";
  grain: string;
  description: string;
  /** Primary key or grain columns. */
  key: string[];
  columns: DictionaryColumn[];
  /** Tables this one reads. */
  upstream: string[];
  /** Tables that read this one. */
  downstream: string[];
  tests: string[];
}

/** A SQL macro of `transforms/macros.ts`, defined in the build file. */
export interface DictionaryMacro {
  /** `name(arg, ...)` */
  signature: string;
  sql: string;
  description: string;
  /** The models calling it (directly or through another macro). */
  used_by: string[];
}

export interface DataDictionary {
  generated_from: string[];
  tables: DictionaryTable[];
  macros: DictionaryMacro[];
}

const LINEAGE_DESCRIPTIONS: Record<string, string> = {
  _load_id:
    "The extract file that delivered this version: join meta.load_log on load_id for its extract_id and file (status replayed: a record that waited for a set-aside record it refers to, loaded with that extract; meta.replays names the file that set it aside).",
  _record:
    "Record number in that file (header excluded); for a replayed version, in the file that set it aside.",
  _valid_from: "As-of date of the extract that delivered the version.",
  _valid_to: "As-of date of the extract that superseded or deleted it; null = current.",
  _end_reason: "superseded, deleted (deletions.csv) or absent (from a later full extract).",
  _end_load_id: "The extract file that ended the version (meta.load_log.load_id); null = current.",
};

function describeTest(t: ModelTest): string {
  switch (t.type) {
    case "not_null":
      return `not_null(${t.column})`;
    case "unique":
      return `unique(${t.columns.join(", ")})`;
    case "accepted_values":
      return `accepted_values(${t.column}: ${t.values.join(", ")})`;
    case "relationships":
      return `relationships(${t.column} -> ${t.to}.${t.field}${t.allowNull === false ? ", not null" : ""})`;
    case "accepted_range":
      return `accepted_range(${t.column}: ${t.min ?? "-inf"} to ${t.max ?? "+inf"})`;
    case "expression_is_true":
      return `expression_is_true(${t.name}: ${t.expression})`;
    case "row_count_change":
      return `row_count_change(max ${t.maxChangePct * 100}%)`;
  }
}

/** Column descriptions of each seed from the `| \`column\` | description |` tables of the seeds README. */
export function seedColumnDescriptions(readme: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  for (const line of readme.split("\n")) {
    const heading = /^## `([a-z0-9_]+)\.csv`/.exec(line);
    if (heading) {
      current = new Map();
      out.set(heading[1]!, current);
      continue;
    }
    if (line.startsWith("## ")) current = null;
    const row = /^\| `([a-z0-9_]+)` \| (.*) \|\s*$/.exec(line);
    if (current && row && !current.has(row[1]!)) current.set(row[1]!, row[2]!.trim());
  }
  return out;
}

/** The first paragraph after each seed's heading (its title line and grain). */
function seedSummaries(readme: string): Map<string, { title: string; grain: string }> {
  const out = new Map<string, { title: string; grain: string }>();
  const sections = readme.split(/^## /m).slice(1);
  for (const s of sections) {
    const m = /^`([a-z0-9_]+)\.csv`:\s*(.*)/.exec(s);
    if (!m) continue;
    const grain = /\*\*Grain:\*\*\s*([^*\n]+?)(?:\s*\*\*|\n|$)/.exec(s)?.[1]?.trim() ?? "";
    out.set(m[1]!, { title: m[2]!.trim(), grain });
  }
  return out;
}

/**
 * The column types of the seeds and models: read from a build (`buildPath`), or, by default, found
 * without one: the raw and meta tables created empty as ingest creates them, the seeds loaded as the
 * build loads them, and every model created from its SQL with no rows (`limit 0`) in dependency
 * order. A type depends on the SQL and the types it reads, not on the rows, so both give the same
 * types (a test compares them); the default needs no data and gives the same dictionary everywhere.
 */
async function columnTypes(
  project: Project,
  seedsDir: string,
  buildPath: string | undefined,
): Promise<Map<string, Map<string, string>>> {
  const types = new Map<string, Map<string, string>>();
  if (buildPath && !existsSync(buildPath)) return types;
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  try {
    let database = "memory";
    if (buildPath) {
      await con.run(`attach ${lit(buildPath)} as docs_build (read_only)`);
      database = "docs_build";
    } else {
      await ensureSchema(con);
      await loadSeeds(con, project, seedsDir);
      await defineMacros(con);
      for (const layer of LAYERS) await con.run(`create schema ${layer}`);
      for (const name of project.order) {
        const m = project.models.get(name)!;
        await con.run(`create table ${m.layer}.${ident(m.table)} as select * from (\n${m.sql}\n) limit 0`);
      }
    }
    const rows = (
      await con.runAndReadAll(
        `select schema_name || '.' || table_name as t, column_name as c, data_type as d
         from duckdb_columns() where database_name = ${lit(database)}`,
      )
    ).getRowObjectsJson() as { t: string; c: string; d: string }[];
    for (const r of rows) {
      if (!types.has(r.t)) types.set(r.t, new Map());
      types.get(r.t)!.set(r.c, r.d);
    }
  } finally {
    con.closeSync();
    instance.closeSync();
  }
  return types;
}

export interface DocsOptions {
  modelsDir?: string;
  seedsDir?: string;
  /**
   * A build database (`<data-dir>/warehouse/models.duckdb`) to read the column types from, instead
   * of creating the tables empty.
   */
  buildPath?: string;
}

export async function dataDictionary(opts: DocsOptions = {}): Promise<DataDictionary> {
  const seedsDir = opts.seedsDir ?? SEEDS_DIR;
  const project: Project = await loadProject(opts.modelsDir ?? MODELS_DIR, seedsDir);
  const types = await columnTypes(project, seedsDir, opts.buildPath);
  const tables: DictionaryTable[] = [];

  for (const s of SOURCES) {
    tables.push({
      name: `raw.${s.name}`,
      kind: "source",
      grain: s.grain,
      description: `${s.grain} As received from ${s.file} (registry-export-spec.md §${s.section}), every version kept; ${s.mode === "event" ? "append-only events" : s.mode === "deletions" ? "delta extracts only" : "the current version has _valid_to null"}.`,
      key: [...s.key],
      columns: [
        ...s.columns.map((c) => ({
          name: c.name,
          type: duckType(c),
          description: c.references
            ? `${c.description} References ${c.references.source}.${c.references.column}.`
            : c.description,
          pii: c.pii,
          optional: c.optional,
        })),
        ...LINEAGE_COLUMNS.map(([name, type]) => ({
          name,
          type,
          description: LINEAGE_DESCRIPTIONS[name] ?? "",
        })),
      ],
      upstream: [],
      downstream: [],
      tests: [],
    });
  }

  const readmePath = join(seedsDir, "README.md");
  const readme = existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "";
  const seedColumns = seedColumnDescriptions(readme);
  const summaries = seedSummaries(readme);
  for (const seed of project.seeds) {
    const header = (readFileSync(join(seedsDir, `${seed}.csv`), "utf8").split("\n")[0] ?? "")
      .replace(/^\uFEFF/, "")
      .trim()
      .split(",");
    const described = seedColumns.get(seed) ?? new Map<string, string>();
    const summary = summaries.get(seed);
    tables.push({
      name: `seeds.${seed}`,
      kind: "seed",
      grain: summary?.grain ?? "",
      description: summary
        ? `${summary.title}. Reference table transforms/seeds/${seed}.csv.`
        : `Reference table transforms/seeds/${seed}.csv.`,
      key: [],
      columns: header.map((name) => ({
        name,
        type: types.get(`seeds.${seed}`)?.get(name) ?? null,
        description: described.get(name) ?? "",
      })),
      upstream: [],
      downstream: [],
      tests: [],
    });
  }

  const classes = contractClasses();
  for (const name of project.order) {
    const m = project.models.get(name)!;
    const built = types.get(name);
    const published = m.layer === "marts" || m.layer === "reporting";
    const tests = [
      `unique(${m.meta.grain.join(", ")})`,
      ...m.meta.grain.map((c) => `not_null(${c})`),
      ...(m.meta.tests ?? []).map(describeTest),
    ];
    tables.push({
      name,
      kind: m.layer,
      grain: m.meta.grain.join(", "),
      description: m.meta.description,
      key: [...m.meta.grain],
      columns: Object.entries(m.meta.columns).map(([column, description]) => {
        const c: DictionaryColumn = { name: column, type: built?.get(column) ?? null, description };
        if (published) {
          const plan = classifyColumn(name, column, description, classes);
          // (A column without a publishing decision fails the publish step: it is never in a copy.)
          c.analyst_copy = isUnclassified(plan)
            ? "dropped"
            : plan.action === "keep"
              ? "kept"
              : plan.action === "pseudonymise"
                ? "pseudonymised"
                : "dropped";
          if (c.analyst_copy !== "kept")
            c.analyst_copy_reason = isUnclassified(plan) ? `${plan.kind}: ${plan.evidence}` : plan.reason;
        }
        return c;
      }),
      upstream: [...m.dependsOn, ...m.reads].sort(),
      downstream: [],
      tests,
    });
  }

  const byName = new Map(tables.map((t) => [t.name, t]));
  for (const t of tables) {
    for (const u of t.upstream) byName.get(u)?.downstream.push(t.name);
  }
  for (const t of tables) t.downstream.sort();

  return {
    generated_from: [
      "ingest/sources/*.ts (extract contract)",
      "transforms/seeds/*.csv and transforms/seeds/README.md",
      "transforms/models/<layer>/<table>.ts (model metadata) and .sql (upstream tables)",
      "transforms/macros.ts (SQL macros)",
    ],
    tables,
    macros: MACROS.map((mac) => ({
      signature: `${mac.name}(${mac.args.join(", ")})`,
      sql: mac.sql,
      description: mac.description,
      used_by: project.order.filter((name) =>
        macrosUsedBy(project.models.get(name)!.sql).some((used) => used.name === mac.name),
      ),
    })),
  };
}

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

const KIND_TITLES: Record<DictionaryTable["kind"], string> = {
  source: "Sources (raw, restricted zone)",
  seed: "Reference tables (seeds)",
  staging: "Staging (restricted zone)",
  marts: "Marts (star schema)",
  reporting: "Reporting (published, suppressed)",
};

export function dictionaryMarkdown(d: DataDictionary): string {
  const out = [
    "# Data dictionary",
    "",
    `Generated by \`workforce docs\` from ${d.generated_from.join("; ")}. Do not edit by hand.`,
    "",
  ];
  for (const kind of ["source", "seed", "staging", "marts", "reporting"] as const) {
    const tables = d.tables.filter((t) => t.kind === kind);
    if (tables.length === 0) continue;
    out.push(`## ${KIND_TITLES[kind]}`, "");
    for (const t of tables) out.push(`- [\`${t.name}\`](#${t.name.replace(".", "")})`);
    out.push("");
    for (const t of tables) {
      out.push(`### \`${t.name}\``, "", t.description, "");
      if (t.grain) out.push(`**Grain:** ${t.grain}`, "");
      if (t.upstream.length > 0)
        out.push(`**Upstream:** ${t.upstream.map((u) => `\`${u}\``).join(", ")}`, "");
      if (t.downstream.length > 0)
        out.push(`**Downstream:** ${t.downstream.map((u) => `\`${u}\``).join(", ")}`, "");
      out.push("| column | type | description |", "|---|---|---|");
      for (const c of t.columns) {
        const flags = [
          c.pii ? "PII" : "",
          c.optional ? "optional" : "",
          c.analyst_copy === "dropped" ? `not in the analyst copy: ${c.analyst_copy_reason}` : "",
          c.analyst_copy === "pseudonymised" ? "pseudonymised in the analyst copy" : "",
        ]
          .filter(Boolean)
          .join(", ");
        out.push(
          `| \`${c.name}\` | ${shortType(c.type)} | ${cell(c.description)}${flags ? ` *(${flags})*` : ""} |`,
        );
      }
      out.push("");
      if (t.tests.length > 0) {
        out.push("<details><summary>Tests</summary>", "");
        for (const test of t.tests) out.push(`- \`${cell(test)}\``);
        out.push("", "</details>", "");
      }
    }
  }
  if (d.macros.length > 0) {
    out.push(
      "## SQL macros (the publishing rules)",
      "",
      "Defined in the build file (`warehouse/models.duckdb`) by every build and in the published analyst copy, from `transforms/macros.ts`; true when a figure must be withheld. The models pass the parameters of `staging.stg_publishing_rules`.",
      "",
      "| macro | true when | definition | used by |",
      "|---|---|---|---|",
    );
    for (const mac of d.macros)
      out.push(
        `| \`${mac.signature}\` | ${cell(mac.description)} | \`${cell(mac.sql)}\` | ${mac.used_by.map((u) => `\`${u}\``).join(", ")} |`,
      );
    out.push("");
  }
  return `${out.join("\n")}\n`;
}

/** Write `data-dictionary.md` and `data-dictionary.json` into `outDir`; returns their paths. */
/**
 * A column type as the Markdown dictionary shows it: an ENUM of more than 12 values (the 169 towns)
 * by its count, first three and last values; the JSON dictionary keeps every value.
 */
export function shortType(type: string | null): string {
  if (type === null) return "";
  if (!type.startsWith("ENUM(")) return type;
  const values = [...type.matchAll(/'((?:[^']|'')*)'/g)].map((m) => `'${m[1]}'`);
  if (values.length <= 12) return type;
  return `ENUM of ${values.length} values (${values.slice(0, 3).join(", ")}, … ${values.at(-1)})`;
}

export async function writeDocs(
  outDir: string,
  opts: DocsOptions = {},
): Promise<{ markdown: string; json: string }> {
  const d = await dataDictionary(opts);
  mkdirSync(outDir, { recursive: true });
  const markdown = join(outDir, "data-dictionary.md");
  const json = join(outDir, "data-dictionary.json");
  writeFileSync(markdown, dictionaryMarkdown(d));
  writeFileSync(json, `${JSON.stringify(d, null, 2)}\n`);
  return { markdown, json };
}

export interface DocsCommandOptions extends DocsOptions {
  /** Folder to write into. */
  out: string;
  json?: boolean;
  stdout?: { write(chunk: string): unknown };
}

/** `workforce docs --out <dir>`: write the data dictionary; prints the paths written. */
export async function docsCommand(opts: DocsCommandOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const paths = await writeDocs(opts.out, opts);
  stdout.write(opts.json ? `${JSON.stringify(paths)}\n` : `wrote ${paths.markdown}\nwrote ${paths.json}\n`);
  return 0;
}
