/**
 * Post-build check of the static site in `dist/`: it must load with no network access.
 *
 * Fails on:
 * - `external-url`: an asset or import from another host (`src=`, `<link href=>`, `srcset`, CSS `url()`
 *   and `@import`, JS `import`/`export from`/`import()`/`import.meta.resolve`/`new URL()`/`new Worker()`);
 *   plain `<a href="https://...">` links in prose are navigation, not assets, and are allowed;
 * - `bare-specifier`: a JS import Framework left unresolved (`"htl"`, `"npm:d3"`): the browser cannot load it;
 * - `missing-file`: a relative `src`/`href` or static import whose target is not in `dist/`;
 * - `forbidden-host`: any mention of a CDN or font host or observablehq.com in HTML or CSS. Not in JS: library
 *   bundles hold such strings in code paths Framework never takes (duckdb-wasm's `getJsDelivrBundles()`);
 *   JS is judged by its imports instead.
 *
 * Run: `tsx dashboards/check-dist.ts [distDir]`, or call `checkDist()`.
 */
import { existsSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Node, parse } from "acorn";
import { simple } from "acorn-walk";

export type DistProblemKind =
  | "external-url"
  | "bare-specifier"
  | "missing-file"
  | "forbidden-host"
  | "unparsable";

export interface DistProblem {
  /** Path relative to the dist folder. */
  file: string;
  /** 1-based line, and column, of the offending string. */
  line: number;
  column: number;
  kind: DistProblemKind;
  /** The offending string (URL, specifier or host). */
  value: string;
  message: string;
}

export interface DistCheckResult {
  distDir: string;
  filesScanned: number;
  externalLinks: number;
  problems: DistProblem[];
}

/** Hosts that must never appear in an offline site (CDNs, font hosts, Framework's own site). */
export const FORBIDDEN_HOSTS = [
  "cdn.jsdelivr.net",
  "unpkg.com",
  "esm.sh",
  "cdn.skypack.dev",
  "ga.jspm.io",
  "registry.npmjs.org",
  "fonts.googleapis.com",
  "fonts.gstatic.com",
  "observablehq.com",
  "extensions.duckdb.org",
];

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** Attributes that make the browser fetch something (an `<a>`/`<area>` href does not). */
const FETCHING_ATTRIBUTES = new Set([
  "src",
  "href",
  "srcset",
  "imagesrcset",
  "poster",
  "data",
  "action",
  "formaction",
  "background",
  "xlink:href",
  "manifest",
]);
const NAVIGATION_TAGS = new Set(["a", "area"]);

export async function checkDist(distDir: string = path.join(repoRoot, "dist")): Promise<DistCheckResult> {
  if (!existsSync(distDir) || !statSync(distDir).isDirectory()) {
    throw new Error(`check-dist: ${distDir} does not exist; build the site first`);
  }
  const result: DistCheckResult = { distDir, filesScanned: 0, externalLinks: 0, problems: [] };
  const files = (await readdir(distDir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const absolute of files) {
    const file = path.relative(distDir, absolute).split(path.sep).join("/");
    const extension = path.extname(file).toLowerCase();
    if (![".html", ".js", ".mjs", ".css"].includes(extension)) continue;
    result.filesScanned++;
    const text = await readFile(absolute, "utf8");
    const context: FileContext = { distDir, file, text, problems: result.problems };
    if (extension !== ".js" && extension !== ".mjs") scanForbiddenHosts(context);
    if (extension === ".html") result.externalLinks += checkHtml(context);
    else if (extension === ".css") checkCss(context, text, 0);
    else
      checkJavaScript(context, text, 0, {
        module: true,
        lazyImportsMayBeMissing: file.startsWith("_observablehq/"),
      });
  }
  return result;
}

export function formatProblems(result: DistCheckResult): string {
  return result.problems
    .map(
      (p) =>
        `${path.join(path.relative(process.cwd(), result.distDir), p.file)}:${p.line}:${p.column}  ${p.kind}  ${p.message}`,
    )
    .join("\n");
}

interface FileContext {
  distDir: string;
  file: string;
  text: string;
  problems: DistProblem[];
}

function report(
  context: FileContext,
  offset: number,
  kind: DistProblemKind,
  value: string,
  message: string,
): void {
  const before = context.text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  context.problems.push({ file: context.file, line, column, kind, value, message });
}

function scanForbiddenHosts(context: FileContext): void {
  const lower = context.text.toLowerCase();
  for (const host of FORBIDDEN_HOSTS) {
    let index = lower.indexOf(host);
    while (index !== -1) {
      // A whole host or a subdomain of it ("www.observablehq.com"), not a longer name ending the same way.
      if (!/[a-z0-9-]/.test(lower[index - 1] ?? "")) {
        report(context, index, "forbidden-host", host, `mentions ${host}: ${snippet(context.text, index)}`);
      }
      index = lower.indexOf(host, index + host.length);
    }
  }
}

/** Checks tags, inline scripts and styles; returns the number of external navigation links seen. */
function checkHtml(context: FileContext): number {
  const { text } = context;
  let externalLinks = 0;
  const tagPattern =
    /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
  const attributePattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (const tag of text.matchAll(tagPattern)) {
    const tagName = (tag[1] ?? "").toLowerCase();
    const attributes = tag[2] ?? "";
    const attributesOffset = (tag.index ?? 0) + 1 + (tag[1] ?? "").length;
    for (const attribute of attributes.matchAll(attributePattern)) {
      const name = (attribute[1] ?? "").toLowerCase();
      const value = attribute[2] ?? attribute[3] ?? attribute[4];
      if (value === undefined || !FETCHING_ATTRIBUTES.has(name)) continue;
      const offset = attributesOffset + (attribute.index ?? 0);
      const urls = name.endsWith("srcset")
        ? value.split(",").map((part) => part.trim().split(/\s+/)[0] ?? "")
        : [value];
      for (const raw of urls) {
        const url = decodeEntities(raw.trim());
        if (url === "" || url.startsWith("#")) continue;
        if (NAVIGATION_TAGS.has(tagName) && name === "href") {
          if (isExternal(url)) externalLinks++;
          continue;
        }
        if (isExternal(url)) {
          report(
            context,
            offset,
            "external-url",
            url,
            `<${tagName} ${name}="${url}"> loads from another host`,
          );
        } else if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) {
          checkRelativeTarget(context, offset, url, `<${tagName} ${name}>`);
        }
      }
    }
  }
  const blockPattern = /<(script|style)\b([^>]*)>([\s\S]*?)<\/\1\s*>/gi;
  for (const block of text.matchAll(blockPattern)) {
    const kind = (block[1] ?? "").toLowerCase();
    const attributes = block[2] ?? "";
    const body = block[3] ?? "";
    const bodyOffset = (block.index ?? 0) + block[0].indexOf(">") + 1;
    if (body.trim() === "") continue;
    if (kind === "style") {
      checkCss(context, body, bodyOffset);
    } else {
      const type = /\btype\s*=\s*["']?([^"'\s>]+)/i.exec(attributes)?.[1]?.toLowerCase();
      if (
        type === undefined ||
        type === "module" ||
        type === "text/javascript" ||
        type === "application/javascript"
      ) {
        checkJavaScript(context, body, bodyOffset, {
          module: type === "module",
          lazyImportsMayBeMissing: false,
        });
      }
    }
  }
  return externalLinks;
}

function checkCss(context: FileContext, css: string, baseOffset: number): void {
  const patterns = [
    /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)/gi,
    /@import\s+(?:"([^"]*)"|'([^']*)')/gi,
  ];
  for (const pattern of patterns) {
    for (const match of css.matchAll(pattern)) {
      const url = (match[1] ?? match[2] ?? match[3] ?? "").trim();
      const offset = baseOffset + (match.index ?? 0);
      if (url === "" || url.startsWith("data:") || url.startsWith("#")) continue;
      if (isExternal(url)) report(context, offset, "external-url", url, `CSS loads ${url} from another host`);
      else checkRelativeTarget(context, offset, url, "CSS url()");
    }
  }
}

interface JavaScriptOptions {
  module: boolean;
  /** Framework's stdlib lazily imports libraries a page may never use; their files may be absent. */
  lazyImportsMayBeMissing: boolean;
}

function checkJavaScript(
  context: FileContext,
  source: string,
  baseOffset: number,
  options: JavaScriptOptions,
): void {
  let program: Node;
  try {
    program = parse(source, { ecmaVersion: "latest", sourceType: options.module ? "module" : "script" });
  } catch (moduleError) {
    try {
      // Classic scripts such as web workers may not parse as modules.
      program = parse(source, { ecmaVersion: "latest", sourceType: options.module ? "script" : "module" });
    } catch {
      const message = moduleError instanceof Error ? moduleError.message : String(moduleError);
      report(context, baseOffset, "unparsable", "", `cannot parse JavaScript: ${message}`);
      return;
    }
  }
  const check = (node: Node | null | undefined, how: string, isStatic: boolean) => {
    const specifier = literalValue(node);
    if (specifier === undefined || !node) return;
    const offset = baseOffset + node.start;
    if (isExternal(specifier)) {
      report(context, offset, "external-url", specifier, `${how} "${specifier}" loads from another host`);
    } else if (/^(data|blob):/i.test(specifier)) {
      // inline module: fine
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) || !/^(\.{1,2})?\//.test(specifier)) {
      report(
        context,
        offset,
        "bare-specifier",
        specifier,
        `${how} "${specifier}" is unresolved (a browser cannot load a bare specifier)`,
      );
    } else if (isStatic || !options.lazyImportsMayBeMissing) {
      checkRelativeTarget(context, offset, specifier, how);
    }
  };
  simple(program, {
    ImportDeclaration(node) {
      check(node.source, "import", true);
    },
    ExportAllDeclaration(node) {
      check(node.source, "export from", true);
    },
    ExportNamedDeclaration(node) {
      check(node.source, "export from", true);
    },
    ImportExpression(node) {
      check(node.source, "import()", false);
    },
    CallExpression(node) {
      const callee = node.callee;
      if (
        callee.type === "MemberExpression" &&
        callee.object.type === "MetaProperty" &&
        callee.property.type === "Identifier" &&
        callee.property.name === "resolve"
      ) {
        check(node.arguments[0] as Node | undefined, "import.meta.resolve", false);
      }
    },
    NewExpression(node) {
      const callee = node.callee;
      if (callee.type !== "Identifier") return;
      const first = node.arguments[0] as Node | undefined;
      const value = literalValue(first);
      if (value === undefined || !first) return;
      if (
        (callee.name === "URL" || callee.name === "Worker" || callee.name === "SharedWorker") &&
        isExternal(value)
      ) {
        report(
          context,
          baseOffset + first.start,
          "external-url",
          value,
          `new ${callee.name}("${value}") loads from another host`,
        );
      }
    },
  });
}

function literalValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const n = node as Node & {
    value?: unknown;
    quasis?: { value: { cooked?: string | null } }[];
    expressions?: unknown[];
  };
  if (n.type === "Literal" && typeof n.value === "string") return n.value;
  if (n.type === "TemplateLiteral" && n.expressions?.length === 0)
    return n.quasis?.[0]?.value.cooked ?? undefined;
  return undefined;
}

function checkRelativeTarget(context: FileContext, offset: number, url: string, how: string): void {
  const pathname = url.replace(/[?#].*$/, "");
  if (pathname === "") return;
  let target: string;
  try {
    target = decodeURIComponent(pathname);
  } catch {
    target = pathname;
  }
  const resolved = target.startsWith("/")
    ? path.join(context.distDir, target)
    : path.join(context.distDir, path.dirname(context.file), target);
  if (!resolved.startsWith(context.distDir)) {
    report(context, offset, "missing-file", url, `${how} "${url}" points outside dist/`);
    return;
  }
  const candidates = target.endsWith("/")
    ? [path.join(resolved, "index.html")]
    : [resolved, `${resolved}.html`, path.join(resolved, "index.html")];
  if (!candidates.some((candidate) => existsSync(candidate))) {
    report(context, offset, "missing-file", url, `${how} "${url}" is not in dist/`);
  }
}

function isExternal(url: string): boolean {
  return /^(https?:)?\/\//i.test(url.trim());
}

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

function snippet(text: string, index: number): string {
  return JSON.stringify(text.slice(Math.max(0, index - 40), index + 60));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = path.resolve(process.argv[2] ?? path.join(repoRoot, "dist"));
  checkDist(distDir).then(
    (result) => {
      if (result.problems.length > 0) {
        console.error(formatProblems(result));
        console.error(
          `check-dist: ${result.problems.length} problem(s) in ${result.distDir}: the site would not work offline.`,
        );
        process.exitCode = 1;
      } else {
        console.log(
          `check-dist: ok, ${result.filesScanned} files scanned, no external assets or unresolved imports ` +
            `(${result.externalLinks} external <a> links).`,
        );
      }
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
