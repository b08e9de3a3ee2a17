/** Generated documentation committed in docs/ must match what the code generates today. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { generatedDocs } from "../warehouse/docs.ts";
import { REASONS } from "../warehouse/errors.ts";

it("docs/ is up to date (run `npx workforce docs` after changing the catalogue)", () => {
  for (const [name, text] of Object.entries(generatedDocs())) {
    expect(readFileSync(join(import.meta.dirname, "..", "docs", name), "utf8"), name).toBe(text);
  }
});

it("documents every reason code", () => {
  const md = generatedDocs()["reason-codes.md"]!;
  for (const code of Object.keys(REASONS)) expect(md, code).toContain(`\`${code}\``);
});

it("docs/data-dictionary.md is up to date with the contract, seeds and model metadata", async () => {
  const { dataDictionary, dictionaryMarkdown } = await import("../transforms/docs.ts");
  const md = dictionaryMarkdown(await dataDictionary());
  expect(readFileSync(join(import.meta.dirname, "..", "docs", "data-dictionary.md"), "utf8")).toBe(md);
  for (const t of [
    "raw.people",
    "seeds.ct_towns",
    "marts.fct_workforce_monthly",
    "reporting.rpt_wages_by_role_setting",
  ]) {
    expect(md, t).toContain(t);
  }
});
