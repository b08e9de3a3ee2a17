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
  // Two rooms of P000001 share a name (the reports tell them apart by id and age group).
  f.raw.classrooms = f.raw.classrooms!.map((c) =>
    c.classroom_id === "R0000001" || c.classroom_id === "R0000003" ? { ...c, room_name: "Explorers" } : c,
  );
  // Scholarship requests naming P000001 from members it never confirmed (left out of its report):
  // CT0000006's spell there was never verified; CT0000008 asked after their spell ended
  // (2024-03-31). CT0000008's request of 2023 was made while confirmed staff: kept.
  const [app] = f.raw.applications!;
  const [ev] = f.raw.application_events!;
  const requests: [string, string, string, number][] = [
    ["AP00000004", "CT0000006", "2025-01-10", 2025],
    ["AP00000005", "CT0000008", "2023-05-01", 2023],
    ["AP00000006", "CT0000008", "2025-01-10", 2025],
  ];
  requests.forEach(([application_id, registry_id, submitted_on, fiscal_year], i) => {
    f.raw.applications!.push({ ...app!, application_id, registry_id, submitted_on, fiscal_year });
    f.raw.application_events!.push({
      ...ev!,
      event_id: `AE${String(900 + i).padStart(9, "0")}`,
      application_id,
      status: "SUBMITTED",
      status_on: submitted_on,
      amount_usd: null,
      reason_code: null,
    });
  });
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
