// Labels and fixed colours for the categories of the Workforce, Qualifications, Funding, Scholarships
// and Professional development pages that palette.js does not list (age group served, race and
// ethnicity, language, age band, ladder level, training topic, credit area, application type,
// milestone, denial reason, verification status, state funding). Kinds palette.js knows are passed
// through to it, so every page keeps one colour per category. Colour-blind-safe palettes (Okabe & Ito,
// Paul Tol "muted", viridis steps for ordered categories); grey stays for "none"/"unknown".
import * as Plot from "npm:@observablehq/plot";
import { reasonFor } from "./data.js";
import { formatValue } from "./format.js";
import { CATEGORIES, colorScale, label as paletteLabel, SUPPRESSED_COLOR } from "./palette.js";
import { reasonLabel } from "./reasons.js";

const OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];
const TOL_MUTED = [
  "#332288",
  "#88CCEE",
  "#44AA99",
  "#117733",
  "#999933",
  "#DDCC77",
  "#CC6677",
  "#882255",
  "#AA4499",
];
const VIRIDIS_8 = ["#FDE725", "#A0DA39", "#4AC16D", "#1FA187", "#277F8E", "#365C8D", "#46327E", "#440154"];

function kind(entries, colors) {
  return Object.fromEntries(
    entries.map(([code, text], i) => [code, { label: text, color: colors[i % colors.length] }]),
  );
}

const LADDER = Array.from({ length: 15 }, (_, i) => 15 - i).map((level, i) => [
  String(level),
  `Level ${level}`,
  i,
]);

/** Category kinds this module adds, each code with a label and a fixed colour. */
export const MORE_CATEGORIES = {
  ageGroupServed: kind(
    [
      ["INFANT_TODDLER", "Infants and toddlers"],
      ["PRESCHOOL", "Preschoolers"],
      ["SCHOOL_AGE", "School-age children"],
      ["MIXED", "Mixed ages"],
      ["NONE", "No group (not in a classroom)"],
    ],
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#BBBBBB"],
  ),
  raceEthnicity: kind(
    [
      ["HISPANIC", "Hispanic or Latino (any race)"],
      ["AMERICAN_INDIAN_ALASKA_NATIVE", "American Indian or Alaska Native"],
      ["ASIAN", "Asian"],
      ["BLACK", "Black or African American"],
      ["NATIVE_HAWAIIAN_PACIFIC_ISLANDER", "Native Hawaiian or Pacific Islander"],
      ["WHITE", "White"],
      ["MULTIRACIAL", "Two or more races"],
      ["NOT_DISCLOSED", "Not disclosed"],
    ],
    [...TOL_MUTED.slice(0, 7), "#BBBBBB"],
  ),
  language: kind(
    [
      ["ENGLISH", "English"],
      ["SPANISH", "Spanish"],
      ["PORTUGUESE", "Portuguese"],
      ["POLISH", "Polish"],
      ["HAITIAN_CREOLE", "Haitian Creole"],
      ["CHINESE", "Chinese"],
      ["ARABIC", "Arabic"],
      ["OTHER", "Other language"],
    ],
    [...OKABE_ITO.slice(0, 7), "#777777"],
  ),
  ageBand: kind(
    [
      ["UNDER_25", "Under 25"],
      ["25_34", "25 to 34"],
      ["35_44", "35 to 44"],
      ["45_54", "45 to 54"],
      ["55_64", "55 to 64"],
      ["65_AND_OVER", "65 and over"],
      ["UNKNOWN", "Age not known"],
    ],
    [...VIRIDIS_8.slice(0, 6), "#BBBBBB"],
  ),
  ladderLevel: {
    ...Object.fromEntries(
      LADDER.map(([code, text, i]) => [
        code,
        // Every level on the scale, the rarely used 2 and 4 too (a grey of their own read as withheld).
        { label: text, color: VIRIDIS_8[7 - Math.floor(i / 2)] },
      ]),
    ),
    NONE: { label: "Never placed", color: "#BBBBBB" },
  },
  topic: kind(
    [
      ["CHILD_DEVELOPMENT", "Child development"],
      ["HEALTH_SAFETY", "Health and safety"],
      ["CURRICULUM", "Curriculum"],
      ["FAMILY_ENGAGEMENT", "Family engagement"],
      ["ASSESSMENT", "Assessment"],
      ["INCLUSION_SPECIAL_NEEDS", "Inclusion and special needs"],
      ["PROFESSIONALISM", "Professionalism"],
      ["ADMINISTRATION", "Administration"],
      ["INFANT_TODDLER", "Infant and toddler care"],
      ["CDA_PREP", "CDA preparation"],
      ["OTHER", "Other topics"],
    ],
    [...TOL_MUTED, "#E69F00", "#777777"],
  ),
  creditArea: kind(
    [
      ["EARLY_CHILDHOOD", "Early childhood"],
      ["ADMINISTRATION", "Administration"],
      ["SCHOOL_AGE", "School age"],
      ["GENERAL", "General education"],
    ],
    ["#0072B2", "#882255", "#E69F00", "#777777"],
  ),
  applicationType: kind(
    [
      ["SCHOLARSHIP", "OEC scholarships"],
      ["HEAD_TEACHER", "Head Teacher designation"],
      ["ECTC", "Early Childhood Teacher Credential"],
      ["TA_PROVIDER", "TA-provider approval"],
    ],
    ["#0072B2", "#E69F00", "#009E73", "#CC79A7"],
  ),
  milestone: kind(
    [
      ["submitted", "Submitted"],
      ["approved", "Approved"],
      ["paid", "Paid"],
      ["completed", "Completed"],
      ["denied", "Denied"],
      ["appealed", "Appealed"],
      ["withdrawn", "Withdrawn"],
    ],
    ["#88CCEE", "#0072B2", "#009E73", "#117733", "#D55E00", "#CC79A7", "#999999"],
  ),
  denialReason: kind(
    [
      ["INELIGIBLE_EMPLOYMENT", "Ineligible employment"],
      ["INCOMPLETE_DOCUMENTS", "Incomplete documents"],
      ["FUNDS_EXHAUSTED", "Funds exhausted"],
      ["NOT_SELECTED_IN_LOTTERY", "Not selected in the lottery"],
      ["DOES_NOT_MEET_REQUIREMENTS", "Does not meet the requirements"],
      ["OTHER", "Other reason"],
      ["NOT_RECORDED", "Reason not recorded"],
    ],
    ["#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#009E73", "#777777", "#BBBBBB"],
  ),
  verificationStatus: kind(
    [
      ["VERIFIED", "Verified"],
      ["SELF_REPORTED", "Self-reported (never checked)"],
      ["NEEDS_INFORMATION", "Waiting for information"],
      ["REJECTED", "Rejected"],
    ],
    ["#0072B2", "#E69F00", "#F0E442", "#D55E00"],
  ),
  stateFunding: kind(
    [
      ["STATE_FUNDED", "State-funded program"],
      ["NOT_STATE_FUNDED", "Not state-funded"],
    ],
    ["#0072B2", "#BBBBBB"],
  ),
};

/** Label of a code of any kind (this module's or palette.js's). */
export function labelOf(kind, code) {
  if (MORE_CATEGORIES[kind]) return MORE_CATEGORIES[kind][code]?.label ?? (code == null ? "" : String(code));
  return paletteLabel(kind, code);
}

/** Fixed colour of a code of any kind. */
export function colorOf(kind, code) {
  return MORE_CATEGORIES[kind]?.[code]?.color ?? CATEGORIES[kind]?.[code]?.color ?? "#777777";
}

/** The codes of a kind in their display order (without ALL). */
export function codesOf(kind) {
  return Object.keys(MORE_CATEGORIES[kind] ?? CATEGORIES[kind] ?? {}).filter((c) => c !== "ALL");
}

/** A Plot ordinal colour scale with the fixed colours of a kind (palette.js kinds are delegated). */
export function colorScaleOf(kind, codes, { legend = true } = {}) {
  if (!MORE_CATEGORIES[kind]) return colorScale(kind, codes, { legend });
  const domain = (codes ?? codesOf(kind)).filter((c) => c !== "ALL");
  return {
    type: "ordinal",
    domain,
    range: domain.map((c) => colorOf(kind, c)),
    legend,
    tickFormat: (c) => labelOf(kind, c),
  };
}

/**
 * A grid of cells (x by y) filled by a value, with the value written in each cell; a withheld value is
 * a grey cell reading "suppressed" (never drawn as zero). For two-way tables such as role by setting.
 * format: a format.js kind ("count" by default, "pct" for shares: then the scale runs from 0 to 100%).
 */
export function countGrid(
  rows,
  {
    x,
    y,
    value,
    xKind,
    yKind,
    width,
    format = "count",
    label = "People (count)",
    xDomain,
    yDomain,
    ariaLabel,
    ariaDescription,
    // the column labels (default: each code's label); short ones keep many columns readable
    xTickFormat = (c) => labelOf(xKind, c),
    // the row labels (default: each code's label), e.g. with the row's published total
    yTickFormat = (c) => labelOf(yKind, c),
  },
) {
  const xs = xDomain ?? [...new Set(rows.map((r) => r[x]))];
  const ys = yDomain ?? [...new Set(rows.map((r) => r[y]))];
  const published = rows.filter((r) => r[value] != null);
  const withheld = rows.filter((r) => r[value] == null);
  const text = (d) => formatValue(d[value], format);
  // long column labels (settings, awards) are turned so that they do not run into each other
  const longest = Math.max(...xs.map((c) => String(xTickFormat(c)).length), 1);
  const turn = longest > 10 && xs.length > 2;
  // values are written in the cells only when they fit; otherwise the tip and the table view give them
  // the row labels' margin is as wide as the longest label needs (about 6 px a character at 10 px),
  // at most 200 px, so that a narrow screen keeps its width for the cells
  const marginLeft = Math.min(
    200,
    Math.max(60, 16 + 6 * Math.max(...ys.map((c) => String(yTickFormat(c)).length), 1)),
  );
  const cellWidth = ((width ?? 640) - marginLeft - (turn ? 70 : 20)) / Math.max(xs.length, 1);
  const writeValues = cellWidth >= (format === "pct" ? 44 : 40);
  // How far along the blues a published cell is (0 to 1, as the colour scale below maps it).
  const top = Math.max(1e-9, ...published.map((d) => d[value]));
  const isDark = (d) => (format === "pct" ? d[value] : Math.sqrt(d[value] / top)) > 0.6;
  return Plot.plot({
    width,
    height: 60 + 28 * ys.length,
    marginLeft,
    marginTop: turn ? 20 + Math.min(longest, 32) * 4.5 : 40,
    marginRight: turn ? 70 : 20,
    ariaLabel,
    ariaDescription,
    x: {
      label: null,
      domain: xs,
      tickFormat: xTickFormat,
      axis: "top",
      tickRotate: turn ? -30 : 0,
    },
    y: { label: null, domain: ys, tickFormat: yTickFormat },
    color: {
      type: format === "pct" ? "linear" : "sqrt",
      scheme: "blues",
      label: writeValues && cellWidth >= 70 ? label : `${label}; grey cells: suppressed`,
      legend: true,
      ...(format === "pct" ? { domain: [0, 1] } : {}),
      tickFormat: (v) => formatValue(v, format),
    },
    marks: [
      Plot.cell(published, {
        x,
        y,
        fill: value,
        inset: 1,
        tip: true,
        title: (d) => `${labelOf(yKind, d[y])}, ${labelOf(xKind, d[x])}: ${text(d)}`,
      }),
      Plot.cell(withheld, {
        x,
        y,
        fill: SUPPRESSED_COLOR,
        fillOpacity: 0.5,
        inset: 1,
        tip: true,
        title: (d) =>
          `${labelOf(yKind, d[y])}, ${labelOf(xKind, d[x])}: suppressed (${reasonLabel(reasonFor(d, value))})`,
      }),
      ...(writeValues
        ? [
            // White on the dark cells, black on the light ones (a white halo around black text
            // smudged on dark blue): where the cell falls on the scale, as the colour scale maps it.
            ...[true, false].map((dark) =>
              Plot.text(
                published.filter((d) => isDark(d) === dark),
                { x, y, text, fill: dark ? "white" : "black", fontSize: 10 },
              ),
            ),
            Plot.text(withheld, {
              x,
              y,
              text: () => (cellWidth >= 70 ? "suppressed" : "–"),
              fill: "#333",
              fontSize: 10,
              fontStyle: "italic",
            }),
          ]
        : []),
    ],
  });
}
