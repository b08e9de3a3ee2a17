/**
 * Fills Observable Framework's npm cache (`dashboards/src/.observablehq/cache/_npm/`) from node_modules so
 * that `observable build` never contacts registry.npmjs.org or cdn.jsdelivr.net.
 *
 * How Framework 1.13.4 resolves `npm:` imports (node_modules/@observablehq/framework/dist/npm.js):
 * - version: `resolveNpmVersion` returns an exact version as is; otherwise it picks the highest folder
 *   `_npm/<name>@<version>` that satisfies the range and only asks the registry when none matches;
 * - file: `npm:<name>` maps to `/_npm/<name>@<version>/_esm.js` (jsDelivr's `+esm` bundle) and
 *   `npm:<name>/<path.ext>` to `/_npm/<name>@<version>/<path.ext>` (a raw file); `populateNpmCache`
 *   skips the download when that file exists.
 *
 * So for each package below we write an esbuild bundle to `_esm.js`, copy raw files verbatim, and
 * create empty `<name>@<version>` folders for the libraries Framework's own client code names (lodash,
 * echarts, ...) but this site does not ship, so the version lookup never goes to the registry.
 * Using one of those in a page fails the build loudly ("unable to fetch ...@0.0.0-not-in-offline-cache"):
 * install the package and add it to PACKAGES.
 *
 * Run: `tsx dashboards/offline-cache.ts [--force]`, or call `fillOfflineNpmCache()`.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

/** A package Framework may import, as Framework names it, and how to fill its cache folder. */
export interface PackageSpec {
  /** The npm name Framework uses (`npm:<name>`). */
  name: string;
  /** The folder in node_modules when installed under an npm alias. */
  installedAs?: string;
  /** Bundle the package's browser ESM entry to `_esm.js` (default true). */
  esm?: boolean;
  /**
   * Dependencies left as imports of their own cache entry instead of being bundled in, as jsDelivr
   * does; each must be listed in PACKAGES. Framework resolves apache-arrow for duckdb-wasm to the
   * same Arrow as the pages use, so that is the one case here.
   */
  external?: string[];
  /** Files copied verbatim (wasm, workers), as `npm:<name>/<file>` would have fetched them. */
  copy?: string[];
  /** Version Framework pins for this package; the installed one must match it. */
  pinnedBy?: "DUCKDB_WASM_VERSION";
}

export const PACKAGES: readonly PackageSpec[] = [
  { name: "@observablehq/plot" },
  { name: "@observablehq/inputs" },
  { name: "d3" },
  { name: "htl" },
  { name: "isoformat" },
  { name: "d3-dsv" },
  { name: "d3-geo" },
  { name: "topojson-client" },
  { name: "apache-arrow" },
  { name: "parquet-wasm", copy: ["esm/parquet_wasm_bg.wasm"] },
  {
    name: "@duckdb/duckdb-wasm",
    installedAs: "duckdb-wasm-1-29",
    pinnedBy: "DUCKDB_WASM_VERSION",
    external: ["apache-arrow"],
    copy: [
      "dist/duckdb-mvp.wasm",
      "dist/duckdb-browser-mvp.worker.js",
      "dist/duckdb-eh.wasm",
      "dist/duckdb-browser-eh.worker.js",
    ],
  },
];

/** Version given to libraries Framework's client names but this site does not ship. */
export const PLACEHOLDER_VERSION = "0.0.0-not-in-offline-cache";

/** `npm:@observablehq/...` specifiers Framework serves from its own client bundle, never from npm. */
const FRAMEWORK_BUILTINS = new Set([
  "@observablehq/runtime",
  "@observablehq/stdlib",
  "@observablehq/dot",
  "@observablehq/duckdb",
  "@observablehq/inputs",
  "@observablehq/mermaid",
  "@observablehq/tex",
  "@observablehq/sqlite",
]);

/** Bump when the layout of what this script writes changes, to force a refill. */
const CACHE_FORMAT = 1;
const STAMP_FILE = ".offline-cache.json";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(path.join(repoRoot, "package.json"));

export interface OfflineCacheOptions {
  /** Framework root (default `<repo>/dashboards`). */
  root?: string;
  /** Rebuild every entry even when its stamp matches. */
  force?: boolean;
  log?: (message: string) => void;
}

export interface OfflineCacheResult {
  cacheDir: string;
  built: string[];
  upToDate: string[];
  placeholders: string[];
  removed: string[];
  ms: number;
}

interface Resolved {
  spec: PackageSpec;
  version: string;
  packageDir: string;
  folder: string;
  fingerprint: string;
}

export async function fillOfflineNpmCache(options: OfflineCacheOptions = {}): Promise<OfflineCacheResult> {
  const start = performance.now();
  const root = options.root ?? path.join(repoRoot, "dashboards", "src");
  const log = options.log ?? ((message: string) => console.log(message));
  const cacheDir = path.join(root, ".observablehq", "cache", "_npm");
  const selfHash = sha256(await readFile(fileURLToPath(import.meta.url)));
  const pins = await readFrameworkPins();

  const resolved = new Map<string, Resolved>();
  for (const spec of PACKAGES) {
    const packageDir = findPackageDir(spec.installedAs ?? spec.name);
    const pkg = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as {
      version?: unknown;
    };
    if (typeof pkg.version !== "string") throw new Error(`offline-cache: no version in ${packageDir}`);
    const pinned = spec.pinnedBy ? pins[spec.pinnedBy] : undefined;
    if (pinned !== undefined && pinned !== pkg.version) {
      throw new Error(
        `offline-cache: Framework pins ${spec.name}@${pinned} but node_modules/${spec.installedAs ?? spec.name} ` +
          `is ${pkg.version}; install "npm:${spec.name}@${pinned}" under that alias.`,
      );
    }
    resolved.set(spec.name, {
      spec,
      version: pkg.version,
      packageDir,
      folder: path.join(cacheDir, `${spec.name}@${pkg.version}`),
      fingerprint: "",
    });
  }
  for (const entry of resolved.values()) {
    const externals = (entry.spec.external ?? []).map((name) => {
      const dep = resolved.get(name);
      if (!dep)
        throw new Error(`offline-cache: ${entry.spec.name} externalizes ${name}, which is not in PACKAGES`);
      return `${name}@${dep.version}`;
    });
    entry.fingerprint = sha256(
      JSON.stringify([CACHE_FORMAT, selfHash, esbuild.version, entry.spec, entry.version, externals]),
    );
  }

  const result: OfflineCacheResult = {
    cacheDir,
    built: [],
    upToDate: [],
    placeholders: [],
    removed: [],
    ms: 0,
  };
  await mkdir(cacheDir, { recursive: true });

  // Other versions of a managed package would win the version lookup if higher: remove them.
  for (const entry of resolved.values()) {
    for (const folder of await listVersionFolders(cacheDir, entry.spec.name)) {
      if (folder !== entry.folder) {
        await rm(folder, { recursive: true, force: true });
        result.removed.push(path.relative(cacheDir, folder));
      }
    }
  }

  await Promise.all(
    [...resolved.values()].map(async (entry) => {
      const label = `${entry.spec.name}@${entry.version}`;
      if (!options.force && (await isUpToDate(entry))) {
        result.upToDate.push(label);
        return;
      }
      await rm(entry.folder, { recursive: true, force: true });
      await mkdir(entry.folder, { recursive: true });
      if (entry.spec.esm !== false) await bundleEsm(entry, resolved);
      for (const file of entry.spec.copy ?? []) {
        const target = path.join(entry.folder, file);
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(path.join(entry.packageDir, file), target);
      }
      await writeFile(
        path.join(entry.folder, STAMP_FILE),
        `${JSON.stringify({ fingerprint: entry.fingerprint })}\n`,
      );
      result.built.push(label);
    }),
  );

  for (const name of await frameworkClientNpmNames()) {
    if (resolved.has(name) || FRAMEWORK_BUILTINS.has(name)) continue;
    if ((await listVersionFolders(cacheDir, name)).length > 0) continue;
    await mkdir(path.join(cacheDir, `${name}@${PLACEHOLDER_VERSION}`), { recursive: true });
    result.placeholders.push(name);
  }

  result.built.sort();
  result.upToDate.sort();
  result.ms = Math.round(performance.now() - start);
  log(
    `offline npm cache: ${result.built.length} built, ${result.upToDate.length} up to date, ` +
      `${result.placeholders.length} placeholders, in ${(result.ms / 1000).toFixed(2)} s (${path.relative(repoRoot, cacheDir)})`,
  );
  for (const label of result.built) log(`  built ${label}`);
  for (const label of result.removed) log(`  removed stale ${label}`);
  return result;
}

/** The folder in node_modules holding `name`'s package.json (works for packages without exports of it). */
function findPackageDir(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
  }
  throw new Error(`offline-cache: ${name} is not installed in node_modules (run npm ci)`);
}

async function readFrameworkPins(): Promise<Record<NonNullable<PackageSpec["pinnedBy"]>, string>> {
  const file = path.join(findPackageDir("@observablehq/framework"), "dist", "duckdb.js");
  const match = /\bDUCKDB_WASM_VERSION\s*=\s*"([^"]+)"/.exec(await readFile(file, "utf8"));
  if (!match?.[1]) throw new Error(`offline-cache: cannot find DUCKDB_WASM_VERSION in ${file}`);
  return { DUCKDB_WASM_VERSION: match[1] };
}

async function isUpToDate(entry: Resolved): Promise<boolean> {
  try {
    const stamp = JSON.parse(await readFile(path.join(entry.folder, STAMP_FILE), "utf8")) as {
      fingerprint?: unknown;
    };
    if (stamp.fingerprint !== entry.fingerprint) return false;
  } catch {
    return false;
  }
  const files = [...(entry.spec.esm === false ? [] : ["_esm.js"]), ...(entry.spec.copy ?? [])];
  return files.every((file) => existsSync(path.join(entry.folder, file)));
}

async function bundleEsm(entry: Resolved, resolved: Map<string, Resolved>): Promise<void> {
  const outfile = path.join(entry.folder, "_esm.js");
  const externals = new Map(
    (entry.spec.external ?? []).map((name) => {
      const dep = resolved.get(name);
      if (!dep) throw new Error(`offline-cache: unknown external ${name}`);
      const relative = path
        .relative(path.dirname(outfile), path.join(dep.folder, "_esm.js"))
        .split(path.sep)
        .join("/");
      return [name, relative.startsWith(".") ? relative : `./${relative}`] as const;
    }),
  );
  const result = await esbuild.build({
    entryPoints: [entry.spec.installedAs ?? entry.spec.name],
    absWorkingDir: repoRoot,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: ["es2022", "chrome96", "firefox96", "safari16"],
    minify: true,
    legalComments: "eof",
    define: { "process.env.NODE_ENV": '"production"' },
    outfile,
    write: false,
    logLevel: "silent",
    plugins: [
      {
        name: "offline-cache-externals",
        setup(build) {
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            const target = externals.get(args.path);
            return target ? { path: target, external: true } : undefined;
          });
        },
      },
    ],
  });
  const output = result.outputFiles.find((file) => file.path === outfile) ?? result.outputFiles[0];
  if (!output) throw new Error(`offline-cache: esbuild produced no output for ${entry.spec.name}`);
  await writeFile(outfile, output.text);
}

/** `<name>@<version>` folders for one package name in the cache. */
async function listVersionFolders(cacheDir: string, name: string): Promise<string[]> {
  const scope = name.startsWith("@") ? name.slice(0, name.indexOf("/")) : "";
  const base = scope ? name.slice(scope.length + 1) : name;
  const dir = path.join(cacheDir, scope);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  return entries.filter((entry) => entry.startsWith(`${base}@`)).map((entry) => path.join(dir, entry));
}

/** Package names that Framework's client code imports as `npm:<name>` (resolved at every build). */
async function frameworkClientNpmNames(): Promise<Set<string>> {
  const clientDir = path.join(findPackageDir("@observablehq/framework"), "dist", "client");
  const names = new Set<string>();
  for (const file of await readdir(clientDir, { recursive: true })) {
    if (!file.endsWith(".js")) continue;
    const source = await readFile(path.join(clientDir, file), "utf8");
    for (const match of source.matchAll(/["'`]npm:((?:@[\w.-]+\/)?[\w.-]+)/g)) {
      if (match[1]) names.add(match[1]);
    }
  }
  return names;
}

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fillOfflineNpmCache({ force: process.argv.includes("--force") }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
