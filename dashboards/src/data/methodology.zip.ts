// Data of the Methodology and data dictionary page (methodology.md): generated from the code, not
// copied. The dictionary of every published reporting table comes from docs/data-dictionary.json (which
// `workforce docs` generates from the model metadata; a test keeps it current); the reference tables'
// sources from the seed files themselves; the publishing rules from transforms/seeds/publishing_rules.csv;
// the data-as-of date from the current build (read-only, reporting tables only).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import {
  type ColumnMeta,
  type PageMeta,
  publishingK,
  ReportingReader,
  runLoader,
  type TableMeta,
  toExcelCsv,
  zipFiles,
} from "../../loaders.ts";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));

interface DictionaryTable {
  name: string;
  kind: string;
  grain: string;
  description: string;
  columns: { name: string; description: string }[];
}

function tableMeta(
  name: string,
  description: string,
  grain: string[],
  columns: ColumnMeta[],
  rows: number,
): TableMeta {
  return {
    table: name,
    file: `${name}.csv`,
    description,
    grain,
    where: null,
    rows,
    columns,
    withheld: {},
    coverage: null,
  };
}

const text = (name: string, description: string): ColumnMeta => ({ name, kind: "string", description });

await runLoader(async () => {
  const dictionary = JSON.parse(
    await readFile(path.join(repoRoot, "docs", "data-dictionary.json"), "utf8"),
  ) as {
    tables: DictionaryTable[];
  };
  const reporting = dictionary.tables.filter((t) => t.kind === "reporting");
  if (reporting.length === 0)
    throw new Error("methodology loader: docs/data-dictionary.json lists no reporting table");

  const tableRows = reporting.map((t) => ({
    table_name: t.name,
    description: t.description,
    grain: t.grain,
  }));
  const dictionaryRows = reporting.flatMap((t) =>
    t.columns.map((c) => ({ table_name: t.name, column_name: c.name, column_description: c.description })),
  );

  const seedsDir = path.join(repoRoot, "transforms", "seeds");
  const seedDocs = new Map(dictionary.tables.filter((t) => t.kind === "seed").map((t) => [t.name, t]));
  const referenceRows: Record<string, string>[] = [];
  for (const file of (await readdir(seedsDir)).filter((f) => f.endsWith(".csv")).sort()) {
    const name = `seeds.${file.replace(/\.csv$/, "")}`;
    const rows = parse(await readFile(path.join(seedsDir, file)), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    const sources = new Map<string, Set<string>>();
    for (const row of rows) {
      const source = row.source ?? "";
      if (!sources.has(source)) sources.set(source, new Set());
      if (row.as_of) sources.get(source)?.add(row.as_of);
    }
    for (const [source, asOf] of sources) {
      referenceRows.push({
        table_name: name,
        description: seedDocs.get(name)?.description ?? "",
        source,
        as_of_dates: [...asOf].sort().join(", "),
      });
    }
  }

  const rulesText = await readFile(path.join(seedsDir, "publishing_rules.csv"), "utf8");
  const rules = (parse(rulesText, { columns: true, bom: true }) as Record<string, string>[]).find(
    (r) => r.rule_set_code === "DEFAULT",
  );
  if (!rules) throw new Error("methodology loader: publishing_rules.csv has no DEFAULT rule set");

  const reader = await ReportingReader.open();
  let asOf: string;
  let suppression: Awaited<ReturnType<ReportingReader["read"]>>;
  try {
    asOf = await reader.asOfDate();
    suppression = await reader.read({
      table: "rpt_suppression_summary_by_table",
      name: "suppression_summary",
    });
  } finally {
    await reader.close();
  }

  const tableColumns = [
    text("table_name", "The published reporting table."),
    text("description", "What one row of the table is, from the model's metadata."),
    text("grain", "The columns that identify a row."),
  ];
  const dictionaryColumns = [
    text("table_name", "The published reporting table."),
    text("column_name", "The column."),
    text("column_description", "What the column holds, from the model's metadata."),
  ];
  const referenceColumns = [
    text("table_name", "The reference table (transforms/seeds/)."),
    text("description", "What the table is, from the data dictionary."),
    text("source", "Where its rows come from, as the rows say."),
    text("as_of_dates", "The as-of dates of the rows with this source."),
  ];
  // Renamed for the page: a key ending in _count would read as a published count to the privacy gate.
  const publishingRules = {
    k: Number(rules.min_cell_count),
    min_share_denominator_multiple: Number(rules.min_share_denominator_multiple),
    min_wage_programs: Number(rules.min_wage_program_count),
    max_wage_program_share_pct: Number(rules.max_wage_program_share_pct),
    source: rules.source ?? "",
  };
  const meta: PageMeta & { publishing_rules: typeof publishingRules } = {
    as_of_date: asOf,
    generated_at: new Date().toISOString(),
    k: await publishingK(),
    publishing_rules: publishingRules,
    tables: {
      suppression_summary: suppression.meta,
      tables: tableMeta(
        "tables",
        "One row per published reporting table, from docs/data-dictionary.json.",
        ["table_name"],
        tableColumns,
        tableRows.length,
      ),
      dictionary: tableMeta(
        "dictionary",
        "One row per column of every published reporting table, from docs/data-dictionary.json.",
        ["table_name", "column_name"],
        dictionaryColumns,
        dictionaryRows.length,
      ),
      reference_tables: tableMeta(
        "reference_tables",
        "One row per reference table and source, from the seed files.",
        ["table_name", "source"],
        referenceColumns,
        referenceRows.length,
      ),
    },
  };
  return zipFiles(
    new Map([
      [
        "suppression_summary.csv",
        toExcelCsv(
          suppression.meta.columns.map((c) => c.name),
          suppression.rows,
        ),
      ],
      [
        "tables.csv",
        toExcelCsv(
          tableColumns.map((c) => c.name),
          tableRows,
        ),
      ],
      [
        "dictionary.csv",
        toExcelCsv(
          dictionaryColumns.map((c) => c.name),
          dictionaryRows,
        ),
      ],
      [
        "reference_tables.csv",
        toExcelCsv(
          referenceColumns.map((c) => c.name),
          referenceRows,
        ),
      ],
      ["meta.json", `${JSON.stringify(meta, null, 1)}\n`],
    ]),
  );
});
