/**
 * The hand-checked registry of test/transforms/fixture.ts, with names that HTML must escape
 * (CT0000001 is "Mary-Kate O'Brien", the survivor CT0000005 has a `<script>` for a first name,
 * CT0000007's first name is a spreadsheet formula, and program P000001 is called `Kids & "Co" <Center>`),
 * built into a fresh data directory.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fixture } from "../transforms/fixture.ts";
import { buildOrFail, type Fixture, tempDir, writeWarehouse } from "../transforms/helpers.ts";

export const SCRIPT_NAME = "<script>window.__xss=1</script>";
export const PROGRAM_NAME = 'Kids & "Co" <Center>';
/** A name a spreadsheet would run as a formula: the CSVs neutralise it, the HTML prints it. */
export const FORMULA_NAME = '=HYPERLINK("http://example.invalid","x")';

export function reportFixture(): Fixture {
  const f = fixture();
  f.raw.people = f.raw.people!.map((p) => {
    if (p.registry_id === "CT0000001") return { ...p, first_name: "Mary-Kate", last_name: "O'Brien" };
    if (p.registry_id === "CT0000005") return { ...p, first_name: SCRIPT_NAME, last_name: "Nguyễn" };
    if (p.registry_id === "CT0000007") return { ...p, first_name: FORMULA_NAME };
    return p;
  });
  f.raw.programs = f.raw.programs!.map((p) =>
    p.program_id === "P000001" ? { ...p, program_name: PROGRAM_NAME } : p,
  );
  return f;
}

/** Write and build the fixture; returns the data directory. */
export async function buildReportFixture(
  f: Fixture = reportFixture(),
  prefix = "wf-reports-",
): Promise<string> {
  const dataDir = tempDir(prefix);
  await writeWarehouse(dataDir, f);
  await buildOrFail({ dataDir });
  return dataDir;
}

const BIN = join(import.meta.dirname, "..", "..", "bin", "workforce.js");

/** Run the real `workforce` command. */
export function workforce(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
