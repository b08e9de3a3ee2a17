// Plot marks shared by the charts: a withheld value is never drawn as zero; it gets a visible
// "suppressed" label where its bar or dot would be.
import * as Plot from "npm:@observablehq/plot";
import { reasonFor } from "./data.js";
import { reasonLabel, withheldText } from "./reasons.js";

/**
 * Labels rows whose `value` column is null: for a horizontal bar chart, suppressedLabelsX(rows, {y:
 * "role_code", value: "median_hourly_wage_usd"}) writes "suppressed (too few)" at x = 0 of each such row
 * (fy: facet channel when faceting). A published zero is written "0" there too (zero: false when the
 * chart writes every value itself): a bar of zero length is otherwise indistinguishable from a
 * missing one.
 */
export function suppressedLabelsX(rows, { y, value, fy, x = 0, zero = true }) {
  return [
    Plot.text(
      rows.filter((r) => r[value] == null),
      {
        x: () => x,
        y,
        fy,
        text: (r) => withheldText(reasonFor(r, value)),
        textAnchor: "start",
        dx: 4,
        fill: "#555",
        fontStyle: "italic",
      },
    ),
    zero
      ? Plot.text(
          rows.filter((r) => r[value] === 0),
          { x: () => x, y, fy, text: () => "0", textAnchor: "start", dx: 4, fill: "#333" },
        )
      : null,
  ];
}

/** The same for vertical bars: labels at y = 0, rotated (a published zero: "0" above the axis). */
export function suppressedLabelsY(rows, { x, value, fx, y = 0, zero = true }) {
  return [
    Plot.text(
      rows.filter((r) => r[value] == null),
      {
        x,
        y: () => y,
        fx,
        text: (r) => withheldText(reasonFor(r, value)),
        rotate: -90,
        textAnchor: "start",
        dy: -4,
        fill: "#555",
        fontStyle: "italic",
      },
    ),
    zero
      ? Plot.text(
          rows.filter((r) => r[value] === 0),
          { x, y: () => y, fx, text: () => "0", textAnchor: "middle", dy: -6, fill: "#333" },
        )
      : null,
  ];
}

/**
 * A note in the middle of the frame when every value of `value` in rows is withheld, so an empty chart
 * says why it is empty: allSuppressedNote(rows, {value: "bachelor_level_pct"}).
 */
export function allSuppressedNote(rows, { value }) {
  const withheld = rows.filter((r) => r[value] == null);
  if (rows.length > 0 && withheld.length < rows.length) return null;
  const reasons = Array.from(new Set(withheld.map((r) => reasonLabel(reasonFor(r, value))).filter(Boolean)));
  // The browser test accepts a chart with no data marks only when it carries this note.
  return Plot.text([`Every value is suppressed${reasons.length ? ` (${reasons.join(", ")})` : ""}`], {
    frameAnchor: "top",
    dy: 12,
    fill: "#555",
    fontStyle: "italic",
    fontSize: 13,
    // A function: a string would be read as a field name.
    ariaLabel: () => "all values suppressed",
  });
}
