/** The fingerprint `workforce run` compares to keep a version when nothing changed (run-inputs.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { codeFingerprint, runInputs } from "../../warehouse/run-inputs.ts";

const root = mkdtempSync(join(tmpdir(), "wf-inputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function put(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const KEY = { WORKFORCE_PSEUDONYM_KEY: "a".repeat(40) };

it("changes with the code, the extract, the key and the site builder, and with nothing else", () => {
  put("ingest/run.ts", "export {}\n");
  put("transforms/seeds/towns.csv", "town\nHartford\n");
  put("dashboards/src/index.md", "# Hi\n");
  put("package-lock.json", "{}\n");
  const code = codeFingerprint(root);
  const base = runInputs("CTREG-2026-07-02-DELTA", KEY, root);
  expect(base).toMatch(/^[0-9a-f]{64}$/);
  expect(runInputs("CTREG-2026-07-02-DELTA", KEY, root)).toBe(base);

  // Caches, build output, unrelated folders: not code.
  put("dashboards/src/.observablehq/cache/data/x.json", "[]\n");
  put("dist/index.html", "<p>old</p>\n");
  put("test/x.test.ts", "// a test\n");
  put("dashboards/node_modules/p/index.js", "\n");
  expect(codeFingerprint(root)).toBe(code);
  expect(runInputs("CTREG-2026-07-02-DELTA", KEY, root)).toBe(base);

  expect(runInputs("CTREG-2026-07-03-DELTA", KEY, root)).not.toBe(base);
  expect(runInputs("CTREG-2026-07-02-DELTA", { WORKFORCE_PSEUDONYM_KEY: "b".repeat(40) }, root)).not.toBe(
    base,
  );
  expect(runInputs("CTREG-2026-07-02-DELTA", {}, root)).not.toBe(base); // the demo key
  expect(
    runInputs("CTREG-2026-07-02-DELTA", { ...KEY, WORKFORCE_SITE_BUILD_SCRIPT: "/x/fake-site.ts" }, root),
  ).not.toBe(base);

  for (const [path, text] of [
    ["transforms/seeds/towns.csv", "town\nHartford\nNew Haven\n"],
    ["dashboards/src/index.md", "# Hello\n"],
    ["warehouse/new.ts", "export {}\n"],
    ["package-lock.json", '{"lockfileVersion":3}\n'],
  ] as const) {
    const before = codeFingerprint(root);
    put(path, text);
    expect(codeFingerprint(root), path).not.toBe(before);
  }
  expect(runInputs("CTREG-2026-07-02-DELTA", KEY, root)).not.toBe(base);
});

it("a weak key is refused here as in publish", () => {
  expect(() => runInputs("X", { WORKFORCE_PSEUDONYM_KEY: "short" }, root)).toThrow(
    expect.objectContaining({ code: "pseudonym_key_invalid" }),
  );
});
