// Placeholder data loader: writes a tiny Parquet file to stdout, to prove that
// FileAttachment(...).parquet() (apache-arrow + parquet-wasm) works offline. DuckDB's node API has no
// Arrow output, so the table is written with COPY ... TO a temporary file and streamed from there.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

const dir = await mkdtemp(path.join(tmpdir(), "example-parquet-"));
const file = path.join(dir, "example.parquet");
const instance = await DuckDBInstance.create(":memory:");
const connection = await instance.connect();
try {
  await connection.run(`
    copy (
      select * from (values
        ('Infant/toddler teacher', 2023, 18.5::double, 412::integer),
        ('Infant/toddler teacher', 2024, 19.25::double, 431::integer),
        ('Preschool teacher', 2023, 19.75::double, 655::integer),
        ('Preschool teacher', 2024, 20.5::double, 672::integer)
      ) as t(role_name, fiscal_year, median_hourly_wage_usd, staff_count)
    ) to '${file.replaceAll("'", "''")}' (format parquet)
  `);
  const bytes = await readFile(file);
  if (bytes.length === 0) throw new Error("example.parquet.ts: DuckDB wrote an empty Parquet file");
  process.stdout.write(bytes);
} finally {
  connection.closeSync();
  instance.closeSync();
  await rm(dir, { recursive: true, force: true });
}
