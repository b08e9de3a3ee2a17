/**
 * How soon each page of the built site draws its first chart, in headless Chromium (playwright-core,
 * /usr/bin/chromium or CHROMIUM_PATH, a fresh profile, every request off 127.0.0.1 refused). Used by
 * `npm run bench:site` (timing belongs in a benchmark, not in a test: these machines are noisy) and,
 * for the instrumentation only, by `test/site/pages.test.ts`.
 *
 * For each page: `runs` visits in a new tab each (the browser warmed first by one untimed visit, as a
 * visitor's browser is), the median time from navigation start to the first drawn chart mark
 * (`firstChartMs`), and, as the baseline measured in the same visits, the median time to the page's
 * DOMContentLoaded (the page shell: HTML, styles and Framework's client, no data and no chart). The
 * ratio first chart / shell is the cost of fetching the page's data and drawing with Plot.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { serveDist } from "./serve-dist.ts";

/** The budget a visitor's first chart is measured against (`npm run bench:site`). */
export const FIRST_CHART_BUDGET_MS = 2000;

/** A chart mark drawn inside a chart card (Plot's marks are `g[aria-label]` groups). */
export const CHART_MARK_SELECTOR =
  "figure.chart-card svg g[aria-label] > :is(rect, path, circle, line, text)";

export interface ConfigPage {
  name: string;
  path?: string;
  pages?: ConfigPage[];
}

/** Every page path of an Observable Framework config (sections flattened). */
export function configPages(pages: readonly ConfigPage[]): { name: string; path: string }[] {
  return pages.flatMap((p) =>
    p.pages ? configPages(p.pages) : p.path ? [{ name: p.name, path: p.path }] : [],
  );
}

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Installs, in every page of the context, an observer recording `window.__firstChartMs`: the
 * `performance.now()` (ms since navigation start) at which the first chart mark appears.
 */
export async function recordFirstChart(context: BrowserContext): Promise<void> {
  // A string, not a function: tsx (esbuild's keepNames) would wrap a function's inner functions in a
  // `__name` helper that does not exist in the page.
  await context.addInitScript({
    content: `(() => {
      const selector = ${JSON.stringify(CHART_MARK_SELECTOR)};
      const check = () => {
        if (window.__firstChartMs !== undefined) return;
        if (document.querySelector(selector) !== null) window.__firstChartMs = performance.now();
      };
      new MutationObserver(check).observe(document, { childList: true, subtree: true });
    })();`,
  });
}

export interface PageTiming {
  path: string;
  /** Median ms from navigation start to the first chart mark; null when a visit drew none. */
  firstChartMs: number | null;
  /** Median ms from navigation start to DOMContentLoaded (the baseline). */
  shellMs: number;
  /** Every visit's first-chart ms, in order. */
  samples: (number | null)[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function timePages(
  distDir: string,
  pages: readonly { path: string }[],
  options: { runs?: number; chromiumPath?: string } = {},
): Promise<PageTiming[]> {
  const runs = options.runs ?? 3;
  const server = await serveDist(distDir);
  const userDataDir = await mkdtemp(path.join(tmpdir(), "chromium-profile-"));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      const local = url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1";
      return local ? route.continue() : route.abort("blockedbyclient");
    });
    await recordFirstChart(context);
    const warm = await context.newPage();
    await warm.goto(new URL("methodology", server.url).href, { waitUntil: "networkidle" });
    await warm.close();

    const timings: PageTiming[] = [];
    for (const { path: pagePath } of pages) {
      const samples: (number | null)[] = [];
      const shells: number[] = [];
      for (let i = 0; i < runs; i++) {
        const page = await context.newPage();
        await page.goto(new URL(pagePath.replace(/^\//, ""), server.url).href, { waitUntil: "load" });
        const firstChart = await page
          .waitForFunction(
            () => (window as unknown as { __firstChartMs?: number }).__firstChartMs,
            undefined,
            {
              timeout: 30_000,
            },
          )
          .then((handle) => handle.jsonValue() as Promise<number>)
          .catch(() => null);
        const shell = (await page.evaluate(
          'performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? NaN',
        )) as number;
        samples.push(firstChart);
        shells.push(shell);
        await page.close();
      }
      const drawn = samples.filter((s): s is number => s !== null);
      timings.push({
        path: pagePath,
        firstChartMs: drawn.length === samples.length ? median(drawn) : null,
        shellMs: median(shells),
        samples,
      });
    }
    return timings;
  } finally {
    await context?.close();
    await server.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}
