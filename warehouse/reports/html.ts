/**
 * HTML for the restricted program reports: an escaping tagged template and the printable page
 * layout (self-contained: inline CSS, no script, no asset from anywhere, so a page opens and prints
 * offline).
 *
 * `html\`...\`` escapes every interpolated value (`& < > " '`), so a name such as O'Brien or a
 * `<script>` typed into the registry prints as text. Only values made by `html` itself (or joined
 * with `join`) are inserted as markup. Nothing else in this folder builds markup by concatenation.
 */

const SAFE = Symbol("safe-html");

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

function safe(value: string): SafeHtml {
  return { [SAFE]: true, value };
}

function isSafe(v: unknown): v is SafeHtml {
  return typeof v === "object" && v !== null && (v as Record<symbol, unknown>)[SAFE] === true;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escape text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

function render(v: Interpolation): string {
  if (v === null || v === undefined || v === false) return "";
  if (Array.isArray(v)) return v.map(render).join("");
  if (isSafe(v)) return v.value;
  return escapeHtml(String(v));
}

/** Tagged template: literal parts are markup, every interpolation is escaped unless it is SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? "");
  return safe(out);
}

export function join(parts: readonly SafeHtml[], separator = ""): SafeHtml {
  return safe(parts.map((p) => p.value).join(escapeHtml(separator)));
}

export const CONFIDENTIALITY_NOTICE =
  "Confidential: this report names staff members and their qualifications, pay-related records and scholarship " +
  "requests. It is for the program's administrator and the Office of Early Childhood only. Do not post, publish " +
  "or forward it; store and dispose of it as personnel records.";

const STYLE = `
:root { --ink: #1b1b1b; --muted: #555; --rule: #c8c8c8; --band: #f2f2f2; --good: #1a6b2f; --bad: #9b1c1c; }
* { box-sizing: border-box; }
body { font: 11pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); margin: 1.5rem auto; max-width: 78rem; padding: 0 1rem; }
header.report-head { border-bottom: 2px solid var(--ink); margin-bottom: 0.75rem; padding-bottom: 0.5rem; }
h1 { font-size: 1.35rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 0.4rem; }
.meta { color: var(--muted); margin: 0; }
.meta strong { color: var(--ink); }
.notice { border: 1.5px solid var(--bad); color: var(--bad); padding: 0.4rem 0.6rem; margin: 0.6rem 0; font-weight: 600; }
.summary { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0.5rem 0; padding: 0; list-style: none; }
.summary li { white-space: nowrap; }
table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid var(--rule); padding: 0.2rem 0.35rem; text-align: left; vertical-align: top; }
thead th { background: var(--band); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.group th { background: #fafafa; font-weight: 600; }
.ok { color: var(--good); font-weight: 600; }
.no { color: var(--bad); font-weight: 600; }
.empty { font-style: italic; color: var(--muted); }
footer.report-foot { margin-top: 1rem; border-top: 1px solid var(--rule); padding-top: 0.4rem; color: var(--muted); font-size: 9pt; }
@page { size: letter landscape; margin: 0.5in; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9.5pt; }
  thead { display: table-header-group; }
  tr, .notice, .summary { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  .notice { color: #000; border-color: #000; }
}
`;

export interface PageOptions {
  title: string;
  programLine: SafeHtml;
  asOf: string;
  body: SafeHtml;
  footer: SafeHtml;
}

/** A complete, self-contained printable page with the as-of date and the confidentiality notice. */
export function page(o: PageOptions): string {
  return `<!doctype html>\n${
    html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="workforce-report" content="restricted">
<title>${o.title}</title>
<style>${safe(STYLE)}</style>
</head>
<body data-restricted-report="true">
<header class="report-head">
<h1>${o.title}</h1>
<p class="meta">${o.programLine}</p>
<p class="meta">As of <strong><time datetime="${o.asOf}">${o.asOf}</time></strong></p>
<p class="notice" role="note">${CONFIDENTIALITY_NOTICE}</p>
</header>
<main>
${o.body}
</main>
<footer class="report-foot">${o.footer}</footer>
</body>
</html>
`.value
  }`;
}
