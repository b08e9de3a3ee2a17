/**
 * The cheaper forms the generated staging SQL uses must give exactly the result of what they
 * replace, for every value (NULL included): a rule's id regular expression rewritten as GLOB, and
 * code-list membership as list_contains instead of IN.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cheapenRuleSql, failureBranches } from "../../ingest/checks.ts";
import { ID_FORMATS, RECORD_TYPES } from "../../ingest/sources/codes.ts";
import { SOURCE_BY_NAME } from "../../ingest/sources/index.ts";

let instance: DuckDBInstance;
let con: Awaited<ReturnType<DuckDBInstance["connect"]>>;

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  con = await instance.connect();
});

afterAll(() => {
  con.closeSync();
  instance.closeSync();
});

const VALUES = [
  "E12345678",
  "E1234567",
  "E123456789",
  "e12345678",
  "E1234567a",
  "E12345.78",
  " E12345678",
  "E12345678 ",
  "E1234567٣",
  "XE12345678",
  "",
  "1.2E+5",
  "E*",
  "E[0-9]{8}",
  "\u0001",
];

async function column(sql: string, values: (string | null)[]): Promise<unknown[]> {
  const list = values.map((v) => (v === null ? "NULL::VARCHAR" : `'${v.replaceAll("'", "''")}'`)).join(", ");
  const r = await con.runAndReadAll(
    `SELECT ${sql} FROM (SELECT unnest([${list}]) AS x, generate_subscripts([${list}], 1) AS i) ORDER BY i`,
  );
  return r.getRows().map((row) => row[0]);
}

describe("staging SQL rewrites", () => {
  it("rewrites a fixed-prefix id regular expression of a rule as an equivalent GLOB", async () => {
    for (const { prefix, digits } of [
      ID_FORMATS.education_id,
      { prefix: "CT", digits: 7 },
      { prefix: "", digits: 3 },
    ]) {
      const original = `regexp_full_match(x, '${prefix}[0-9]{${digits}}')`;
      const rewritten = cheapenRuleSql(original);
      expect(rewritten).not.toContain("regexp");
      const values = [
        ...VALUES,
        null,
        `${prefix}${"7".repeat(digits)}`,
        `${prefix}${"7".repeat(digits + 1)}`,
      ];
      expect(await column(rewritten, values)).toEqual(await column(original, values));
      expect(await column(`NOT ${rewritten}`, values)).toEqual(await column(`NOT ${original}`, values));
    }
  });

  it("leaves any other pattern as written", () => {
    for (const sql of [
      "regexp_full_match(x, '[A-Z][0-9]{8}')",
      "regexp_full_match(x, 'E[0-9]{8}', 'i')",
      "regexp_full_match(x, 'E[0-9]+')",
      "x like 'E%'",
    ]) {
      expect(cheapenRuleSql(sql)).toBe(sql);
    }
  });

  it("verifications' record_id rule keeps its meaning without a regular expression", async () => {
    const v = SOURCE_BY_NAME.get("verifications")!;
    const branches = failureBranches(v, "2026-06-30");
    const rule = branches[branches.length - 1]!;
    expect(rule).not.toContain("regexp");
    const original = v.rules[0]!.sql;
    const rewritten = cheapenRuleSql(original);
    const cases: string[] = [];
    for (const t of [...RECORD_TYPES, "OTHER"])
      for (const id of [...VALUES, "T123456789", "W12345678", "K1234567", "C12345678"])
        cases.push(`('${t}', '${id.replaceAll("'", "''")}')`);
    cases.push("(NULL, 'E12345678')", "('EDUCATION', NULL)");
    const q = (sql: string) =>
      `SELECT ${sql} FROM (VALUES ${cases.join(", ")}) t(record_type, record_id) ORDER BY ALL`;
    const a = (await con.runAndReadAll(q(`record_type, record_id, (${original})`))).getRows();
    const b = (await con.runAndReadAll(q(`record_type, record_id, (${rewritten})`))).getRows();
    expect(b).toEqual(a);
  });

  it("tests code-list membership with list_contains, with IN's result for every value", async () => {
    const branches = failureBranches(SOURCE_BY_NAME.get("people")!, "2026-06-30").join("\n");
    expect(branches).toContain("list_contains(");
    const codes = ["ACTIVE", "INACTIVE", "MERGED"];
    const values = [...codes, "active", " ACTIVE", "", "\u0001", null];
    const list = codes.map((c) => `'${c}'`).join(", ");
    expect(await column(`list_contains([${list}], x)`, values)).toEqual(
      await column(`x IN (${list})`, values),
    );
    expect(await column(`NOT list_contains([${list}], x)`, values)).toEqual(
      await column(`NOT (x IN (${list}))`, values),
    );
  });
});
