/**
 * `npm start`: the whole job on an embedded DuckDB with simulated registry data when no real
 * extract is given. With an empty inbox it simulates a Connecticut-size extract into it, then runs
 * the pipeline stages that exist, builds the public site and serves it on http://127.0.0.1:3000.
 *
 * Environment: WORKFORCE_DATA_DIR (default ./data), PORT (default 3000), WORKFORCE_NO_SERVE=1 to
 * stop after the build (used by tests and CI).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { buildSite } from "../dashboards/build-site.ts";
import { serveDist } from "../dashboards/serve-dist.ts";
import { ingestCommand } from "../ingest/command.ts";
import { simulateCommand } from "../synthetic/command.ts";
import { buildCommand } from "../transforms/command.ts";
import { dataLayout, ensureLayout } from "./config.ts";
import { warehousePaths } from "./db.ts";

function hasExtracts(inbox: string): boolean {
  return (
    existsSync(inbox) &&
    readdirSync(inbox).some(
      (d) => d.startsWith("registry-extract-") && existsSync(join(inbox, d, "manifest.json")),
    )
  );
}

async function main(): Promise<number> {
  const layout = ensureLayout(dataLayout());
  if (!hasExtracts(layout.inbox)) {
    console.log(
      `The inbox ${layout.inbox} is empty: simulating a Connecticut-size registry extract into it.`,
    );
    const code = await simulateCommand({
      out: layout.inbox,
      asOf: "2026-06-30",
      members: 24_000,
      seed: "ct",
      deltas: 3,
      defects: 0.002,
      fileDefects: false,
      json: false,
    });
    if (code !== 0) return code;
  } else {
    console.log(`Using the extracts already in ${layout.inbox}.`);
  }
  console.log("\nIngesting the inbox into the restricted warehouse.");
  const ingested = await ingestCommand({ dataDir: layout.root, inbox: layout.inbox });
  if (ingested !== 0)
    console.log("Some extracts were not loaded (see above); continuing with what was loaded.");
  if (existsSync(warehousePaths(layout.root).file)) {
    console.log("\nBuilding the models.");
    const built = await buildCommand({ dataDir: layout.root, select: [], json: false });
    if (built !== 0) return built;
  }
  await buildSite({ log: (m) => console.log(m) });
  console.log(
    [
      "",
      `Done. The restricted warehouse is in ${join(layout.root, "warehouse")}/ (read by \`npx workforce metrics\`,`,
      "`quarantine`, `report` and `cost`); the public site is in dist/.",
      "For SQL on the de-identified analyst copy, publish it first (`npx workforce publish`, then",
      '`npx workforce sql "select ..."`), or run the whole nightly job as `npx workforce run` does.',
    ].join("\n"),
  );
  if (process.env.WORKFORCE_NO_SERVE === "1") return 0;
  const port = Number(process.env.PORT ?? 3000);
  const server = await serveDist(undefined, port);
  console.log(`\nThe site is being served at ${server.url} (Ctrl-C to stop).`);
  return await new Promise<number>(() => {});
}

process.exitCode = await main();
