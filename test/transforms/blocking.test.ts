/**
 * A failing blocking test, or a model that does not build, discards the new build: the previous
 * build stays current, byte for byte. The broken project is a temporary models folder holding links
 * to every real model plus one broken model.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, buildPaths } from "../../transforms/build.ts";
import { LAYERS, loadProject, MODELS_DIR, selectModels } from "../../transforms/project.ts";
import { fixture } from "./fixture.ts";
import { buildOrFail, tempDir, writeWarehouse } from "./helpers.ts";

const temporary: string[] = [];

function modelsWith(
  extra: { sql: string; meta: string },
  ...more: { name: string; sql: string; meta: string }[]
): string {
  const dir = tempDir("wf-models-");
  temporary.push(dir);
  for (const layer of LAYERS) {
    mkdirSync(join(dir, layer));
    const real = join(MODELS_DIR, layer);
    if (!existsSync(real)) continue;
    for (const f of readdirSync(real)) symlinkSync(join(real, f), join(dir, layer, f));
  }
  writeFileSync(join(dir, "marts", "zz_broken.sql"), extra.sql);
  writeFileSync(join(dir, "marts", "zz_broken.ts"), extra.meta);
  for (const m of more) {
    writeFileSync(join(dir, "marts", `${m.name}.sql`), m.sql);
    writeFileSync(join(dir, "marts", `${m.name}.ts`), m.meta);
  }
  return dir;
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

let dataDir: string;
let before: string;

beforeAll(async () => {
  dataDir = tempDir();
  await writeWarehouse(dataDir, fixture());
  await buildOrFail({ dataDir });
  before = sha(buildPaths(dataDir).current);
}, 60_000);

afterAll(() => {
  for (const dir of [dataDir, ...temporary]) rmSync(dir, { recursive: true, force: true });
});

describe("a broken model", () => {
  it("with a failing blocking test is built but not swapped in; the previous build stays", async () => {
    const modelsDir = modelsWith({
      sql: "select distinct person_id, 1 as broken_count from marts.dim_people\n",
      meta: `export default {
  grain: ["person_id"],
  description: "One row per member: a model whose test always fails.",
  columns: { person_id: "Member.", broken_count: "Always 1." },
  tests: [
    { type: "expression_is_true", name: "never_true", expression: "broken_count = 0" },
    { type: "accepted_range", column: "broken_count", min: 0, max: 1 },
    { type: "accepted_values", column: "broken_count", values: [2] },
  ],
};
`,
    });
    const result = await build({ dataDir, modelsDir });
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("tests_failed");
    expect(result.models.find((m) => m.model === "marts.zz_broken")?.status).toBe("ok");
    expect(result.tests.filter((t) => t.status === "fail").map((t) => `${t.model} ${t.test}`)).toContain(
      "marts.zz_broken expression_is_true:never_true",
    );
    // The model's four row-condition tests are counted in one scan: each count is its own.
    const rows = result.models.find((m) => m.model === "marts.zz_broken")?.rows;
    const broken = result.tests.filter((t) => t.model === "marts.zz_broken");
    expect(rows).toBeGreaterThan(5);
    expect(broken.map((t) => [t.test, t.status, t.failures, t.sample.length])).toEqual([
      ["unique:person_id", "pass", 0, 0],
      ["not_null:person_id", "pass", 0, 0],
      ["expression_is_true:never_true", "fail", rows, 5],
      ["accepted_range:broken_count", "pass", 0, 0],
      ["accepted_values:broken_count", "fail", rows, 5],
    ]);
    expect(sha(buildPaths(dataDir).current)).toBe(before);
    expect(existsSync(buildPaths(dataDir).next)).toBe(false);
  }, 60_000);

  it("with a failing relationships test counts every offending row, not each missing value once", async () => {
    // Rows 1-5: 'NOBODY' twice, 'NOBODY-2' once, null twice, and one real member.
    const modelsDir = modelsWith({
      sql: `select n, case when n <= 2 then 'NOBODY' when n = 3 then 'NOBODY-2' when n <= 5 then null
  else (select min(person_id) from marts.dim_people) end as person_id
from range(1, 7) r(n)
`,
      meta: `export default {
  grain: ["n"],
  description: "One row per n: references to members, three of them to no member.",
  columns: { n: "Row.", person_id: "A member, or not." },
  tests: [
    { type: "relationships", column: "person_id", to: "marts.dim_people", field: "person_id" },
    { type: "relationships", column: "person_id", to: "marts.dim_people", field: "person_id", allowNull: false },
    { type: "relationships", column: "n", to: "marts.dim_dates", field: "month_number" },
  ],
};
`,
    });
    const result = await build({ dataDir, modelsDir });
    expect(result.status).toBe("failed");
    const broken = result.tests.filter((t) => t.model === "marts.zz_broken");
    expect(broken.map((t) => [t.test, t.status, t.failures, t.sample.length])).toEqual([
      ["unique:n", "pass", 0, 0],
      ["not_null:n", "pass", 0, 0],
      ["relationships:person_id->marts.dim_people.person_id", "fail", 3, 3],
      ["relationships:person_id->marts.dim_people.person_id", "fail", 5, 5],
      ["relationships:n->marts.dim_dates.month_number", "pass", 0, 0],
    ]);
    expect(sha(buildPaths(dataDir).current)).toBe(before);
  }, 60_000);

  it("with a code outside its column's ENUM values fails to build, naming the value", async () => {
    const modelsDir = modelsWith({
      sql: "select n, case when n = 3 then 'PURPLE' else 'RED' end as colour_code from range(1, 5) r(n)\n",
      meta: `export default {
  grain: ["n"],
  description: "One row per n: a code column stored as an ENUM, with one value outside it.",
  columns: { n: "Row.", colour_code: "A colour." },
  enums: { colour_code: ["RED", "GREEN"] },
};
`,
    });
    const result = await build({ dataDir, modelsDir });
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("model_failed");
    expect(result.error?.message).toMatch(/^model marts\.zz_broken failed to build: .*'PURPLE'/);
    expect(sha(buildPaths(dataDir).current)).toBe(before);
  }, 60_000);

  it("whose enums name a column it does not describe, a value twice, or a column with an accepted_values test, is refused before building", async () => {
    const meta = (enums: string) => `export default {
  grain: ["n"],
  description: "One row per n.",
  columns: { n: "Row.", colour_code: "A colour." },
  enums: ${enums},
};
`;
    const sql = "select n, 'RED' as colour_code from range(1, 5) r(n)\n";
    await expect(loadProject(modelsWith({ sql, meta: meta('{ colour: ["RED"] }') }))).rejects.toThrow(
      /marts\.zz_broken.*enums\.colour: not a described column of the model/,
    );
    await expect(
      loadProject(modelsWith({ sql, meta: meta('{ colour_code: ["RED", "GREEN", "RED"] }') })),
    ).rejects.toThrow(/enums\.colour_code: a value is listed twice/);
    const checkedTwice = meta(
      '{ colour_code: ["RED"] },\n  tests: [{ type: "accepted_values", column: "colour_code", values: ["RED"] }]',
    );
    await expect(loadProject(modelsWith({ sql, meta: checkedTwice }))).rejects.toThrow(
      /enums\.colour_code: the ENUM type checks its values: drop the column's accepted_values test/,
    );
  });

  it("whose SQL fails stops the build; the previous build stays", async () => {
    const modelsDir = modelsWith({
      sql: "select person_id, no_such_column from marts.dim_people\n",
      meta: `export default {
  grain: ["person_id"],
  description: "One row per member: a model that does not compile.",
  columns: { person_id: "Member." },
};
`,
    });
    const result = await build({ dataDir, modelsDir });
    expect(result.status).toBe("failed");
    expect(result.error?.code).toBe("model_failed");
    expect(result.models.filter((m) => m.status === "error").map((m) => m.model)).toEqual([
      "marts.zz_broken",
    ]);
    expect(result.error?.message).toMatch(/^model marts\.zz_broken failed to build: .*no_such_column/);
    // The build stopped at the failure: not every model ran (how many did depends on which ran
    // beside it: a fixed bound of 87 failed in CI with 88 run), and no test ran.
    const total = (await loadProject(modelsDir)).models.size;
    expect(result.models.length).toBeLessThan(total);
    expect(result.tests).toEqual([]);
    expect(sha(buildPaths(dataDir).current)).toBe(before);
  }, 60_000);

  it.runIf(availableParallelism() >= 2)(
    "that runs out of memory is run again alone on one thread, then the threads are set back",
    async () => {
      // Out of memory on more than one thread (DuckDB's message, raised by the model itself).
      const modelsDir = modelsWith(
        {
          sql: `select distinct person_id, current_setting('threads')::integer as threads
from marts.dim_people
where case when current_setting('threads')::integer > 1
    then error('Out of Memory Error: could not allocate block of size 256.0 KiB (a test model)')::boolean
    else true end
`,
          meta: `export default {
  grain: ["person_id"],
  description: "One row per member: a model that runs out of memory on more than one thread.",
  columns: { person_id: "Member.", threads: "DuckDB's threads when it was built." },
};
`,
        },
        {
          name: "zz_after",
          sql: "select count(*)::integer as members, current_setting('threads')::integer as threads from marts.zz_broken\n",
          meta: `export default {
  grain: ["members"],
  description: "One row: built after the model above.",
  columns: { members: "Members.", threads: "DuckDB's threads when it was built." },
};
`,
        },
      );
      const result = await build({ dataDir, modelsDir });
      expect(result.error?.message).toBeUndefined();
      expect(result.status).toBe("swapped");
      const runs = result.models.filter((m) => m.model.startsWith("marts.zz_"));
      expect(runs.map((m) => [m.model, m.status, m.threads ?? null])).toEqual([
        ["marts.zz_broken", "ok", 1],
        ["marts.zz_after", "ok", null],
      ]);
      const instance = await DuckDBInstance.create(buildPaths(dataDir).current, { access_mode: "READ_ONLY" });
      try {
        const con = await instance.connect();
        const rows = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJson();
        expect(await rows("select distinct threads from marts.zz_broken")).toEqual([{ threads: 1 }]);
        const after = (await rows("select members, threads from marts.zz_after"))[0]!;
        expect(after.members).toBe(
          Number((await rows("select count(distinct person_id) as n from marts.dim_people"))[0]!.n),
        );
        expect(after.threads).toBeGreaterThan(1);
        con.closeSync();
      } finally {
        instance.closeSync();
      }
      // Swapped in: the next test compares with this build.
      before = sha(buildPaths(dataDir).current);
    },
    120_000,
  );
});

describe("--select", () => {
  it("names an unknown model with the closest one, bare or qualified as it was typed", async () => {
    const project = await loadProject();
    expect(() => selectModels(project, ["dim_peple"])).toThrow(
      "unknown model dim_peple (did you mean dim_people?)",
    );
    expect(() => selectModels(project, ["marts.dim_peple"])).toThrow(
      "unknown model marts.dim_peple (did you mean marts.dim_people?)",
    );
    expect(() => selectModels(project, ["zzz_nothing_like_it"])).toThrow(
      /^unknown model zzz_nothing_like_it$/,
    );
    // a known model selects itself and everything downstream
    const selected = selectModels(project, ["dim_people"]);
    expect(selected[0]).toBe("marts.dim_people");
    expect(selected).toContain("marts.fct_workforce_monthly");
    expect(selected).not.toContain("staging.stg_people");
  });
});
