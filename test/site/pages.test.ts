/**
 * The public site end to end, on a small simulated warehouse (test/site/fixture.ts, canary names planted
 * in its extract):
 * - builds the site from a clean cache (`build-site.ts --clean`: dashboards/src/.observablehq and dist/
 *   deleted inside the build lock) with no network
 *   (`unshare -n`, when the kernel allows it), as `npm run build:site` does: check-dist and the privacy
 *   gate run inside the build, and are re-run here;
 * - every loader ran in this build (no stale output: each page's meta.json was generated after the build
 *   started);
 * - visits EVERY page listed in observablehq.config.ts in headless Chromium (playwright-core,
 *   /usr/bin/chromium, fresh profile): no console error, no failed request, no request off 127.0.0.1,
 *   a title and a "what this answers" line, a data-as-of date, a suppression note, every chart card has
 *   drawn SVG marks and a table view, a first chart is drawn (how soon: `npm run bench:site`), every download
 *   link returns its CSV (BOM, quoted header equal to the table's columns, the announced row count), the
 *   page's data files weigh at most 300 KB; screenshots go to test-output/screenshots/ (git-ignored);
 * - every headline card shows the value of the reporting table it names (read here with DuckDB);
 * - the privacy gate passes the real build and catches leaks injected into a copy of it.
 *
 * SITE_TEST_REUSE_DIST=1 tests a dist/ built earlier from the same fixture instead of rebuilding.
 * Needs Chromium at /usr/bin/chromium (or CHROMIUM_PATH): skipped with a warning when absent, unless CI
 * is set, in which case it fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeLoaderCache } from "../../dashboards/build-site.ts";
import { checkDist, formatProblems } from "../../dashboards/check-dist.ts";
import {
  CHROMIUM_ARGS,
  type ConfigPage,
  configPages,
  recordFirstChart,
} from "../../dashboards/page-timing.ts";
import { extractNames, formatGateProblems, privacyGate } from "../../dashboards/privacy-gate.ts";
import { type DistServer, serveDist } from "../../dashboards/serve-dist.ts";
import config from "../../observablehq.config.ts";
import { FIXTURE_AS_OF, repoRoot, siteFixtureDataDir } from "./fixture.ts";

// The run's own copy of the build (build-site.ts --copy-to), so no other build or test run of this
// working tree can change it under the test; SITE_TEST_REUSE_DIST=1 tests dist/ itself.
const builtDir = path.join(tmpdir(), `site-test-dist-${process.pid}-${Date.now()}`);
const distDir = process.env.SITE_TEST_REUSE_DIST === "1" ? path.join(repoRoot, "dist") : builtDir;
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasChromium = existsSync(chromiumPath);
const isCI = Boolean(process.env.CI) && process.env.CI !== "false" && process.env.CI !== "0";
const screenshotDir = path.join(repoRoot, "test-output", "screenshots");
const MAX_PAGE_DATA_BYTES = 300 * 1024;

if (!hasChromium && !isCI) {
  console.warn(
    `pages.test.ts skipped: no Chromium at ${chromiumPath} (apt-get install -y chromium, or set CHROMIUM_PATH). ` +
      "With CI=true this test fails instead of skipping.",
  );
}

const PAGES = configPages((config as { pages: ConfigPage[] }).pages);

function canUnshareNetwork(): boolean {
  return spawnSync("unshare", ["-n", "true"], { stdio: "ignore" }).status === 0;
}

interface PageVisit {
  path: string;
  consoleErrors: string[];
  failedRequests: string[];
  badResponses: string[];
  foreignRequests: string[];
  dataBytes: number;
  dataFiles: string[];
  firstChartMs: number | null;
  title: string;
  whatThisAnswers: string;
  asOf: string | null;
  hasSuppressionNote: boolean;
  figures: {
    id: string;
    markElements: number;
    allSuppressedNote: boolean;
    /** Axis tick labels written in exponent notation ("2e+3": d3's "," format without a type). */
    exponentTicks: string[];
    /** The texts drawn in the benchmark colour (the laws' names on the goal timelines). */
    benchmarkTexts: string[];
    hasTableView: boolean;
    ariaLabelledSvg: boolean;
  }[];
  downloads: { href: string; columns: string; rows: number }[];
  cards: { table: string; column: string; key: string; where: string; format: string; text: string }[];
}

/** Numbers as the cards print them: "1,886", "$22.92", "$47,675", "15.4%", "0.85". */
function parseCardText(text: string, format: string): number | null {
  const t = text.trim();
  if (t === "suppressed") return null;
  const n = Number(t.replace(/[$,%\s]/g, ""));
  if (!Number.isFinite(n)) throw new Error(`card text ${JSON.stringify(text)} is not a number`);
  return format === "pct" ? n / 100 : n;
}

// Half a unit of the last digit each format shows (counts print as whole numbers).
const TOLERANCE: Record<string, number> = {
  count: 0.5,
  pct: 0.0005,
  usd: 0.005,
  usd0: 0.5,
  ratio: 0.005,
  year: 0,
};

describe.skipIf(!hasChromium && !isCI)("the public site", () => {
  let dataDir = "";
  let buildStarted = 0;
  let server: DistServer | undefined;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  const visits = new Map<string, PageVisit>();

  beforeAll(async () => {
    if (!hasChromium) {
      throw new Error(`CI is set but Chromium is missing at ${chromiumPath}: apt-get install -y chromium`);
    }
    dataDir = await siteFixtureDataDir();
    if (process.env.SITE_TEST_REUSE_DIST !== "1") {
      const offline = canUnshareNetwork();
      const tsx = path.join(repoRoot, "node_modules", ".bin", "tsx");
      const command = offline ? ["unshare", "-n", tsx] : [tsx];
      buildStarted = Date.now();
      const build = spawnSync(
        command[0] ?? tsx,
        [...command.slice(1), "dashboards/build-site.ts", "--clean", "--copy-to", builtDir],
        {
          cwd: repoRoot,
          encoding: "utf8",
          timeout: 600_000,
          env: { ...process.env, WORKFORCE_DATA_DIR: dataDir },
        },
      );
      if (build.status !== 0) {
        throw new Error(`build-site failed (status ${build.status}):\n${build.stdout}\n${build.stderr}`);
      }
      console.log(
        `site built ${offline ? "with no network (unshare -n)" : "WITH network (unshare -n not permitted here)"} ` +
          `in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s from a clean cache`,
      );
    }
    server = await serveDist(distDir);
    userDataDir = await mkdtemp(path.join(tmpdir(), "chromium-profile-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    // Records when the first chart card has drawn marks (ms since navigation start).
    await recordFirstChart(context);
    await mkdir(screenshotDir, { recursive: true });
    for (const p of PAGES) visits.set(p.path, await visit(context, server.url, p.path));
  }, 900_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    await rm(builtDir, { recursive: true, force: true });
  });

  it("lists the required pages", () => {
    const paths = PAGES.map((p) => p.path);
    for (const required of ["/", "/qualification-goals", "/compensation", "/methodology"]) {
      expect(paths).toContain(required);
    }
  });

  it("dist/ has no external assets and no unresolved imports", async () => {
    const result = await checkDist(distDir);
    expect(formatProblems(result)).toBe("");
    expect(result.filesScanned).toBeGreaterThan(PAGES.length);
  });

  it("every loader ran in this build: no stale output", async () => {
    if (process.env.SITE_TEST_REUSE_DIST === "1") return;
    const metaFiles: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (/^meta\.[0-9a-f]+\.json$/.test(entry.name)) metaFiles.push(full);
      }
    };
    await walk(path.join(distDir, "_file", "data"));
    expect(metaFiles.length).toBeGreaterThanOrEqual(PAGES.length - 1);
    for (const file of metaFiles) {
      const meta = JSON.parse(await readFile(file, "utf8")) as { generated_at: string; as_of_date: string };
      expect(Date.parse(meta.generated_at), file).toBeGreaterThanOrEqual(buildStarted - 1000);
      expect(meta.as_of_date).toBe(FIXTURE_AS_OF);
    }
  });

  it("purging the loader cache keeps only the npm cache", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "purge-"));
    const cache = path.join(root, ".observablehq", "cache");
    await mkdir(path.join(cache, "_npm", "htl@0.3.1"), { recursive: true });
    await mkdir(path.join(cache, "data", "overview"), { recursive: true });
    await writeFile(path.join(cache, "data", "overview.zip"), "stale");
    await writeFile(path.join(cache, "data", "overview", "meta.json"), "{}");
    expect(await purgeLoaderCache(root)).toEqual(["data"]);
    expect(await readdir(cache)).toEqual(["_npm"]);
    await rm(root, { recursive: true, force: true });
  });

  describe.each(PAGES)("page $name ($path)", ({ path: pagePath }) => {
    const v = () => {
      const found = visits.get(pagePath);
      if (!found) throw new Error(`page ${pagePath} was not visited`);
      return found;
    };

    it("loads with no console error, no failed request and nothing off 127.0.0.1", () => {
      expect(v().consoleErrors).toEqual([]);
      expect(v().failedRequests).toEqual([]);
      expect(v().badResponses).toEqual([]);
      expect(v().foreignRequests).toEqual([]);
    });

    it("has a title, what it answers, the data-as-of date and a suppression note", () => {
      expect(v().title.length).toBeGreaterThan(3);
      expect(v().whatThisAnswers).toMatch(/^What this answers: .{20,}/);
      expect(v().asOf).toBe(FIXTURE_AS_OF);
      expect(v().hasSuppressionNote).toBe(true);
    });

    it("draws every chart's marks, with an aria label and a table view", () => {
      expect(v().figures.length).toBeGreaterThan(0);
      for (const figure of v().figures) {
        // A chart whose every value is withheld draws no data marks but must say so on the chart.
        if (!figure.allSuppressedNote) {
          expect(figure.markElements, `#${figure.id} has no drawn marks`).toBeGreaterThan(0);
        }
        expect(figure.ariaLabelledSvg, `#${figure.id} svg has no aria-label`).toBe(true);
        expect(figure.hasTableView, `#${figure.id} has no table view`).toBe(true);
        expect(figure.exponentTicks, `#${figure.id} has ticks in exponent notation`).toEqual([]);
      }
    });

    // How soon is measured by `npm run bench:site` (a timed assertion here would fail on a busy
    // machine and prove nothing on an idle one); this checks that a chart is drawn at all.
    it("draws a chart card's marks after navigation", () => {
      console.log(
        `${pagePath}: first chart drawn ${v().firstChartMs?.toFixed(0)} ms after navigation; data ${(v().dataBytes / 1024).toFixed(0)} KB`,
      );
      expect(v().firstChartMs).not.toBeNull();
      expect(v().firstChartMs).toBeGreaterThan(0);
    });

    it("keeps the page's data files under 300 KB", () => {
      expect(v().dataFiles.length).toBeGreaterThan(0);
      expect(v().dataBytes).toBeLessThanOrEqual(MAX_PAGE_DATA_BYTES);
    });

    it("serves every download as an Excel-friendly CSV with the table's header", async () => {
      if (!context || !server) throw new Error("setup failed");
      expect(v().downloads.length).toBeGreaterThan(0);
      for (const d of v().downloads) {
        const response = await context.request.get(new URL(d.href, new URL(pagePath, server.url)).href);
        expect(response.status(), d.href).toBe(200);
        const body = await response.body();
        expect([...body.subarray(0, 3)], `${d.href} starts with a UTF-8 BOM`).toEqual([0xef, 0xbb, 0xbf]);
        const text = body.subarray(3).toString("utf8");
        const [header, ...lines] = text.split("\r\n").filter((l) => l.length > 0);
        expect(header).toBe(
          d.columns
            .split(",")
            .map((c) => `"${c}"`)
            .join(","),
        );
        expect(lines.length, `${d.href} rows`).toBe(d.rows);
      }
    });

    it("shows headline cards equal to the reporting tables", async () => {
      const cards = v().cards;
      if (pagePath === "/") expect(cards.length).toBeGreaterThanOrEqual(4);
      if (cards.length === 0) return;
      const instance = await DuckDBInstance.create(path.join(dataDir, "warehouse", "models.duckdb"), {
        access_mode: "READ_ONLY",
      });
      const con = await instance.connect();
      try {
        for (const card of cards) {
          const key = JSON.parse(card.key) as Record<string, string | number | boolean | null>;
          const where = Object.entries(key)
            .map(([k, val]) =>
              val === null
                ? `"${k}" is null`
                : typeof val === "string"
                  ? `"${k}"::varchar = '${val.replaceAll("'", "''")}'`
                  : `"${k}" = ${val}`,
            )
            .join(" and ");
          const filter = [card.where ? `(${card.where})` : "", where].filter(Boolean).join(" and ") || "true";
          expect(card.table).toMatch(/^rpt_[a-z0-9_]+$/);
          const reader = await con.runAndReadAll(
            `select "${card.column}"::double as v from reporting.${card.table} where ${filter}`,
          );
          const rows = reader.getRowObjectsJS();
          expect(rows.length, `${card.table} ${card.key} ${card.where}`).toBe(1);
          const expected = rows[0]?.v as number | null;
          const shown = parseCardText(card.text, card.format);
          if (expected === null) expect(shown, `${card.table}.${card.column} ${card.key}`).toBeNull();
          else {
            expect(shown, `${card.table}.${card.column} ${card.key}`).not.toBeNull();
            expect(
              Math.abs((shown as number) - expected),
              `${card.table}.${card.column} ${card.key}: shown ${card.text}, table ${expected}`,
            ).toBeLessThanOrEqual(TOLERANCE[card.format] ?? 0);
          }
        }
      } finally {
        con.closeSync();
        instance.closeSync();
      }
    });
  });

  // A law's name left out made the step after it read as the earlier law's (PA 19-34's years under
  // "PA 17-41" on the Overview's half-width chart).
  it.each([
    { page: "/", card: "goal-trend" },
    { page: "/qualification-goals", card: "goal-against-benchmark" },
  ])("names every law in force in the monthly goal table on $page #$card", async ({ page, card }) => {
    const figure = visits.get(page)?.figures.find((f) => f.id === card);
    expect(figure, `#${card} on ${page}`).toBeDefined();
    const instance = await DuckDBInstance.create(path.join(dataDir, "warehouse", "models.duckdb"), {
      access_mode: "READ_ONLY",
    });
    const con = await instance.connect();
    try {
      const laws = (
        await con.runAndReadAll(
          "select distinct benchmark_law_citation from reporting.rpt_goal_share_by_month where benchmark_law_citation is not null order by 1",
        )
      )
        .getRows()
        .map(([law]) => String(law));
      expect(laws.length).toBeGreaterThan(2);
      // As the chart shortens them (components/benchmark.js, shortCitation).
      const short = laws.map((t) => {
        const s = t.replace(/\s*\(.*$/, "").replace(/\s*\/.*$/, "");
        return s.length > 24 ? `${s.slice(0, 23)}…` : s;
      });
      expect([...new Set(figure!.benchmarkTexts)].sort()).toEqual(
        expect.arrayContaining([...new Set(short)].sort()),
      );
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });

  // Pages that load the breakdowns of their last years with the page and those of earlier June 30s
  // (`*_earlier.csv`) only when such a date is picked: the earliest date is picked, and one card's
  // table view is compared with the reporting table.
  it.each([
    {
      page: "workforce",
      earlier: ["age_group_served_earlier.csv", "demographics_earlier.csv", "towns_earlier.csv"],
      card: "map-towns",
      download: "towns_earlier.csv",
      table: "rpt_workforce_by_town",
      rowsWhere: "geography_level_code = 'TOWN'",
    },
    {
      page: "qualifications",
      earlier: ["award_by_role_earlier.csv", "ladder_by_setting_earlier.csv"],
      card: "ladder-distribution",
      download: "ladder_by_setting_earlier.csv",
      table: "rpt_workforce_profile_by_setting",
      rowsWhere:
        "dimension_code = 'REGISTRY_LADDER_LEVEL' and setting_code = 'ALL' and category_code <> 'ALL'",
    },
  ])("$page page: the earliest June 30 loads its earlier files on demand, and not before", async (c) => {
    if (!context || !server) throw new Error("setup failed");
    const instance = await DuckDBInstance.create(path.join(dataDir, "warehouse", "models.duckdb"), {
      access_mode: "READ_ONLY",
    });
    const con = await instance.connect();
    let earliest = "";
    let expectedRows = 0;
    try {
      const rows = (
        await con.runAndReadAll(
          `with d as (select min(snapshot_date) as d from reporting.${c.table})
           select d.d::varchar as d, count(*) filter (where t.snapshot_date = d.d and ${c.rowsWhere}) as n
           from reporting.${c.table} t, d group by d.d`,
        )
      ).getRowObjectsJS();
      earliest = String(rows[0]?.d);
      expectedRows = Number(rows[0]?.n);
    } finally {
      con.closeSync();
      instance.closeSync();
    }
    expect(expectedRows).toBeGreaterThan(0);
    const page = await context.newPage();
    const files: string[] = [];
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("response", (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith("/_file/")) files.push(url.pathname);
    });
    const earlierFetched = () =>
      files
        .filter((f) => f.includes("_earlier"))
        .map((f) => (f.split("/").pop() ?? "").replace(/\.[0-9a-f]+\.csv$/, ".csv"))
        .sort();
    try {
      await page.goto(new URL(c.page, server.url).href, { waitUntil: "load" });
      await page.waitForSelector(`#${c.card} svg g[aria-label] > :is(rect, path)`, {
        state: "attached",
        timeout: 30_000,
      });
      await page.waitForLoadState("networkidle");
      expect(earlierFetched(), "fetched before a date asks for them").toEqual([]);
      const dateSelect = page.locator("#filters select").first();
      const options = await dateSelect.locator("option").count();
      expect(options).toBeGreaterThan(5);
      await dateSelect.selectOption({ index: options - 1 });
      const longDate = new Intl.DateTimeFormat("en-US", {
        month: "long",
        day: "numeric",
        year: "numeric",
        timeZone: "UTC",
      }).format(new Date(`${earliest}T00:00:00Z`));
      await page.waitForFunction(
        ([id, d]) => document.querySelector(`#${id}`)?.textContent?.includes(d as string) ?? false,
        [c.card, longDate],
        { timeout: 30_000 },
      );
      await page.waitForLoadState("networkidle");
      expect(earlierFetched()).toEqual(c.earlier);
      expect(await page.locator(`#${c.card} details.table-view tbody tr`).count()).toBe(expectedRows);
      expect(await page.locator(`#${c.card} a.download-link`).getAttribute("download")).toBe(c.download);
      expect(await page.locator(`#${c.card} svg g[aria-label] > :is(rect, path)`).count()).toBeGreaterThan(0);
      expect(errors).toEqual([]);
      await page.screenshot({
        path: path.join(screenshotDir, `${c.page}-earliest-date.png`),
        fullPage: true,
      });
    } finally {
      await page.close();
    }
  });

  describe("privacy gate", () => {
    it("passes the real build, checking the extract's names and canaries", async () => {
      const result = await privacyGate(distDir, { dataDir });
      expect(formatGateProblems(result.problems)).toBe("");
      const names = await extractNames(dataDir);
      expect(result.namesChecked).toBe(names.length);
      expect(names.filter((n) => n.first.startsWith("Zzcanary")).length).toBeGreaterThan(10);
      expect(result.countCellsChecked).toBeGreaterThan(100);
    });

    it("catches leaks injected into a copy of the build", async () => {
      const copy = await mkdtemp(path.join(tmpdir(), "dist-leak-"));
      try {
        await cp(distDir, copy, { recursive: true });
        const names = await extractNames(dataDir);
        const canary = names.find((n) => n.first.startsWith("Zzcanary"));
        const person = names.find(
          (n) => !n.first.startsWith("Zzcanary") && n.first.length > 3 && n.last.length > 3,
        );
        if (!canary || !person) throw new Error("fixture has no canary or no ordinary name");
        const csvFiles: string[] = [];
        const walk = async (dir: string): Promise<void> => {
          for (const entry of await readdir(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) await walk(full);
            else if (entry.name.endsWith(".csv")) csvFiles.push(full);
          }
        };
        await walk(path.join(copy, "_file"));
        const target = csvFiles.sort()[0] as string;
        const relative = path.relative(copy, target).split(path.sep).join("/");
        const lineCount = (await readFile(target, "utf8")).split("\r\n").filter(Boolean).length;
        // A canary's name in a data row, a real member's name in the page HTML, a registry id and an
        // email in the HTML, and a people file with a small count.
        await appendFile(target, `"${canary.first} ${canary.last}"\r\n`);
        await appendFile(
          path.join(copy, "index.html"),
          `<p>${person.first} ${person.last} CT0001234 a.b@example.org</p>\n`,
        );
        await writeFile(
          path.join(copy, "_file", "leak.csv"),
          '"town_name","people_count","birth_date"\r\n"Hartford","3",""\r\n',
        );
        const result = await privacyGate(copy, { dataDir });
        const kinds = result.problems.map((p) => `${p.file} ${p.kind}`).sort();
        expect(kinds).toEqual(
          [
            "_file/leak.csv identifier-column",
            "_file/leak.csv small-count",
            `${relative} canary`,
            `${relative} canary`,
            // the canary is also a member of the extract: its full name is a person's name
            `${relative} person-name`,
            "index.html email",
            "index.html identifier-value",
            "index.html person-name",
          ].sort(),
        );
        const canaryProblem = result.problems.find((p) => p.kind === "canary");
        expect(canaryProblem?.line).toBe(lineCount + 1);
        // The report never prints the leaked name in full.
        expect(formatGateProblems(result.problems)).not.toContain(canary.first);
        expect(formatGateProblems(result.problems)).not.toContain(person.last);
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    });
  });
});

async function visit(context: BrowserContext, baseUrl: string, pagePath: string): Promise<PageVisit> {
  const page: Page = await context.newPage();
  const result: PageVisit = {
    path: pagePath,
    consoleErrors: [],
    failedRequests: [],
    badResponses: [],
    foreignRequests: [],
    dataBytes: 0,
    dataFiles: [],
    firstChartMs: null,
    title: "",
    whatThisAnswers: "",
    asOf: null,
    hasSuppressionNote: false,
    figures: [],
    downloads: [],
    cards: [],
  };
  page.on("console", (message) => {
    if (message.type() === "error") result.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => result.consoleErrors.push(`uncaught: ${error.message}`));
  page.on("requestfailed", (request) =>
    result.failedRequests.push(`${request.url()} (${request.failure()?.errorText})`),
  );
  page.on("response", async (response) => {
    if (response.status() >= 400) result.badResponses.push(`${response.status()} ${response.url()}`);
    const url = new URL(response.url());
    if (url.pathname.startsWith("/_file/")) {
      result.dataFiles.push(url.pathname);
      result.dataBytes += (await response.body().catch(() => Buffer.alloc(0))).length;
    }
  });
  // Block (and record) anything that is not the local server, so the test never waits on a network.
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") {
      return route.continue();
    }
    result.foreignRequests.push(url.href);
    return route.abort("blockedbyclient");
  });

  await page.goto(new URL(pagePath.replace(/^\//, ""), baseUrl).href, { waitUntil: "load" });
  // Wait until every chart card has drawn and the footer is there.
  await page
    .waitForFunction(
      () => {
        const figures = Array.from(document.querySelectorAll("figure.chart-card"));
        return (
          document.querySelector("#page-footer") !== null &&
          figures.length > 0 &&
          figures.every((f) => f.querySelector("svg g[aria-label] > :is(rect, path, circle, line)") !== null)
        );
      },
      undefined,
      { timeout: 30_000 },
    )
    .catch(() => undefined);
  await page.waitForLoadState("networkidle");
  result.firstChartMs = await page.evaluate(
    () => (window as unknown as { __firstChartMs?: number }).__firstChartMs ?? null,
  );
  const snapshot = await page.evaluate(() => {
    const markGroups = (svg: Element) =>
      Array.from(svg.querySelectorAll("g[aria-label]")).filter(
        (g) => !/axis|grid|frame|rule|tip|^text$/.test(g.getAttribute("aria-label") ?? ""),
      );
    return {
      title: document.querySelector("h1")?.textContent?.trim() ?? "",
      whatThisAnswers: document.querySelector(".what-this-answers")?.textContent?.trim() ?? "",
      asOf: document.querySelector("[data-as-of]")?.getAttribute("data-as-of") ?? null,
      hasSuppressionNote: document.querySelector("#suppression-note") !== null,
      figures: Array.from(document.querySelectorAll("figure.chart-card")).map((f) => {
        const svgs = Array.from(f.querySelectorAll(".chart svg")).filter((s) =>
          s.querySelector("g[aria-label]"),
        );
        return {
          id: f.id,
          markElements: svgs
            .flatMap((s) => markGroups(s))
            .reduce(
              (n, g) => n + g.querySelectorAll(":scope > :is(rect, path, circle, line, text, g)").length,
              0,
            ),
          allSuppressedNote: f.querySelector('svg text[aria-label="all values suppressed"]') !== null,
          benchmarkTexts: Array.from(f.querySelectorAll('svg g[aria-label="text"][fill="#D55E00"] text')).map(
            (t) => t.textContent ?? "",
          ),
          exponentTicks: Array.from(f.querySelectorAll('svg g[aria-label$="tick label"] text'))
            .map((t) => t.textContent ?? "")
            .filter((t) => /\de[+-]?\d/.test(t)),
          ariaLabelledSvg:
            svgs.length > 0 && svgs.every((s) => (s.getAttribute("aria-label") ?? "").length > 0),
          hasTableView: f.querySelector("details.table-view table") !== null,
        };
      }),
      downloads: [
        ...new Map(
          Array.from(document.querySelectorAll("a.download-link")).map((a) => [
            a.getAttribute("href") ?? "",
            {
              href: a.getAttribute("href") ?? "",
              columns: a.getAttribute("data-columns") ?? "",
              rows: Number(a.getAttribute("data-rows")),
            },
          ]),
        ).values(),
      ],
      cards: Array.from(document.querySelectorAll(".headline[data-source-table]")).map((c) => ({
        table: c.getAttribute("data-source-table") ?? "",
        column: c.getAttribute("data-source-column") ?? "",
        key: c.getAttribute("data-source-key") ?? "{}",
        where: c.getAttribute("data-source-where") ?? "",
        format: c.getAttribute("data-format") ?? "count",
        text: c.querySelector(".headline-value")?.textContent ?? "",
      })),
    };
  });
  Object.assign(result, snapshot);
  const name = pagePath === "/" ? "index" : pagePath.replace(/^\//, "").replaceAll("/", "-");
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
  await page.close();
  return result;
}
