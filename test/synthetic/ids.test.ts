/**
 * Reserved identifiers (keys of injected defects, from the top of each id range): a defect that is
 * not made gives its ids back, so the range is used only by the defects written, and a range that
 * runs out stops the simulator instead of writing ids of the wrong shape (which the answer key would
 * then call orphans while ingest calls them invalid identifiers).
 */
import { describe, expect, it } from "vitest";
import { Ids } from "../../synthetic/model.ts";

describe("reserved identifiers", () => {
  it("come from the top of the range and are given back by restore", () => {
    const ids = new Ids();
    expect(ids.take("program_id")).toBe("P000001");
    expect(ids.reserved("program_id")).toBe("P900001");
    const mark = ids.mark();
    expect(ids.reserved("program_id")).toBe("P900002");
    expect(ids.reserved("registry_id")).toBe("CT9000001");
    ids.restore(mark);
    expect(ids.reserved("program_id")).toBe("P900002");
    expect(ids.reserved("registry_id")).toBe("CT9000001");
    // Restoring does not give back ordinary ids.
    expect(ids.take("program_id")).toBe("P000002");
  });

  it("stop at the end of the range rather than change shape", () => {
    const ids = new Ids();
    for (let i = 1; i <= 99_999; i++) ids.reserved("program_id");
    expect(() => ids.reserved("program_id")).toThrow(
      "the reserved program_id range (P9...) is used up: 99999 ids taken",
    );
  });
});
