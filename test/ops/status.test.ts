/**
 * The age `workforce status` gives the published data: counted from the end of the extract's
 * as-of day in Connecticut (spec: "data is current up to the end of this day"), so that the nightly
 * run at 02:00 keeps a healthy pipeline well inside the 48-hour limit.
 */
import { describe, expect, it } from "vitest";
import { endOfDay } from "../../warehouse/status.ts";

describe("the end of an as-of day", () => {
  it("is the next midnight in New York, in standard and daylight time and across both changes", () => {
    expect(
      ["2026-11-30", "2026-07-03", "2026-03-07", "2026-03-08", "2026-10-31", "2026-11-01", "2026-12-31"].map(
        (d) => endOfDay(d).toISOString(),
      ),
    ).toEqual([
      "2026-12-01T05:00:00.000Z",
      "2026-07-04T04:00:00.000Z",
      // Clocks go forward on 2026-03-08 at 02:00: that day's midnight is still standard time.
      "2026-03-08T05:00:00.000Z",
      "2026-03-09T04:00:00.000Z",
      // Clocks go back on 2026-11-01 at 02:00.
      "2026-11-01T04:00:00.000Z",
      "2026-11-02T05:00:00.000Z",
      "2027-01-01T05:00:00.000Z",
    ]);
  });

  it("follows the time zone it is given", () => {
    expect(endOfDay("2026-11-30", "UTC").toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(endOfDay("2026-11-30", "Asia/Kolkata").toISOString()).toBe("2026-11-30T18:30:00.000Z");
  });
});
