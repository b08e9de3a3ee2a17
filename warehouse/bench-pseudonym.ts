/**
 * `npm run bench:pseudonym`: how to compute HMAC-SHA256 pseudonyms of registry ids for the analyst
 * copy. Over N registry ids (default 1,000,000; `--ids N`), each variant writes a table of
 * (id, pseudonym) from a table of ids, and is reported as a ratio to the baseline measured in the
 * same run, DuckDB's built-in unkeyed `sha256(id)` (which must NOT be published: it can be reversed
 * by hashing every possible id):
 *  - sql-macro: HMAC composed from DuckDB's built-in sha256(BLOB) and unhex (pseudonym.ts; used);
 *  - node-udf: a scalar function registered from Node (crypto.createHmac per value);
 *  - node-lookup: distinct ids read into Node, HMAC'd there, appended to a lookup table, joined.
 * Each variant is checked against Node's crypto.createHmac on a sample.
 */
import { createHmac } from "node:crypto";
import { DuckDBInstance, DuckDBScalarFunction, VARCHAR } from "@duckdb/node-api";
import { definePseudonymMacro } from "./pseudonym.ts";

const arg = process.argv.indexOf("--ids");
const N = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const key = Buffer.from("bench-key-0123456789abcdef0123456789abcdef");

const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const con = await instance.connect();
await con.run(`create table ids as select 'CT' || lpad(i::varchar, 7, '0') as id from range(${N}) t(i)`);
await definePseudonymMacro(con, key);
con.registerScalarFunction(
  DuckDBScalarFunction.create({
    name: "hmac_udf",
    returnType: VARCHAR,
    parameterTypes: [VARCHAR],
    mainFunction: (_info, input, output) => {
      const v = input.getColumnVector(0);
      for (let i = 0; i < input.rowCount; i++) {
        const s = v.getItem(i) as string | null;
        output.setItem(i, s === null ? null : createHmac("sha256", key).update(s).digest("hex"));
      }
      output.flush();
    },
  }),
);

async function time(name: string, fn: () => Promise<unknown>): Promise<number> {
  await con.run("drop table if exists out");
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  const sample = (
    await con.runAndReadAll("select id, p from out using sample 5 rows")
  ).getRowObjectsJson() as {
    id: string;
    p: string;
  }[];
  if (name !== "baseline")
    for (const r of sample) {
      if (r.p !== createHmac("sha256", key).update(r.id).digest("hex"))
        throw new Error(`${name}: wrong HMAC for ${r.id}`);
    }
  return s;
}

const results: Record<string, number> = {};
results.baseline = await time("baseline", () =>
  con.run("create table out as select id, sha256(id) as p from ids"),
);
results["sql-macro"] = await time("sql-macro", () =>
  con.run("create table out as select id, pseudonym(id) as p from ids"),
);
results["node-udf"] = await time("node-udf", () =>
  con.run("create table out as select id, hmac_udf(id) as p from ids"),
);
results["node-lookup"] = await time("node-lookup", async () => {
  const reader = await con.runAndReadAll("select distinct id from ids");
  const ids = reader.getColumns()[0] as string[];
  await con.run("create or replace table lookup (id varchar, p varchar)");
  const appender = await con.createAppender("lookup");
  for (const id of ids) {
    appender.appendVarchar(id);
    appender.appendVarchar(createHmac("sha256", key).update(id).digest("hex"));
    appender.endRow();
  }
  appender.closeSync();
  await con.run("create table out as select ids.id, lookup.p from ids join lookup using (id)");
});

console.log(`HMAC-SHA256 pseudonyms of ${N.toLocaleString("en-US")} registry ids (2 DuckDB threads)`);
for (const [name, s] of Object.entries(results)) {
  console.log(
    `  ${name.padEnd(12)} ${s.toFixed(2).padStart(7)} s  ${(s / results.baseline!).toFixed(2).padStart(6)}x baseline`,
  );
}
con.closeSync();
instance.closeSync();
