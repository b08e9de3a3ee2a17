/**
 * `npm start`: the whole job on an embedded DuckDB with simulated registry data when no real
 * extract is given. With an empty inbox it simulates a Connecticut-size extract into it, ingests
 * it, builds the models, publishes the de-identified analyst copy and the public site together (as
 * `workforce run` does) and serves the site on http://127.0.0.1:3000.
 *
 * Environment: WORKFORCE_DATA_DIR (default ./data), PORT (default 3000), WORKFORCE_NO_SERVE=1 to
 * stop after the build (used by tests and CI).
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildSite } from "../dashboards/build-site.ts";
import { serveDist } from "../dashboards/serve-dist.ts";
import { ingestCommand } from "../ingest/command.ts";
import { simulateCommand } from "../synthetic/command.ts";
import { buildCommand } from "../transforms/command.ts";
import { dataLayout, ensureLayout } from "./config.ts";
import { warehousePaths } from "./db.ts";
import { opsLogger } from "./ops-log.ts";
import { publish, type StagedPublication } from "./publish.ts";
import { commitVersion } from "./published.ts";
import { acquireRunLock } from "./run-lock.ts";

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
  if (!existsSync(warehousePaths(layout.root).file)) {
    console.log("\nNothing was loaded: building the site without data.");
    await buildSite({ log: (m) => console.log(m) });
    if (process.env.WORKFORCE_NO_SERVE === "1") return 0;
    return await serve();
  }
  console.log("\nBuilding the models.");
  const built = await buildCommand({ dataDir: layout.root, select: [], json: false });
  if (built !== 0) return built;
  // As `workforce run` publishes: the de-identified analyst copy and the site, switched together.
  console.log("\nPublishing the analyst copy and the public site.");
  const release = await acquireRunLock(layout.root, "start");
  let staged: StagedPublication | null = null;
  try {
    staged = (await publish({
      dataDir: layout.root,
      log: opsLogger(layout.root),
      warn: (m) => console.log(m),
      stageOnly: true,
    })) as StagedPublication;
    await buildSite({ log: (m) => console.log(m), copyTo: join(staged.staging, "site") });
    const v = commitVersion(layout.root, staged.staging, { ...staged.manifest, has_site: true });
    staged = null;
    console.log(
      [
        "",
        `Done. Published ${v.version} (as of ${v.as_of}) in ${layout.published}/: the analyst copy`,
        `(analytics.duckdb and parquet/: \`npx workforce tables\`, \`npx workforce sql "select ..."\`) and the`,
        `site (site/, also in dist/). The restricted warehouse is in ${join(layout.root, "warehouse")}/`,
        "(`npx workforce metrics`, `quarantine`, `report`, `cost`).",
      ].join("\n"),
    );
  } finally {
    if (staged) rmSync(staged.staging, { recursive: true, force: true });
    await release();
  }
  if (process.env.WORKFORCE_NO_SERVE === "1") return 0;
  return await serve();
}

async function serve(): Promise<number> {
  const port = Number(process.env.PORT ?? 3000);
  const server = await serveDist(undefined, port);
  console.log(`\nThe site is being served at ${server.url} (Ctrl-C to stop).`);
  return await new Promise<number>(() => {});
}

process.exitCode = await main();
