/**
 * With --defects 0 every record of every file satisfies the contract (validated with the zod
 * schemas), and replaying the full extract and its deltas leaves no orphan reference, no duplicate
 * key and no room with two designated QSMs.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { extractFolders, integrityProblems, readManifest, validateExtract } from "../helpers/extracts.ts";

const ROOT = join(import.meta.dirname, "..", "..");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "sim-clean-"));
  execFileSync(
    process.execPath,
    [
      join(ROOT, "bin", "workforce.js"),
      "simulate",
      "--out",
      dir,
      "--members",
      "2000",
      "--seed",
      "11",
      "--as-of",
      "2025-11-28",
      "--deltas",
      "3",
    ],
    { encoding: "utf8" },
  );
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("validates every record of every file against the zod contracts", () => {
  const folders = extractFolders(dir);
  expect(folders).toHaveLength(4);
  let rows = 0;
  for (const f of folders) {
    const m = readManifest(join(dir, f));
    const { violations, rows: n } = validateExtract(join(dir, f), m.as_of);
    expect(violations, f).toEqual([]);
    rows += n;
  }
  expect(rows).toBeGreaterThan(60_000);
});

it("has no orphan reference, duplicate key or overlapping designated QSM", () => {
  expect(integrityProblems(dir)).toEqual([]);
});

it("writes no answer key when nothing is injected", () => {
  expect(existsSync(join(dir, "answer-key.json"))).toBe(false);
});
