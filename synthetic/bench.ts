/**
 * `npm run bench:simulate [-- --members N]`: simulator throughput. Reports records per second, peak
 * memory, and the ratio of the simulation's time to an I/O floor measured in the same run (copying
 * the same output bytes), so the figure means something on a noisy machine.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { simulateCommand } from "./command.ts";

const { values } = parseArgs({ options: { members: { type: "string", default: "200000" } } });
const members = Number(values.members);
const out = mkdtempSync(join(tmpdir(), "bench-sim-"));
try {
  const t0 = performance.now();
  await simulateCommand({
    out,
    asOf: "2026-06-30",
    members,
    seed: "bench",
    deltas: 0,
    defects: 0,
    fileDefects: false,
    json: true,
  });
  const simSeconds = (performance.now() - t0) / 1000;
  const folder = join(out, "registry-extract-2026-06-30");
  const copy = join(out, "copy");
  mkdirSync(copy);
  let bytes = 0;
  const t1 = performance.now();
  for (const f of readdirSync(folder)) {
    copyFileSync(join(folder, f), join(copy, f));
    bytes += statSync(join(folder, f)).size;
  }
  const ioSeconds = (performance.now() - t1) / 1000;
  console.log(
    JSON.stringify(
      {
        benchmark: "simulate",
        members,
        output_mib: Math.round(bytes / 2 ** 20),
        simulate_seconds: Math.round(simSeconds * 10) / 10,
        io_floor_seconds: Math.round(ioSeconds * 100) / 100,
        ratio_to_io_floor: Math.round((simSeconds / ioSeconds) * 10) / 10,
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
