import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkDist, type DistProblem } from "../../dashboards/check-dist.ts";

let dir: string | undefined;

async function makeDist(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), "check-dist-"));
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
  return dir;
}

const summary = (problems: DistProblem[]) => problems.map((p) => `${p.file} ${p.kind} ${p.value}`).sort();

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("checkDist", () => {
  it("accepts relative assets, existing imports and external <a> links", async () => {
    const distDir = await makeDist({
      "index.html": [
        '<link rel="stylesheet" href="./_observablehq/theme.css">',
        '<link rel="modulepreload" href="./_npm/htl@0.3.1/abc.js">',
        '<script type="module">import {html} from "./_npm/htl@0.3.1/abc.js"; import("./_npm/htl@0.3.1/abc.js");</script>',
        '<p>See <a href="https://www.ctoec.org/">the Office of Early Childhood</a>.</p>',
        '<img src="data:image/png;base64,AAAA">',
      ].join("\n"),
      "_observablehq/theme.css": "body { background: url(./bg.svg); }",
      "_observablehq/bg.svg": "<svg/>",
      "_observablehq/stdlib.js":
        'export const _ = () => import("../_npm/lodash@0.0.0-not-in-offline-cache/_esm.js");',
      "_npm/htl@0.3.1/abc.js": 'export const html = 1; const s = "https://example.org is just a string";',
    });
    const result = await checkDist(distDir);
    expect(summary(result.problems)).toEqual([]);
    expect(result.externalLinks).toBe(1);
  });

  it("names each file and offending string", async () => {
    const distDir = await makeDist({
      "index.html": [
        '<link rel="stylesheet" href="https://fonts.example/css2?family=X">',
        '<script src="//cdn.example/lib.js"></script>',
        '<script type="module">import {html} from "htl"; import "./missing.js";</script>',
        '<footer>Built with <a href="https://observablehq.com/">Observable</a></footer>',
      ].join("\n"),
      "app.js":
        'import * as d3 from "npm:d3"; export * from "https://esm.example/x"; import("https://esm.example/y");',
      "style.css":
        '@import "https://fonts.example/a.css"; .x { background: url("https://img.example/a.png"); }',
    });
    const result = await checkDist(distDir);
    expect(summary(result.problems)).toEqual([
      "app.js bare-specifier npm:d3",
      "app.js external-url https://esm.example/x",
      "app.js external-url https://esm.example/y",
      "index.html bare-specifier htl",
      "index.html external-url //cdn.example/lib.js",
      "index.html external-url https://fonts.example/css2?family=X",
      "index.html forbidden-host observablehq.com",
      "index.html missing-file ./missing.js",
      "style.css external-url https://fonts.example/a.css",
      "style.css external-url https://img.example/a.png",
    ]);
    const bare = result.problems.find((p) => p.value === "htl");
    expect(bare?.line).toBe(3);
  });

  it("fails clearly when dist/ is absent", async () => {
    await expect(checkDist(path.join(tmpdir(), "no-such-dist-folder"))).rejects.toThrow(
      /build the site first/,
    );
  });
});
