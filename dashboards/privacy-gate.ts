/**
 * The privacy gate: the last check before the public site is published. `build-site.ts` runs it over
 * every file in `dist/` after the build and fails the build on any problem (the rejected output is
 * moved to `dist-rejected/` so nothing serves it by mistake). Run alone: `tsx dashboards/privacy-gate.ts
 * [dist-dir]` (data dir from WORKFORCE_DATA_DIR or --data-dir).
 *
 * What fails (metrics.md, "Publishing rules": no person-level or program-level row, identifier, name,
 * email or birth date; no count from 1 to k - 1):
 * - small-count: a value from 1 to k - 1 in a count column (a column or JSON key named `*_count`; the
 *   loaders refuse integer columns under any other name except `*_year`) of a data file (CSV, TSV, JSON);
 * - identifier-column: a data column or JSON key named like a person or record identifier, a person's
 *   or program's name, an email, a birth date, a phone number or a street address;
 * - identifier-value: a value shaped like a registry id (`CT` + 7 digits) or another record id of the
 *   registry export (programs, classrooms, employment, ... : registry-export-spec.md ids);
 * - email: a value shaped like an email address;
 * - birth-date: a birth-date key with a date value;
 * - person-name: the first and last name of a person in the data directory's extracts
 *   (`<data-dir>/inbox/registry-extract-*\/people.csv`), as "First Last" or "Last, First";
 * - canary: a canary token (default: any word starting with "Zzcanary"; names in the extracts that start
 *   with it become canaries too), checked everywhere, also in library code;
 * - unscannable-data: a binary data file (Parquet, Arrow, DuckDB, SQLite, Excel) that cannot be read here.
 *
 * Library files (`_npm/`, `_observablehq/`: third-party code pinned by package-lock) are checked for
 * canaries only; their licence headers name their authors. Problems name the file, the line and the
 * column but never print a leaked value in full.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { ID_FORMATS } from "../ingest/sources/codes.ts";
import { dataDir as defaultDataDir, publishingK } from "./loaders.ts";

export type GateProblemKind =
  | "small-count"
  | "identifier-column"
  | "identifier-value"
  | "email"
  | "birth-date"
  | "person-name"
  | "canary"
  | "unscannable-data";

export interface GateProblem {
  file: string;
  line: number | null;
  kind: GateProblemKind;
  detail: string;
}

export interface GateOptions {
  /** The publishing threshold (default: transforms/seeds/publishing_rules.csv). */
  k?: number;
  /** Data directory whose inbox extracts give the people's names (default WORKFORCE_DATA_DIR or ./data). */
  dataDir?: string;
  /** More names to look for (e.g. from another source). */
  names?: Iterable<{ first: string; last: string }>;
  /** Canary prefixes (default ["Zzcanary"]); a word starting with one fails the gate. */
  canaries?: readonly string[];
}

export interface GateResult {
  problems: GateProblem[];
  filesScanned: number;
  namesChecked: number;
  countCellsChecked: number;
}

const TEXT_EXTENSIONS = new Set([
  ".html",
  ".js",
  ".mjs",
  ".css",
  ".csv",
  ".tsv",
  ".json",
  ".txt",
  ".md",
  ".svg",
  ".geojson",
  ".xml",
]);
const DATA_EXTENSIONS = new Set([".csv", ".tsv", ".json", ".geojson"]);
const BINARY_DATA_EXTENSIONS = new Set([
  ".parquet",
  ".arrow",
  ".feather",
  ".duckdb",
  ".db",
  ".sqlite",
  ".xlsx",
  ".xls",
  ".zip",
]);
const LIBRARY_DIRS = ["_npm/", "_observablehq/"];

/** Column or key names that would carry person- or program-level data. */
const RECORD_ID_COLUMNS = Object.keys(ID_FORMATS).concat([
  "person_id",
  "member_id",
  "trainer_registry_id",
  "record_id",
  "merged_into",
]);
const IDENTIFIER_COLUMN =
  /(^|_)(first|last|middle|full|person|member|program|staff|trainer|teacher|employee|maiden)_?name$|^name_(first|last)$|e_?mail|birth|(^|_)dob$|(^|_)ssn$|phone|street|address|(^|_)zip(_code)?$|license_number/i;

const ID_VALUE = new RegExp(
  `\\b(?:${Object.values(ID_FORMATS)
    .map((f) => `${f.prefix}\\d{${f.digits}}`)
    .join("|")})\\b`,
  "g",
);
const REGISTRY_ID = /^CT\d{7}$/;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const BIRTH_DATE_VALUE = /birth_?date["']?\s*[:=,]\s*["']?\d{4}-\d{2}-\d{2}/gi;

function mask(value: string): string {
  return value
    .split(/\s+/)
    .map((w) => (w.length <= 1 ? "*" : `${w[0]}${"*".repeat(Math.min(w.length - 1, 8))}`))
    .join(" ");
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out.sort();
}

interface NameIndex {
  /** First token (lowercase) -> every full name (as token arrays) starting with it. */
  byFirstToken: Map<string, string[][]>;
  count: number;
}

const tokenize = (text: string): string[] => text.toLowerCase().match(/\p{L}[\p{L}'’]*/gu) ?? [];

function buildNameIndex(names: Iterable<{ first: string; last: string }>): NameIndex {
  const byFirstToken = new Map<string, string[][]>();
  const seen = new Set<string>();
  let count = 0;
  for (const { first, last } of names) {
    const f = tokenize(first);
    const l = tokenize(last);
    if (f.length === 0 || l.length === 0) continue;
    for (const tokens of [
      [...f, ...l],
      [...l, ...f],
    ]) {
      const key = tokens.join(" ");
      if (seen.has(key)) continue;
      seen.add(key);
      const list = byFirstToken.get(tokens[0] as string) ?? [];
      list.push(tokens);
      byFirstToken.set(tokens[0] as string, list);
    }
    count++;
  }
  return { byFirstToken, count };
}

/** The people's names in the data directory's inbox extracts (people.csv of every extract). */
export async function extractNames(dataDir: string): Promise<{ first: string; last: string }[]> {
  const inbox = path.join(dataDir, "inbox");
  if (!existsSync(inbox)) return [];
  const names: { first: string; last: string }[] = [];
  for (const entry of (await readdir(inbox)).sort()) {
    const file = path.join(inbox, entry, "people.csv");
    if (!entry.startsWith("registry-extract-") || !existsSync(file)) continue;
    const rows = parse(await readFile(file), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
    }) as Record<string, string>[];
    for (const row of rows) {
      if (row.first_name && row.last_name) names.push({ first: row.first_name, last: row.last_name });
    }
  }
  return names;
}

/** Scans every file of `distDir`; returns the problems (empty = the site may be published). */
export async function privacyGate(distDir: string, options: GateOptions = {}): Promise<GateResult> {
  if (!existsSync(distDir)) throw new Error(`privacy-gate: ${distDir} does not exist; build the site first`);
  const k = options.k ?? (await publishingK());
  const people = [...(await extractNames(options.dataDir ?? defaultDataDir())), ...(options.names ?? [])];
  const canaryPrefixes = (options.canaries ?? ["Zzcanary"]).map((c) => c.toLowerCase());
  for (const p of people) {
    for (const token of [...tokenize(p.first), ...tokenize(p.last)]) {
      if (canaryPrefixes.some((c) => token.startsWith(c)) && !canaryPrefixes.includes(token)) {
        canaryPrefixes.push(token);
      }
    }
  }
  const names = buildNameIndex(people);
  const problems: GateProblem[] = [];
  let countCellsChecked = 0;
  const files = await listFiles(distDir);
  let filesScanned = 0;

  for (const file of files) {
    const ext = path.extname(file).toLowerCase();
    if (BINARY_DATA_EXTENSIONS.has(ext)) {
      problems.push({
        file,
        line: null,
        kind: "unscannable-data",
        detail: `binary data file (${ext}) cannot be checked; publish CSV or JSON`,
      });
      continue;
    }
    if (!TEXT_EXTENSIONS.has(ext)) continue;
    filesScanned++;
    const text = (await readFile(path.join(distDir, file), "utf8")).replace(/^\uFEFF/, "");
    const isLibrary = LIBRARY_DIRS.some((d) => file.startsWith(d));

    // Canaries: everywhere.
    for (const match of text.matchAll(/\p{L}[\p{L}'’]*/gu)) {
      const word = match[0].toLowerCase();
      if (canaryPrefixes.some((c) => word.startsWith(c))) {
        problems.push({
          file,
          line: lineOf(text, match.index),
          kind: "canary",
          detail: `canary name ${mask(match[0])}`,
        });
      }
    }
    if (isLibrary) continue;

    // Values shaped like identifiers, emails, birth dates.
    for (const match of text.matchAll(ID_VALUE)) {
      problems.push({
        file,
        line: lineOf(text, match.index),
        kind: "identifier-value",
        detail: `${REGISTRY_ID.test(match[0]) ? "registry id" : "record id"} ${mask(match[0])}`,
      });
    }
    for (const match of text.matchAll(EMAIL)) {
      problems.push({
        file,
        line: lineOf(text, match.index),
        kind: "email",
        detail: `email ${mask(match[0])}`,
      });
    }
    for (const match of text.matchAll(BIRTH_DATE_VALUE)) {
      problems.push({ file, line: lineOf(text, match.index), kind: "birth-date", detail: "a birth date" });
    }

    // People's names: "First Last" or "Last, First".
    if (names.count > 0) {
      const tokens: { word: string; index: number }[] = [];
      // Markup is not text: "</li><li>" must not read as a person named Li Li. Tags are blanked (newlines
      // kept, so line numbers stay right) in HTML, SVG and page modules (template literals hold markup).
      const prose = /^\.(html|js|mjs|svg|xml)$/.test(ext)
        ? text.replace(/<\/?[A-Za-z][^<>]*>/g, (tag) => tag.replace(/[^\n]/g, " "))
        : text;
      for (const match of prose.matchAll(/\p{L}[\p{L}'’]*/gu)) {
        tokens.push({ word: match[0].toLowerCase(), index: match.index });
      }
      for (let i = 0; i < tokens.length; i++) {
        const candidates = names.byFirstToken.get((tokens[i] as { word: string }).word);
        if (!candidates) continue;
        for (const full of candidates) {
          if (full.every((w, j) => tokens[i + j]?.word === w)) {
            const index = (tokens[i] as { index: number }).index;
            problems.push({
              file,
              line: lineOf(text, index),
              kind: "person-name",
              detail: `a person's name ${mask(full.join(" "))}`,
            });
            break;
          }
        }
      }
    }

    // Data files: column names and small counts.
    if (DATA_EXTENSIONS.has(ext)) {
      const checked = checkDataFile(file, ext, text, k, problems);
      countCellsChecked += checked;
    }
  }
  return { problems, filesScanned, namesChecked: names.count, countCellsChecked };
}

function checkColumnName(file: string, line: number | null, name: string, problems: GateProblem[]): void {
  if (RECORD_ID_COLUMNS.includes(name.toLowerCase()) || IDENTIFIER_COLUMN.test(name)) {
    problems.push({
      file,
      line,
      kind: "identifier-column",
      detail: `column ${name} would carry person- or program-level data`,
    });
  }
}

function isSmallCount(value: unknown, k: number): boolean {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+(\.0+)?\s*$/.test(value)
        ? Number(value)
        : Number.NaN;
  return Number.isFinite(n) && n >= 1 && n <= k - 1;
}

function checkDataFile(file: string, ext: string, text: string, k: number, problems: GateProblem[]): number {
  let checked = 0;
  if (ext === ".csv" || ext === ".tsv") {
    let rows: string[][];
    try {
      rows = parse(text, {
        delimiter: ext === ".tsv" ? "\t" : ",",
        relax_column_count: true,
        skip_empty_lines: true,
      }) as string[][];
    } catch (error) {
      problems.push({
        file,
        line: null,
        kind: "unscannable-data",
        detail: `not a readable CSV: ${(error as Error).message}`,
      });
      return 0;
    }
    const header = rows[0] ?? [];
    for (const name of header) checkColumnName(file, 1, name, problems);
    const countColumns = header.map((h, i) => [h, i] as const).filter(([h]) => /_count$/i.test(h));
    for (let r = 1; r < rows.length; r++) {
      for (const [name, i] of countColumns) {
        checked++;
        if (isSmallCount(rows[r]?.[i], k)) {
          problems.push({
            file,
            line: r + 1,
            kind: "small-count",
            detail: `${name} = a count from 1 to ${k - 1}`,
          });
        }
      }
    }
    return checked;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    problems.push({ file, line: null, kind: "unscannable-data", detail: "not valid JSON" });
    return 0;
  }
  const visit = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${where}[${i}]`);
    } else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        checkColumnName(file, null, key, problems);
        if (/_count$/i.test(key)) {
          checked++;
          if (isSmallCount(value, k)) {
            problems.push({
              file,
              line: null,
              kind: "small-count",
              detail: `${where}.${key} = a count from 1 to ${k - 1}`,
            });
          }
        }
        visit(value, `${where}.${key}`);
      }
    }
  };
  visit(json, "$");
  return checked;
}

export function formatGateProblems(problems: readonly GateProblem[]): string {
  return problems
    .map((p) => `  ${p.file}${p.line == null ? "" : `:${p.line}`}  ${p.kind}: ${p.detail}`)
    .join("\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const dataDirIndex = args.indexOf("--data-dir");
  const dataDir = dataDirIndex >= 0 ? args[dataDirIndex + 1] : undefined;
  const positional = args.filter(
    (a, i) => !a.startsWith("--") && (dataDirIndex < 0 || i !== dataDirIndex + 1),
  );
  const distDir = path.resolve(positional[0] ?? "dist");
  privacyGate(distDir, { dataDir }).then(
    (result) => {
      if (result.problems.length > 0) {
        console.error(
          `privacy-gate: ${result.problems.length} problem(s) in ${distDir}:\n${formatGateProblems(result.problems)}`,
        );
        process.exitCode = 1;
      } else {
        console.log(
          `privacy-gate: ok, ${result.filesScanned} files, ${result.countCellsChecked} count cells, ${result.namesChecked} people's names checked.`,
        );
      }
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
