// Reason codes of withheld values (metrics.md, "Publishing rules"), explained for readers.

export const REASONS = {
  too_few: {
    label: "too few",
    explain: (k) =>
      `a count of 1 to ${k - 1} people (or programs, or classrooms; zero is shown); a share resting on fewer than ${2 * k}, or with 1 to ${k - 1} on either side (a share of 0% or 100% is shown when the other side has at least ${k}); a wage statistic resting on fewer than ${k} people, fewer than 3 programs, or one program with more than 80% of them`,
  },
  complementary: {
    label: "complementary",
    explain: () =>
      "withheld to protect another withheld value, which could otherwise be worked out by subtraction from a total (in this table, or, for a part of a group whose whole another table publishes, from that whole)",
  },
  no_data: {
    label: "no data",
    explain: () => "nobody in this group, or no reference figure for the period",
  },
};

export function reasonLabel(code) {
  return REASONS[code]?.label ?? code ?? "";
}

/**
 * What a chart or table shows for a missing value: "no data" when there is nothing to show (nobody in
 * the group, or no reference figure), "suppressed (reason)" when a value was withheld.
 */
export function withheldText(code) {
  if (code === "no_data") return "no data";
  return `suppressed${code ? ` (${reasonLabel(code)})` : ""}`;
}
