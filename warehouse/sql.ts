/**
 * The analysts' verbs, all on the published analyst copy (`<data-dir>/published/analytics.duckdb`),
 * never on the restricted warehouse:
 * - `workforce sql "<query>" [--format table|csv|json] [--output FILE]`, or an interactive prompt
 *   (node:readline) when no query is given;
 * - `workforce tables`: every table with its row count and description;
 * - `workforce describe TABLE`: its columns, types and descriptions (from the data dictionary, kept
 *   in the copy as DuckDB comments).
 *
 * Read-only, three times over: a statement that is not a query is refused before it runs (by its
 * first keyword and by DuckDB's own parse of its statement type: `sql_not_read_only`, exit 2); the
 * file is opened with `access_mode = READ_ONLY`; and `enable_external_access = false` with a locked
 * configuration, so no query can read or write files (COPY ... TO, read_csv of the restricted
 * inbox), ATTACH another database, or INSTALL/LOAD an extension.
 */
import { createWriteStream, existsSync, openSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { type DuckDBConnection, DuckDBInstance, StatementType } from "@duckdb/node-api";
import Table from "cli-table3";
import { stringify } from "csv-stringify/sync";
import pc from "picocolors";
import { lit } from "./db.ts";
import { EXIT, outputError, WorkforceError } from "./errors.ts";
import { publishedPaths } from "./published.ts";

export type Format = "table" | "csv" | "json";

const ALLOWED_TYPES = new Set<StatementType>([StatementType.SELECT, StatementType.EXPLAIN]);
const QUERY_KEYWORDS = new Set([
  "select",
  "with",
  "from",
  "values",
  "table",
  "describe",
  "show",
  "summarize",
  "explain",
  "pivot",
  "unpivot",
  "(",
]);
const STATEMENT_NAMES: Partial<Record<StatementType, string>> = {
  [StatementType.INSERT]: "INSERT",
  [StatementType.UPDATE]: "UPDATE",
  [StatementType.DELETE]: "DELETE",
  [StatementType.CREATE]: "CREATE",
  [StatementType.ALTER]: "ALTER",
  [StatementType.DROP]: "DROP",
  [StatementType.COPY]: "COPY",
  [StatementType.ATTACH]: "ATTACH",
  [StatementType.DETACH]: "DETACH",
  [StatementType.LOAD]: "LOAD / INSTALL",
  [StatementType.EXTENSION]: "INSTALL",
  [StatementType.SET]: "SET",
  [StatementType.VARIABLE_SET]: "SET VARIABLE",
  [StatementType.PRAGMA]: "PRAGMA",
  [StatementType.CALL]: "CALL",
  [StatementType.EXPORT]: "EXPORT DATABASE",
  [StatementType.TRANSACTION]: "a transaction statement",
  [StatementType.VACUUM]: "VACUUM",
  [StatementType.CREATE_FUNC]: "CREATE FUNCTION",
  [StatementType.MERGE_INTO]: "MERGE",
  [StatementType.COPY_DATABASE]: "COPY DATABASE",
};

/** The first keyword of each statement, comments skipped (a cheap check before DuckDB parses). */
function firstKeywords(sql: string): string[] {
  const code = sql
    .replace(/--[^\n]*/g, " ")
    .replace(/\/\*[\s\S]*?\*\//g, " ")
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""');
  return code
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map((s) => (s.startsWith("(") ? "(" : (/^[a-z_]+/i.exec(s)?.[0] ?? s.slice(0, 12)).toLowerCase()));
}

/**
 * Throws `sql_not_read_only` unless every statement of `sql` is a query; returns how many statements
 * it holds (a PIVOT is one, although DuckDB parses it into several: see below).
 */
export async function assertReadOnly(con: DuckDBConnection, sql: string): Promise<number> {
  // (DuckDB's parser gives no message of its own for nothing to parse.)
  if (firstKeywords(sql).length === 0) throw new WorkforceError("sql_empty", {}, EXIT.usage);
  // Parsing runs nothing: a statement that does not parse is a syntax error to show as such.
  let extracted: Awaited<ReturnType<DuckDBConnection["extractStatements"]>> | undefined;
  let parseError: Error | undefined;
  try {
    extracted = await con.extractStatements(sql);
  } catch (e) {
    parseError = e as Error;
  }
  // DuckDB's "Failed to extract statements: " prefix names its API call, not the problem.
  const syntaxError = () =>
    new WorkforceError(
      "sql_error",
      { detail: parseError!.message.replace(/^Failed to extract statements: /, "") },
      EXIT.usage,
    );
  for (const kw of firstKeywords(sql)) {
    if (QUERY_KEYWORDS.has(kw)) continue;
    // A typo (`selec`) is a syntax error; anything DuckDB parses is refused here.
    if (parseError) throw syntaxError();
    throw new WorkforceError(
      "sql_not_read_only",
      { statement: kw.toUpperCase(), detail: "is not a query" },
      EXIT.usage,
    );
  }
  if (extracted === undefined) throw syntaxError();
  // DuckDB expands a PIVOT whose columns are not listed (`PIVOT t ON year USING sum(n)`, no `IN
  // (...)`) into a CREATE of a temporary enum type per pivoted column (the distinct values, read
  // from the table) and then the query, which cannot be prepared before those types exist. The
  // types live in the session's temporary catalogue: the copy stays read-only. So one PIVOT
  // statement may hold CREATE statements before its query, and nothing else.
  const keywords = firstKeywords(sql);
  if (keywords.length === 1 && keywords[0] === "pivot" && extracted.count > 1) {
    for (let i = 0; i < extracted.count - 1; i++) {
      let type: StatementType | undefined;
      try {
        type = (await extracted.prepare(i)).statementType;
      } catch {
        type = undefined;
      }
      if (type !== StatementType.CREATE)
        throw new WorkforceError(
          "sql_not_read_only",
          { statement: "PIVOT", detail: "expands to more than its enum types and its query" },
          EXIT.usage,
        );
    }
    return 1;
  }
  for (let i = 0; i < extracted.count; i++) {
    let type: StatementType;
    try {
      type = (await extracted.prepare(i)).statementType;
    } catch (e) {
      throw queryError(e);
    }
    if (!ALLOWED_TYPES.has(type))
      throw new WorkforceError(
        "sql_not_read_only",
        { statement: STATEMENT_NAMES[type] ?? `statement type ${type}`, detail: "would change something" },
        EXIT.usage,
      );
  }
  return extracted.count;
}

/** Open the analyst copy read-only with no file system access. */
export async function openAnalytics(dataDir: string): Promise<{ con: DuckDBConnection; close: () => void }> {
  const p = publishedPaths(dataDir);
  if (!existsSync(p.analytics)) throw new WorkforceError("no_published", { path: p.analytics }, EXIT.usage);
  // Resolve the `current` link once: this session keeps reading the version it opened.
  const file = realpathSync(p.analytics);
  const instance = await DuckDBInstance.create(file, {
    access_mode: "READ_ONLY",
    enable_external_access: "false",
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
  });
  const con = await instance.connect();
  // Tables by their name alone as well (dim_people for marts.dim_people: describe accepts both),
  // then the configuration is locked before any query: no query can change it (file access).
  await con.run("set search_path = 'marts,reporting'; set lock_configuration = true");
  return {
    con,
    close: () => {
      con.closeSync();
      instance.closeSync();
    },
  };
}

interface Result {
  columns: string[];
  rows: Record<string, unknown>[];
  /** The result's row count, when `rows` holds only its first rows (`runQuery`'s `maxRows`). */
  total?: number;
}

/**
 * The most rows the table format shows: drawing a text table of the 105,687 rows of
 * `marts.dim_people` (27 columns) ran for over 17 minutes. The rest is counted and the note under
 * the table says how to get every row (CSV or JSON, which are written whole).
 */
export const TABLE_MAX_ROWS = 100;

/** 64- and 128-bit integers, which DuckDB's JSON rows give as strings (they may not fit a double). */
const WIDE_INTEGER = /^(BIGINT|UBIGINT|HUGEINT|UHUGEINT)$/;

/** Refuse what is not one read-only query (`sql_empty`, `sql_several_statements`, `sql_not_read_only`). */
async function checkQuery(con: DuckDBConnection, sql: string): Promise<void> {
  const statements = await assertReadOnly(con, sql);
  // Only one result is shown: a second statement's would be lost without a word.
  if (statements === 0) throw new WorkforceError("sql_empty", {}, EXIT.usage);
  if (statements > 1) throw new WorkforceError("sql_several_statements", { count: statements }, EXIT.usage);
}

/**
 * Counts are BIGINT: as JSON numbers when exact (every count here), as strings otherwise.
 * (A name given to two columns keys one value in the row objects: left as it is.)
 */
function exactIntegers(columns: string[], types: { toString(): string }[]) {
  const wide = columns.filter(
    (c, i) => WIDE_INTEGER.test(types[i]!.toString()) && columns.indexOf(c) === columns.lastIndexOf(c),
  );
  return (rows: Record<string, unknown>[]) => {
    for (const row of rows)
      for (const c of wide) {
        const v = row[c];
        if (typeof v === "string" && Number.isSafeInteger(Number(v))) row[c] = Number(v);
      }
    return rows;
  };
}

export async function runQuery(
  con: DuckDBConnection,
  sql: string,
  /** Convert only the first `maxRows` rows (the others are counted: `Result.total`). */
  opts: { maxRows?: number } = {},
): Promise<Result> {
  await checkQuery(con, sql);
  try {
    const reader =
      opts.maxRows === undefined
        ? await con.runAndReadAll(sql)
        : await con.streamAndReadUntil(sql, opts.maxRows + 1);
    const columns = reader.columnNames();
    let rows = reader.getRowObjectsJson() as Record<string, unknown>[];
    let total: number | undefined;
    if (opts.maxRows !== undefined && rows.length > opts.maxRows) {
      rows = rows.slice(0, opts.maxRows);
      // The rest is read (DuckDB's chunks, not converted) only to count it.
      await reader.readAll();
      total = reader.currentRowCount;
    }
    exactIntegers(columns, reader.columnTypes())(rows);
    return total === undefined ? { columns, rows } : { columns, rows, total };
  } catch (e) {
    throw queryError(e);
  }
}

/**
 * Write a file through `produce`: into a temporary file beside it, renamed over it once complete,
 * so that a query failing part way leaves the file as it was (or absent). A path that is not a
 * regular file (/dev/stdout, a pipe) is written directly. Errors are `output_unwritable`.
 */
async function writeOutput(
  output: string,
  produce: (out: NodeJS.WritableStream) => Promise<number>,
): Promise<number> {
  let special = false;
  try {
    special = !statSync(output).isFile();
  } catch {
    // absent: written through a temporary file like a regular one
  }
  const target = special ? output : join(dirname(output), `.${basename(output)}.partial-${process.pid}`);
  // Opened before the query runs: a file that cannot be created (no such folder, no permission)
  // fails here, with no query under way (closing DuckDB under a running query can crash it).
  let fd: number;
  try {
    fd = openSync(target, "w");
  } catch (e) {
    throw outputError(output, e);
  }
  const file = createWriteStream(target, { fd });
  const failed = new Promise<never>((_, reject) => file.on("error", (e) => reject(outputError(output, e))));
  failed.catch(() => {});
  const production = produce(file);
  try {
    const n = await Promise.race([production, failed]);
    await Promise.race([new Promise<void>((resolve) => file.end(() => resolve())), failed]);
    if (!special) renameSync(target, output);
    return n;
  } catch (e) {
    file.destroy();
    // The query stops at its next chunk (put refuses a destroyed stream): wait for it, so that
    // DuckDB is not closed under it.
    await production.catch(() => {});
    if (!special) rmSync(target, { force: true });
    throw e;
  }
}

/** Write a chunk, waiting when the stream's buffer is full (refused once the stream is destroyed). */
async function put(out: NodeJS.WritableStream, text: string): Promise<void> {
  const stream = out as NodeJS.WritableStream & { destroyed?: boolean };
  if (stream.destroyed) throw new Error("the output was closed");
  if (!out.write(text)) {
    // Whichever comes first, and the other listener removed: a long result waits here thousands
    // of times (leaving the "close" listeners made Node warn of a listener leak after ten).
    await new Promise<void>((resolve) => {
      const done = () => {
        out.off("drain", done);
        out.off("close", done);
        resolve();
      };
      out.once("drain", done);
      out.once("close", done);
    });
  }
}

/**
 * Every row of a query as CSV or JSON, written chunk by chunk as DuckDB produces them: the same
 * text as `formatResult` of the whole result, without holding it (a JSON string of the 888,000 rows
 * of the monthly snapshot is over Node's maximum string length). Returns the number of rows.
 */
export async function streamQuery(
  con: DuckDBConnection,
  sql: string,
  format: "csv" | "json",
  out: NodeJS.WritableStream,
): Promise<number> {
  await checkQuery(con, sql);
  let count = 0;
  try {
    const result = await con.stream(sql);
    const columns = result.columnNames();
    const exact = exactIntegers(columns, result.columnTypes());
    if (format === "csv") await put(out, stringify([], { header: true, columns }));
    else await put(out, "[");
    for await (const chunk of result.yieldRowObjectJson()) {
      const rows = exact(chunk as Record<string, unknown>[]);
      if (rows.length === 0) continue;
      if (format === "csv") {
        await put(out, stringify(rows.map((row) => columns.map((c) => cell(row[c])))));
      } else {
        const items = rows.map((row) => `  ${JSON.stringify(row, null, 2).replaceAll("\n", "\n  ")}`);
        await put(out, `${count === 0 ? "\n" : ",\n"}${items.join(",\n")}`);
      }
      count += rows.length;
    }
    if (format === "json") await put(out, count === 0 ? "]\n" : "\n]\n");
    return count;
  } catch (e) {
    throw e instanceof WorkforceError ? e : queryError(e);
  }
}

/** DuckDB's error as `sql_error`; a file access refused (external access is off) as `sql_file_access`. */
function queryError(e: unknown): WorkforceError {
  // DuckDB suggests its own catalog views for an unknown table (pg_constraint for nonexistent):
  // not tables of the analyst copy.
  const detail = (e as Error).message.replace(
    /\nDid you mean "(?:pg_catalog\.|information_schema\.)?(?:pg_|duckdb_|sqlite_|information_schema)[^"]*"\?/,
    "",
  );
  const file = /^Permission Error: Cannot access (?:file|directory) "([^"]*)"/.exec(detail);
  if (file) return new WorkforceError("sql_file_access", { path: file[1] }, EXIT.usage);
  return new WorkforceError("sql_error", { detail }, EXIT.usage);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

export function formatResult(r: Result, format: Format): string {
  if (format === "json") return `${JSON.stringify(r.rows, null, 2)}\n`;
  if (format === "csv")
    return stringify(
      r.rows.map((row) => r.columns.map((c) => cell(row[c]))),
      { header: true, columns: r.columns },
    );
  // Long text (descriptions) wraps at 60 characters instead of making the table as wide as its longest cell.
  const cells = r.rows.map((row) => r.columns.map((c) => cell(row[c])));
  const colWidths = r.columns.map((c, i) =>
    Math.min(62, Math.max(c.length, ...cells.map((x) => x[i]!.length)) + 2),
  );
  const t = new Table({ head: r.columns, colWidths, wordWrap: true, style: { head: [], border: [] } });
  for (const row of cells) t.push(row);
  const count =
    r.total === undefined
      ? `(${r.rows.length} row${r.rows.length === 1 ? "" : "s"})`
      : `(the first ${r.rows.length} of ${r.total.toLocaleString("en-US")} rows: add a LIMIT or a WHERE, or write every row with --format csv --output FILE)`;
  return `${t.toString()}\n${count}\n`;
}

const DOT_COMMANDS = ".tables lists the tables, .help this help, .quit (or .exit) leaves.";

async function interactive(con: DuckDBConnection, format: Format): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "workforce> " });
  process.stdout.write(
    `${pc.dim(`Read-only SQL on the analyst copy. End a query with ';'. ${DOT_COMMANDS}`)}\n`,
  );
  let buffer = "";
  rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (buffer === "" && (trimmed === ".quit" || trimmed === ".exit")) break;
    if (buffer === "" && trimmed === ".tables") {
      process.stdout.write(formatResult(await listTables(con), "table"));
      rl.prompt();
      continue;
    }
    // Any other dot command is not SQL: say which there are, rather than wait for a ';'.
    if (buffer === "" && /^\.\w*$/.test(trimmed)) {
      process.stdout.write(
        `${trimmed === ".help" ? "" : `${pc.red(`unknown command ${trimmed}.`)} `}${DOT_COMMANDS} ` +
          "`describe TABLE;` shows a table's columns, `summarize TABLE;` its values.\n",
      );
      rl.prompt();
      continue;
    }
    buffer += `${line}\n`;
    if (!trimmed.endsWith(";")) {
      rl.setPrompt("      -> ");
      rl.prompt();
      continue;
    }
    try {
      if (format === "table")
        process.stdout.write(formatResult(await runQuery(con, buffer, { maxRows: TABLE_MAX_ROWS }), format));
      else await streamQuery(con, buffer, format, process.stdout);
    } catch (e) {
      if (!(e instanceof WorkforceError)) throw e;
      process.stdout.write(`${pc.red(`error ${e.code}:`)} ${e.message}\n${pc.dim(`hint: ${e.hint}`)}\n`);
    }
    buffer = "";
    rl.setPrompt("workforce> ");
    rl.prompt();
  }
  rl.close();
  return EXIT.ok;
}

export async function sqlCommand(opts: {
  dataDir: string;
  query?: string;
  format: Format;
  output?: string;
}): Promise<number> {
  const db = await openAnalytics(opts.dataDir);
  try {
    if (opts.query === undefined) return await interactive(db.con, opts.format);
    if (opts.format !== "table") {
      // Every row, streamed to stdout or to the file (left as it was if the query fails part way).
      if (!opts.output) {
        await streamQuery(db.con, opts.query, opts.format, process.stdout);
        return EXIT.ok;
      }
      const n = await writeOutput(opts.output, (out) =>
        streamQuery(db.con, opts.query!, opts.format as "csv" | "json", out),
      );
      process.stderr.write(`wrote ${n} row${n === 1 ? "" : "s"} (${opts.format}) to ${opts.output}\n`);
      return EXIT.ok;
    }
    const result = await runQuery(db.con, opts.query, { maxRows: TABLE_MAX_ROWS });
    const text = formatResult(result, opts.format);
    if (!opts.output) {
      process.stdout.write(text);
      return EXIT.ok;
    }
    await writeOutput(opts.output, async (out) => {
      await put(out, text);
      return result.rows.length;
    });
    process.stderr.write(
      result.total === undefined
        ? `wrote ${result.rows.length} row${result.rows.length === 1 ? "" : "s"} (table) to ${opts.output}\n`
        : `wrote the first ${result.rows.length} of ${result.total.toLocaleString("en-US")} rows (table) to ${opts.output}; --format csv or json writes every row\n`,
    );
    return EXIT.ok;
  } finally {
    db.close();
  }
}

async function listTables(con: DuckDBConnection): Promise<Result> {
  const reader = await con.runAndReadAll(
    `select schema_name || '.' || table_name as "table", estimated_size::bigint::integer as "rows",
            column_count::integer as "columns", coalesce(comment, '') as description
     from duckdb_tables() where database_name = current_database() order by schema_name, table_name`,
  );
  return { columns: reader.columnNames(), rows: reader.getRowObjectsJson() as Record<string, unknown>[] };
}

export async function tablesCommand(opts: { dataDir: string; format: Format }): Promise<number> {
  const db = await openAnalytics(opts.dataDir);
  try {
    process.stdout.write(formatResult(await listTables(db.con), opts.format));
    return EXIT.ok;
  } finally {
    db.close();
  }
}

export async function describeCommand(opts: {
  dataDir: string;
  table: string;
  format: Format;
}): Promise<number> {
  const db = await openAnalytics(opts.dataDir);
  try {
    const all = (await listTables(db.con)).rows.map((r) => String(r.table));
    const wanted = opts.table.includes(".")
      ? opts.table
      : (all.find((t) => t.split(".")[1] === opts.table) ?? opts.table);
    if (!all.includes(wanted)) {
      const { didYouMean } = await import("../transforms/project.ts");
      // An unqualified name is compared with the table names alone (dim_peple: marts.dim_people).
      const short = opts.table.includes(".")
        ? null
        : didYouMean(
            opts.table,
            all.map((t) => t.split(".")[1]!),
          );
      const guess = short ? all.find((t) => t.split(".")[1] === short)! : didYouMean(wanted, all);
      throw new WorkforceError(
        "unknown_table",
        { table: opts.table, suggestion: guess ? ` (did you mean ${guess}?)` : "" },
        EXIT.usage,
      );
    }
    const [schema, table] = wanted.split(".") as [string, string];
    const reader = await db.con.runAndReadAll(
      `select column_name as "column", data_type as "type", coalesce(comment, '') as description
       from duckdb_columns() where database_name = current_database()
         and schema_name = ${lit(schema)} and table_name = ${lit(table)} order by column_index`,
    );
    const head = (
      await db.con.runAndReadAll(
        `select coalesce(comment, '') as c from duckdb_tables() where database_name = current_database()
           and schema_name = ${lit(schema)} and table_name = ${lit(table)}`,
      )
    ).getRowObjectsJson()[0]?.c as string;
    const result = {
      columns: reader.columnNames(),
      rows: reader.getRowObjectsJson() as Record<string, unknown>[],
    };
    if (opts.format === "table") process.stdout.write(`${pc.bold(wanted)}: ${head}\n`);
    process.stdout.write(formatResult(result, opts.format));
    return EXIT.ok;
  } finally {
    db.close();
  }
}
