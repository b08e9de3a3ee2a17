/**
 * The privacy gate on small hand-made dist/ folders: each rule with the exact problem it reports, what
 * it must not flag (zero counts, k and more, region names, library licence headers), and names read
 * from an extract's people.csv. The gate over a real build with canary names planted in its extract is
 * tested in pages.test.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  extractNames,
  formatGateProblems,
  type GateProblem,
  privacyGate,
} from "../../dashboards/privacy-gate.ts";

let dir: string | undefined;

async function makeDir(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), "privacy-gate-"));
  for (const [name, contents] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, contents);
  }
  return dir;
}

const summary = (problems: GateProblem[]) =>
  problems.map((p) => `${p.file}:${p.line ?? "-"} ${p.kind} ${p.detail}`).sort();

const noData = path.join(tmpdir(), "privacy-gate-no-such-data-dir");

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("privacyGate", () => {
  it("passes published tables: zero, k and more, withheld (empty) counts, shares, places", async () => {
    const root = await makeDir({
      "index.html": "<h1>Workforce in Hartford and the Capitol Planning Region</h1>",
      "_file/data/overview/workforce.csv":
        '\uFEFF"snapshot_date","town_name","people_count","people_count_suppression_reason_code","goal_share_pct"\r\n' +
        '"2026-06-30","Hartford","0",,"0.5"\r\n"2026-06-30","Bristol","10",,"0.25"\r\n"2026-06-30","Andover",,"too_few",\r\n',
      "_file/data/overview/meta.json": JSON.stringify({
        k: 10,
        tables: { w: { rows: 3, withheld: { too_few: 1 } } },
      }),
      "_npm/htl@0.3.1/x.js": "/* (c) 2020 Mike Bostock mike@ocks.org */ export const CT1234567 = 1;",
    });
    const result = await privacyGate(root, { k: 10, dataDir: noData });
    expect(summary(result.problems)).toEqual([]);
    expect(result.countCellsChecked).toBe(3);
    expect(result.filesScanned).toBe(4);
  });

  it("names every small count, identifier column and value, email, birth date and binary file", async () => {
    const root = await makeDir({
      "_file/data/a.csv":
        '"town_name","people_count","teacher_count"\r\n"Hartford","9","12"\r\n"Bristol","1","0"\r\n"Avon","10.0","3"\r\n',
      "_file/data/b.json": JSON.stringify([
        { fiscal_year: 2025, applications_count: 4, nested: { ready_program_count: 2 } },
      ]),
      "_file/data/c.csv":
        '"registry_id","first_name","email","birth_date","program_name","hourly_wage_usd"\r\n',
      "page.html":
        '<p>Contact jo.smith@example.com about CT0012345 at P123456.</p>\n<p>{"birth_date": "1980-01-02"}</p>',
      "_file/data/d.parquet": "PAR1",
    });
    const result = await privacyGate(root, { k: 10, dataDir: noData });
    expect(summary(result.problems)).toEqual(
      [
        "_file/data/a.csv:3 small-count people_count = a count from 1 to 9",
        "_file/data/a.csv:2 small-count people_count = a count from 1 to 9",
        "_file/data/a.csv:4 small-count teacher_count = a count from 1 to 9",
        "_file/data/b.json:- small-count $[0].applications_count = a count from 1 to 9",
        "_file/data/b.json:- small-count $[0].nested.ready_program_count = a count from 1 to 9",
        "_file/data/c.csv:1 identifier-column column birth_date would carry person- or program-level data",
        "_file/data/c.csv:1 identifier-column column email would carry person- or program-level data",
        "_file/data/c.csv:1 identifier-column column first_name would carry person- or program-level data",
        "_file/data/c.csv:1 identifier-column column program_name would carry person- or program-level data",
        "_file/data/c.csv:1 identifier-column column registry_id would carry person- or program-level data",
        "_file/data/d.parquet:- unscannable-data binary data file (.parquet) cannot be checked; publish CSV or JSON",
        "page.html:1 email email j********",
        "page.html:1 identifier-value record id P******",
        "page.html:1 identifier-value registry id C********",
        "page.html:2 birth-date a birth date",
      ].sort(),
    );
  });

  it("finds people's full names from the extract in either order, and canaries anywhere", async () => {
    const root = await makeDir({
      "inbox/registry-extract-2026-06-30/people.csv":
        "registry_id,first_name,last_name,birth_date\nCT0000001,María José,Ramírez,1970-01-07\nCT0000002,Jo,Jones,1975-10-20\nCT0000003,Zzcanary7,Zzcanaryfamily7,1980-01-01\n",
      "dist/index.html": "<p>Ramírez, María José</p>\n<p>Jo met Jones.</p>\n",
      "dist/_file/x.csv": '"note"\r\n"maría josé ramírez"\r\n',
      "dist/_npm/lib.js": "const who = 'zzcanaryFAMILY7';",
    });
    const result = await privacyGate(path.join(root, "dist"), { k: 10, dataDir: root });
    expect(result.namesChecked).toBe(3);
    expect(summary(result.problems)).toEqual(
      [
        "_file/x.csv:2 person-name a person's name m**** j*** r******",
        "_npm/lib.js:1 canary canary name z********",
        "index.html:1 person-name a person's name r****** m**** j***",
      ].sort(),
    );
    // "Jo met Jones" is not the name "Jo Jones"; the report never prints a name in full.
    expect(formatGateProblems(result.problems)).not.toMatch(/Ramírez|María/);
  });

  it("reads text, not markup: list items are not a person named Li Li", async () => {
    const root = await makeDir({
      "inbox/registry-extract-2026-06-30/people.csv": "registry_id,first_name,last_name\nCT0000001,Li,Li\n",
      "dist/index.html": '<ul><li>a</li>\n<li class="x">b</li></ul>\n<p>Li Li</p>\n',
      "dist/_import/page.js": "const list = html`<li>a</li><li>b</li>`;\n",
    });
    const result = await privacyGate(path.join(root, "dist"), { k: 10, dataDir: root });
    expect(summary(result.problems)).toEqual(["index.html:3 person-name a person's name l* l*"]);
  });

  it("reads names from every extract's people.csv (quoted names with commas too)", async () => {
    const root = await makeDir({
      "inbox/registry-extract-2026-06-30/people.csv":
        'registry_id,first_name,last_name\nCT0000001,"Ann, Jr",Lee\n',
      "inbox/registry-extract-2026-07-01/people.csv": "registry_id,first_name,last_name\nCT0000002,Bo,Kim\n",
      "inbox/not-an-extract/people.csv": "registry_id,first_name,last_name\nCT0000003,No,Body\n",
    });
    expect(await extractNames(root)).toEqual([
      { first: "Ann, Jr", last: "Lee" },
      { first: "Bo", last: "Kim" },
    ]);
  });

  it("fails clearly when dist/ is absent", async () => {
    await expect(privacyGate(path.join(tmpdir(), "no-such-dist-folder"), { k: 10 })).rejects.toThrow(
      /build the site first/,
    );
  });
});
