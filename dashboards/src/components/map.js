// Maps of towns and planning regions (dashboards/src/data/geo/, from the CT Data Collaborative's
// boundaries). A published value fills the area on a colour-blind-safe sequential scale; a withheld one
// is hatched grey, says "suppressed (reason)" in its tip and, on region maps, is labelled on the map.
import * as Plot from "npm:@observablehq/plot";
import { html, svg } from "npm:htl";
import { formatValue } from "./format.js";
import { SEQUENTIAL_SCHEME, SUPPRESSED_COLOR } from "./palette.js";
import { reasonLabel } from "./reasons.js";

let hatchCounter = 0;

/** The fill of an area whose published count is 0. */
const ZERO_FILL = "#FFFFFF";

/**
 * Where a planning region's label goes ([longitude, latitude]) and its name in two short lines. At
 * the centroids, with the full names, the labels of the small southern regions ran into each other
 * (Lower Connecticut River Valley over Southeastern Connecticut, Greater Bridgeport over Western
 * Connecticut); these points are inside each region and far enough apart for three lines of 9px
 * text on a 330px-wide map. A feature not listed (a town) is labelled at its centroid.
 */
const REGION_LABELS = new Map([
  ["09110", { name: "Capitol", at: [-72.57, 41.84] }],
  ["09120", { name: "Greater\nBridgeport", at: [-73.2, 41.27] }],
  ["09130", { name: "Lower CT\nRiver Valley", at: [-72.52, 41.47] }],
  ["09140", { name: "Naugatuck\nValley", at: [-73.08, 41.56] }],
  ["09150", { name: "Northeast\nCT", at: [-72.0, 41.86] }],
  ["09160", { name: "Northwest\nHills", at: [-73.22, 41.88] }],
  ["09170", { name: "South\nCentral", at: [-72.88, 41.37] }],
  ["09180", { name: "Southeastern\nCT", at: [-72.07, 41.44] }],
  ["09190", { name: "Western\nCT", at: [-73.55, 41.13] }],
]);

/** A region's label place and name, or null (label at the centroid, with nameOf). */
function regionLabel(d) {
  return REGION_LABELS.get(d.properties?.planning_region_fips) ?? null;
}

/**
 * choroplethMap({features, key, values, label, format, width, outline, labelSuppressed, ariaLabel}):
 * - features: a GeoJSON FeatureCollection (towns or planning regions);
 * - key: feature => the value's key (e.g. d => d.properties.planning_region_fips);
 * - values: Map key => {value, reason, name?} (value null = withheld, with its reason code);
 *   a feature missing from values is drawn as "no data";
 * - label: the legend title with its unit; format: a format.js kind ("count", "usd", "pct", ...);
 * - outline: another FeatureCollection drawn on top as boundaries (e.g. regions over towns);
 * - labelSuppressed: write "suppressed" on withheld areas (for maps of a few large areas);
 * - labelNames: write each area's name (and "suppressed" under a withheld one's), for the same maps;
 * - labelValues: with labelNames, write each published value under its area's name too (the map can
 *   then be read without telling colours apart);
 * - scaleType: Plot colour scale type ("linear", or "sqrt" / "log" for skewed counts);
 * - domain: the colour scale's [min, max] (e.g. from 0 to a target, so that a narrow spread of values
 *   is not stretched over the whole scheme); by default from 0 for counts (but not on a log scale), else
 *   the published values' extent;
 * - subject: what the counts count, for the legend ("people", "classrooms").
 */
export function choroplethMap({
  features,
  key,
  values,
  label,
  format = "count",
  width = 640,
  outline,
  labelSuppressed = false,
  labelNames = false,
  labelValues = false,
  scaleType = "linear",
  domain,
  subject = "people",
  nameOf = (d) => d.properties.town_name ?? d.properties.planning_region_name,
  ariaLabel,
  ariaDescription,
}) {
  const hatchId = `hatch-suppressed-${++hatchCounter}`;
  const entry = (d) => values.get(key(d));
  const published = features.features.filter((d) => entry(d)?.value != null);
  const withheld = features.features.filter((d) => entry(d)?.value == null);
  // A count of 0 (nobody there) is not the low end of the scale: the darkest colour would read as
  // "a few". Such areas are drawn white, with their own legend line.
  const isZero = (d) => format === "count" && entry(d)?.value === 0;
  const zeros = published.filter(isZero);
  const colored = published.filter((d) => !isZero(d));
  const tipText = (d) => {
    const e = entry(d);
    return e?.value != null
      ? `${nameOf(d)}\n${label}: ${formatValue(e.value, format)}`
      : `${nameOf(d)}\n${label}: suppressed${e?.reason ? ` (${reasonLabel(e.reason)})` : " (no data)"}`;
  };
  // An area's name (and, with labelValues, its value), or "suppressed" under it.
  const nameStyle = {
    text: (d) => {
      const name = regionLabel(d)?.name ?? String(nameOf(d)).replace(/ Planning Region$/, "");
      const value = entry(d)?.value;
      if (value == null) return `${name}\nsuppressed`;
      return labelValues ? `${name}\n${formatValue(value, format)}` : name;
    },
    fill: "#222",
    stroke: "white",
    strokeWidth: 3,
    fontSize: 9,
    lineHeight: 1.1,
  };
  const plot = Plot.plot({
    width,
    height: Math.round(width * 0.62),
    projection: { type: "mercator", domain: features },
    ariaLabel: ariaLabel ?? `Map: ${label}`,
    ariaDescription:
      ariaDescription ??
      `${published.length} areas with a published value${zeros.length ? ` (${zeros.length} of them 0, white)` : ""}, ${withheld.length} suppressed (hatched grey).`,
    color: {
      type: scaleType,
      scheme: SEQUENTIAL_SCHEME,
      legend: true,
      label,
      tickFormat: (v) => formatValue(v, format),
      // One published value alone would be drawn mid-scheme on a scale of one value; counts start
      // at 0 (on a scale of the published extent, 12 and 15 people looked like opposites).
      ...(domain
        ? { domain }
        : format === "count" && scaleType !== "log" && colored.length > 0
          ? { domain: [0, Math.max(...colored.map((d) => entry(d).value))] }
          : colored.length === 0
            ? { domain: [0, 1] }
            : colored.length === 1
              ? { domain: [Math.min(0, entry(colored[0]).value), Math.max(1e-9, entry(colored[0]).value)] }
              : {}),
    },
    marks: [
      () => svg`<defs><pattern id=${hatchId} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#E8E8E8"></rect><line x1="0" y1="0" x2="0" y2="6" stroke=${SUPPRESSED_COLOR} stroke-width="2.5"></line>
      </pattern></defs>`,
      Plot.geo(colored, {
        fill: (d) => entry(d).value,
        stroke: "white",
        strokeWidth: 0.6,
        ariaLabel: tipText,
      }),
      Plot.geo(zeros, {
        fill: ZERO_FILL,
        stroke: "#C8C8C8",
        strokeWidth: 0.6,
        ariaLabel: tipText,
      }),
      Plot.geo(withheld, {
        fill: `url(#${hatchId})`,
        stroke: "white",
        strokeWidth: 0.6,
        ariaLabel: tipText,
      }),
      outline ? Plot.geo(outline, { stroke: "#333", strokeWidth: 1.2, fill: "none" }) : null,
      labelNames
        ? [
            // the regions at their chosen points; any other area (a town) at its centroid
            Plot.text(features.features.filter(regionLabel), {
              ...nameStyle,
              x: (d) => regionLabel(d).at[0],
              y: (d) => regionLabel(d).at[1],
            }),
            Plot.text(
              features.features.filter((d) => !regionLabel(d)),
              Plot.centroid(nameStyle),
            ),
          ]
        : labelSuppressed
          ? Plot.text(
              withheld,
              Plot.centroid({
                text: () => "suppressed",
                fill: "#333",
                stroke: "white",
                strokeWidth: 3,
                fontSize: 10,
              }),
            )
          : null,
      Plot.tip(features.features, Plot.pointer(Plot.centroid({ title: tipText }))),
    ],
  });
  return html`<div class="map" data-published=${published.length} data-zero=${zeros.length} data-suppressed=${withheld.length}>
    ${plot}
    ${
      zeros.length
        ? html`<p class="map-legend"><svg width="18" height="12" aria-hidden="true"><rect width="18" height="12" fill=${ZERO_FILL} stroke="#999"></rect></svg>
      White: none, 0 ${subject} (${zeros.length} of ${features.features.length} areas).</p>`
        : null
    }
    <p class="map-legend"><svg width="18" height="12" aria-hidden="true"><defs><pattern id=${`${hatchId}-key`} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#E8E8E8"></rect><line x1="0" y1="0" x2="0" y2="6" stroke=${SUPPRESSED_COLOR} stroke-width="2.5"></line></pattern></defs><rect width="18" height="12" fill=${`url(#${hatchId}-key)`} stroke="#999"></rect></svg>
      Hatched grey: suppressed (${withheld.length} of ${features.features.length} areas): too few ${subject} to publish, or protecting another withheld value.</p>
  </div>`;
}

/** A Map for choroplethMap from table rows: valuesByKey(rows, "planning_region_fips", "median_hourly_wage_usd", "wage_suppression_reason_code"). */
export function valuesByKey(rows, keyColumn, valueColumn, reasonColumn) {
  return new Map(
    rows.map((r) => [r[keyColumn], { value: r[valueColumn], reason: reasonColumn ? r[reasonColumn] : null }]),
  );
}
