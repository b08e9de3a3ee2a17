/** The summary `workforce build` prints: counts, time, and where the time went. */
import { describe, expect, it } from "vitest";
import type { BuildResult } from "../../transforms/build.ts";
import { howBuilt, report } from "../../transforms/command.ts";

const result: BuildResult = {
  buildId: "build-20261130T000000Z",
  status: "swapped",
  models: [
    { model: "staging.stg_people", status: "ok", rows: 10, seconds: 0.5, mode: "full" },
    { model: "marts.dim_people", status: "ok", rows: 12, seconds: 1.25, mode: "reused" },
  ],
  tests: [
    {
      model: "marts.dim_people",
      test: "unique:person_id",
      severity: "error",
      status: "pass",
      failures: 0,
      sample: [],
    },
  ],
  seconds: 3.5,
  phases: { prepare: 0.4, models: 1.75, tests: 1.2, finish: 0.3 },
};

// The summary's colour escapes (when stdout is a terminal) are not part of what is checked.
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

describe("the build summary", () => {
  it("says how many models were built or kept, the tests, the time and each phase's time", () => {
    expect(plain(report(result, false)).split("\n")).toEqual([
      "2 model(s): 1 built, 0 incremental, 1 unchanged; 1 test(s) (0 unchanged), 0 failed, in 3.5 s",
      "time: preparing 0.4 s, models 1.75 s, tests 1.2 s, finishing 0.3 s (with the final checkpoint)",
      "build build-20261130T000000Z is now current",
      "",
    ]);
  });

  it("has no time line when the build stopped before the models (no phases)", () => {
    const text = plain(report({ ...result, phases: undefined }, false));
    expect(text).not.toContain("time:");
  });

  it("gives the phases in its JSON", () => {
    const json = JSON.parse(report(result, true));
    expect(json.phases).toEqual({ prepare: 0.4, models: 1.75, tests: 1.2, finish: 0.3 });
    expect(json.seconds).toBe(3.5);
  });
});

describe("a model's progress line", () => {
  const run = { model: "marts.fct_workforce_monthly", status: "ok", rows: 1, seconds: 1 } as const;
  it("says how the model was built: kept, in part (from a date, for changed entities) or in full", () => {
    expect(howBuilt({ ...run, mode: "reused" })).toBe(" (unchanged)");
    expect(howBuilt({ ...run, mode: "full" })).toBe("");
    expect(howBuilt({ ...run, mode: "full", compareSeconds: 0.5 })).toBe(
      " (in full; inputs compared in 0.5 s)",
    );
    expect(howBuilt({ ...run, mode: "incremental", from: null, compareSeconds: 0.25 })).toBe(
      " (no change; inputs compared in 0.25 s)",
    );
    expect(howBuilt({ ...run, mode: "incremental", from: "2026-07-01", compareSeconds: 11 })).toBe(
      " (from 2026-07-01; inputs compared in 11 s)",
    );
    expect(
      howBuilt({
        ...run,
        mode: "incremental",
        from: "2026-07-01",
        entities: 50605,
        entity: "person_id",
        compareSeconds: 11.018,
      }),
    ).toBe(" (from 2026-07-01; 50,605 changed person_id on every date; inputs compared in 11.018 s)");
    expect(howBuilt({ ...run, mode: "incremental", from: null, entities: 1, entity: "person_id" })).toBe(
      " (1 changed person_id on every date)",
    );
    expect(
      howBuilt({
        ...run,
        mode: "incremental",
        from: null,
        entities: 39,
        entity: "registry_id",
        entityOnly: true,
        compareSeconds: 0.025,
      }),
    ).toBe(" (39 changed registry_id; inputs compared in 0.025 s)");
  });
});
