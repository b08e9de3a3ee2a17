/** Small calendar helpers on ISO date strings (YYYY-MM-DD), shared by contract rules and the simulator. */

/** Add whole years, clamping 29 February to 28 February as DuckDB's interval arithmetic does. */
export function addYears(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  let md = date.slice(4);
  if (md === "-02-29" && !((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0)) md = "-02-28";
  return `${String(y).padStart(4, "0")}${md}`;
}

const DAY_MS = 86_400_000;

export function toDays(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function fromDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDays(toDays(date) + days);
}

/** Connecticut fiscal year (July to June, named by the year it ends). */
export function fiscalYear(date: string): number {
  const y = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 7 ? y + 1 : y;
}
