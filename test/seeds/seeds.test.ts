/**
 * The reference tables in transforms/seeds/: format, provenance (source and as-of on every row),
 * declared keys, and the facts other parts of the warehouse rely on (towns and regions, funding
 * eras, ladder levels, a single staff-qualification benchmark in force on any date).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";

const SEEDS = join(import.meta.dirname, "..", "..", "transforms", "seeds");

/** The key of every seed table: one row per key. A new CSV must be declared here. */
const TABLE_KEYS: Record<string, readonly string[]> = {
  "ct_towns.csv": ["town_name"],
  "funding_sources.csv": ["funding_source_code"],
  "career_ladder_levels.csv": ["level"],
  "qualification_benchmarks.csv": ["benchmark_id"],
  "naeyc_criteria.csv": ["criterion_code"],
  "wage_benchmarks.csv": ["benchmark_code"],
  "minimum_wage.csv": ["effective_date"],
  "cpi_u.csv": ["year"],
  "publishing_rules.csv": ["rule_set_code"],
  "wage_target_presets.csv": ["preset_code", "role_code", "qualification_level_code"],
};

type Row = Record<string, string>;

function raw(file: string): string {
  return readFileSync(join(SEEDS, file), "utf8");
}

function read(file: string): Row[] {
  return parse(raw(file), { columns: true, skip_empty_lines: false }) as Row[];
}

function header(file: string): string[] {
  return (parse(raw(file), { to_line: 1 }) as string[][])[0] ?? [];
}

/** A real calendar date written YYYY-MM-DD (rejects 2023-02-30). */
function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Rows whose [effective_from_date, effective_to_date] (open end when empty) covers the date. */
function inForce(rows: Row[], date: string): Row[] {
  return rows.filter(
    (r) => r.effective_from_date! <= date && (r.effective_to_date === "" || r.effective_to_date! >= date),
  );
}

const csvFiles = readdirSync(SEEDS)
  .filter((f) => f.endsWith(".csv"))
  .sort();

describe("every seed table", () => {
  it("is declared with a key (and every declared table exists)", () => {
    expect(csvFiles).toEqual(Object.keys(TABLE_KEYS).sort());
  });

  describe.each(csvFiles)("%s", (file) => {
    const rows = read(file);
    const columns = header(file);

    it("is UTF-8 without BOM, LF line ends, a final newline, snake_case header", () => {
      const text = raw(file);
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      expect(text).not.toContain("\r");
      expect(text.endsWith("\n")).toBe(true);
      expect(text.endsWith("\n\n")).toBe(false);
      for (const c of columns) expect(c).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
      expect(new Set(columns).size).toBe(columns.length);
      expect(columns.slice(-2)).toEqual(["source", "as_of"]);
      expect(rows.length).toBeGreaterThan(0);
    });

    it("has a non-empty source and a valid as_of date on every row", () => {
      for (const r of rows) {
        expect(r.source?.trim(), JSON.stringify(r)).toBeTruthy();
        expect(isIsoDate(r.as_of ?? ""), `as_of ${r.as_of}`).toBe(true);
      }
    });

    it("has a unique, non-empty key", () => {
      const key = TABLE_KEYS[file] ?? [];
      for (const k of key) expect(columns).toContain(k);
      const seen = new Set<string>();
      for (const r of rows) {
        const value = key.map((k) => r[k] ?? "");
        expect(
          value.every((v) => v !== ""),
          `empty key in ${JSON.stringify(r)}`,
        ).toBe(true);
        const joined = value.join("|");
        expect(seen.has(joined), `duplicate key ${joined}`).toBe(false);
        seen.add(joined);
      }
    });

    it("follows the typed-suffix conventions (_date, _pct, is_/has_, _usd)", () => {
      for (const r of rows) {
        for (const c of columns) {
          const v = r[c] ?? "";
          if (v === "") continue;
          if (c.endsWith("_date")) expect(isIsoDate(v), `${c}=${v}`).toBe(true);
          if (c.endsWith("_pct")) {
            expect(Number(v), `${c}=${v}`).toBeGreaterThanOrEqual(0);
            expect(Number(v), `${c}=${v}`).toBeLessThanOrEqual(1);
          }
          if (c.startsWith("is_") || c.startsWith("has_")) expect(["Y", "N"], `${c}=${v}`).toContain(v);
          if (c.endsWith("_usd")) expect(v, `${c}=${v}`).toMatch(/^\d+(\.\d+)?$/);
          if (c.endsWith("_year") || c === "year") expect(v, `${c}=${v}`).toMatch(/^(19|20)\d\d$/);
        }
        if (r.effective_from_date && r.effective_to_date) {
          expect(r.effective_from_date <= r.effective_to_date, JSON.stringify(r)).toBe(true);
        }
      }
    });
  });
});

describe("ct_towns.csv", () => {
  const towns = read("ct_towns.csv");
  it("has the 169 towns, 8 counties, 9 planning regions, 5 OEC regions", () => {
    expect(towns).toHaveLength(169);
    expect(new Set(towns.map((t) => t.cousub_fips)).size).toBe(169);
    expect(new Set(towns.map((t) => t.county_fips)).size).toBe(8);
    expect(new Set(towns.map((t) => t.planning_region_fips)).size).toBe(9);
    expect(new Set(towns.map((t) => t.oec_region))).toEqual(
      new Set(["East", "North Central", "Northwest", "South Central", "Southwest"]),
    );
  });
  it("keeps the known crosswalk facts", () => {
    const byName = new Map(towns.map((t) => [t.town_name, t]));
    expect(byName.get("East Haddam")?.oec_region).toBe("South Central");
    expect(byName.get("East Haddam")?.county_name).toBe("Middlesex County");
    expect(byName.has("Sandy Hook")).toBe(false);
    expect(towns.filter((t) => t.town_name === "Haddam")).toHaveLength(1);
    for (const t of towns) {
      expect(t.county_fips).toMatch(/^090(0[1-9]|1[0-5])$/);
      expect(t.planning_region_fips).toMatch(/^091[1-9]0$/);
      expect(t.town_geoid_2022).toBe(`${t.planning_region_fips}${t.cousub_fips}`);
      expect(t.town_geoid_2020).toBe(`${t.county_fips}${t.cousub_fips}`);
    }
  });
});

describe("funding_sources.csv", () => {
  const sources = new Map(read("funding_sources.csv").map((r) => [r.funding_source_code!, r]));
  it("has exactly the extract's codes", () => {
    expect([...sources.keys()].sort()).toEqual(
      ["C4K", "CDC", "EHS", "ESCT", "HS", "PRIVATE", "SHS", "SR", "SS"].sort(),
    );
  });
  it("marks CDC, SR, SS, SHS, ESCT (not Care 4 Kids) as state-funded", () => {
    const state = [...sources.values()]
      .filter((r) => r.is_state_funded === "Y")
      .map((r) => r.funding_source_code);
    expect(state.sort()).toEqual(["CDC", "ESCT", "SHS", "SR", "SS"]);
    expect(sources.get("C4K")?.is_state_funded).toBe("N");
    expect(sources.get("HS")?.is_federal).toBe("Y");
    expect(sources.get("EHS")?.is_federal).toBe("Y");
  });
  it("has the eras of the export spec", () => {
    for (const code of ["CDC", "SR", "SHS"]) expect(sources.get(code)?.last_fiscal_year).toBe("2025");
    expect(sources.get("ESCT")?.first_fiscal_year).toBe("2026");
    expect(sources.get("ESCT")?.last_fiscal_year).toBe("");
    expect(sources.get("SS")?.first_fiscal_year).toBe("2015");
    expect(sources.get("SS")?.last_fiscal_year).toBe("2024");
    for (const code of ["HS", "EHS", "C4K", "PRIVATE"]) expect(sources.get(code)?.last_fiscal_year).toBe("");
    for (const r of sources.values()) {
      if (r.first_fiscal_year && r.last_fiscal_year) {
        expect(Number(r.first_fiscal_year)).toBeLessThanOrEqual(Number(r.last_fiscal_year));
      }
    }
  });
});

describe("career_ladder_levels.csv", () => {
  const levels = read("career_ladder_levels.csv");
  it("has levels exactly 1 to 15, with 2 and 4 retired in 2015", () => {
    expect(levels.map((l) => Number(l.level)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 15 }, (_, i) => i + 1),
    );
    const retired = levels.filter((l) => l.is_retired === "Y");
    expect(retired.map((l) => l.level).sort()).toEqual(["2", "4"]);
    for (const l of retired) expect(l.retired_year).toBe("2015");
    for (const l of levels.filter((x) => x.is_retired === "N")) {
      expect(l.retired_year).toBe("");
      expect(l.level_name).not.toBe("");
    }
  });
  it("uses award codes of the extract and the brief's rules", () => {
    const by = new Map(levels.map((l) => [Number(l.level), l]));
    const awards = ["", "CDA", "CERTIFICATE", "ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE"];
    for (const l of levels) expect(awards).toContain(l.award_route_min_award_code);
    expect(by.get(12)?.award_route_min_award_code).toBe("BACHELOR");
    expect(by.get(12)?.is_award_ece_concentration_required).toBe("Y");
    expect(by.get(11)?.award_route_min_ece_credits).toBe("12");
    expect(by.get(8)?.credits_route_min_ece_credits).toBe("30");
    expect(by.get(3)?.credits_route_min_ece_credits).toBe("3");
    expect([15, 14, 12].map((n) => by.get(n)?.has_teaching_cert_route)).toEqual(["Y", "Y", "Y"]);
  });
});

describe("qualification_benchmarks.csv", () => {
  const rows = read("qualification_benchmarks.csv");
  const series = (code: string) => rows.filter((r) => r.benchmark_series_code === code);
  const days = daysBetween("2011-07-01", "2031-12-31");

  it("never has two rows of one series in force on the same date (2011-07-01 to 2031-12-31)", () => {
    const overlaps: string[] = [];
    for (const code of new Set(rows.map((r) => r.benchmark_series_code!))) {
      const s = series(code);
      for (const d of days) {
        const hits = inForce(s, d);
        if (hits.length > 1) overlaps.push(`${d}: ${hits.map((r) => r.benchmark_id).join(", ")}`);
      }
    }
    expect(overlaps).toEqual([]);
  });

  it("has exactly one designated-QSM bachelor share benchmark in force on every date", () => {
    const s = series("CT_DQSM_BA_SHARE");
    expect(days.filter((d) => inForce(s, d).length !== 1)).toEqual([]);
    expect(inForce(s, "2011-06-30")).toHaveLength(0);
  });

  it("draws the legal timeline", () => {
    const on = (d: string) => inForce(series("CT_DQSM_BA_SHARE"), d)[0]!;
    const finalOn = (d: string) => inForce(series("CT_DQSM_BA_SHARE_FINAL"), d)[0]!;
    expect([on("2012-01-01").target_share_pct, on("2012-01-01").deadline_date]).toEqual([
      "0.5",
      "2015-07-01",
    ]);
    expect(on("2016-01-01").deadline_date).toBe("2017-07-01");
    expect(on("2018-07-01").deadline_date).toBe("2018-07-01");
    expect(on("2020-07-01").law_citation).toContain("19-34");
    expect(on("2024-01-01").deadline_date).toBe("2029-07-01");
    expect(on("2025-07-01").target_share_pct).toBe("0.25");
    expect(on("2027-06-30").target_share_pct).toBe("0.25");
    expect(on("2027-07-01").target_share_pct).toBe("0.5");
    expect(on("2030-07-01").target_share_pct).toBe("0.6");
    expect(finalOn("2016-01-01").deadline_date).toBe("2020-07-01");
    expect(finalOn("2018-01-01").deadline_date).toBe("2021-07-01");
    expect(finalOn("2020-01-01").deadline_date).toBe("2022-07-01");
    expect(finalOn("2023-01-01").deadline_date).toBe("2029-07-01");
  });

  it("covers every row of the brief's table, in order, and the federal Head Start goal", () => {
    const citations = rows.map((r) => r.law_citation!);
    const firstIndex = (needle: string) => citations.findIndex((c) => c.includes(needle));
    const order = ["PA 11-54", "2015 session", "PA 17-41", "PA 19-34", "OEC", "PA 24-78", "HB 6921"].map(
      firstIndex,
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(rows.map((r) => Number(r.display_order))).toEqual(rows.map((_, i) => i + 1));
    const hs = series("US_HS_TEACHER_BA_SHARE");
    expect(hs).toHaveLength(1);
    expect([hs[0]?.target_share_pct, hs[0]?.deadline_date]).toEqual(["0.5", "2013-09-30"]);
  });

  it("uses known qualification codes and a share for every target row", () => {
    for (const r of rows) {
      expect(["BACHELOR_LEVEL", "ASSOCIATE_LEVEL", "CDA_OR_ENROLLED"]).toContain(r.target_qualification_code);
      expect(["CT", "US"]).toContain(r.jurisdiction_code);
      if (r.benchmark_series_code !== "CT_DQSM_DEFINITION") {
        expect(r.target_share_pct, r.benchmark_id).not.toBe("");
        expect(isIsoDate(r.deadline_date ?? ""), r.benchmark_id).toBe(true);
      }
    }
  });
});

describe("naeyc_criteria.csv", () => {
  it("has the metrics.md defaults, one per role", () => {
    const by = new Map(read("naeyc_criteria.csv").map((r) => [r.role_code!, r]));
    expect([...by.keys()].sort()).toEqual(["ASSISTANT_TEACHER", "DIRECTOR", "TEACHER"]);
    expect(by.get("TEACHER")?.min_share_pct).toBe("0.75");
    expect(by.get("ASSISTANT_TEACHER")?.min_share_pct).toBe("0.5");
    expect(by.get("ASSISTANT_TEACHER")?.min_ece_credits).toBe("12");
    expect(by.get("DIRECTOR")?.min_admin_credits).toBe("9");
    expect(by.get("DIRECTOR")?.min_award_code).toBe("BACHELOR");
  });
});

describe("wage_benchmarks.csv", () => {
  const rows = read("wage_benchmarks.csv");
  it("has exactly one parity benchmark: CT kindergarten teachers, BLS 2023 mean annual", () => {
    const parity = rows.filter((r) => r.is_parity_benchmark === "Y");
    expect(parity).toHaveLength(1);
    expect(parity[0]?.annual_wage_usd).toBe("85610");
    expect(parity[0]?.hourly_wage_from_annual_2080_usd).toBe((85610 / 2080).toFixed(2));
  });
  it("has a wage on every row and consistent derived hourly figures", () => {
    for (const r of rows) {
      expect(r.hourly_wage_usd !== "" || r.annual_wage_usd !== "", r.benchmark_code).toBe(true);
      expect(["CT", "US"]).toContain(r.geography_code);
      expect(["MEDIAN", "MEAN", "STATUTORY_MINIMUM"]).toContain(r.statistic_code);
      if (r.annual_wage_usd) {
        expect(r.hourly_wage_from_annual_2080_usd).toBe((Number(r.annual_wage_usd) / 2080).toFixed(2));
      } else expect(r.hourly_wage_from_annual_2080_usd).toBe("");
    }
  });
});

describe("minimum_wage.csv", () => {
  const rows = read("minimum_wage.csv");
  it("is a gapless, rising schedule from $11 (2019-10-01) to the brief's 2026 rate", () => {
    expect(rows[0]).toMatchObject({ effective_date: "2019-10-01", minimum_hourly_wage_usd: "11.00" });
    expect(rows.at(-1)).toMatchObject({
      effective_date: "2026-01-01",
      effective_to_date: "",
      minimum_hourly_wage_usd: "16.94",
    });
    rows.forEach((r, i) => {
      const next = rows[i + 1];
      if (!next) return;
      expect(r.effective_to_date).toBe(addDays(next.effective_date!, -1));
      expect(Number(next.minimum_hourly_wage_usd)).toBeGreaterThan(Number(r.minimum_hourly_wage_usd));
    });
  });
});

describe("cpi_u.csv", () => {
  it("has one annual average per year from 2008, contiguous and plausible", () => {
    const rows = read("cpi_u.csv");
    const years = rows.map((r) => Number(r.year));
    expect(years[0]).toBe(2008);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2008 + i));
    expect(years.at(-1)).toBeGreaterThanOrEqual(2024);
    for (const r of rows) {
      expect(r.cpi_u_index).toMatch(/^\d{3}\.\d{3}$/);
      expect(r.series_id).toBe("CUUR0000SA0");
    }
    expect(rows.find((r) => r.year === "2020")?.cpi_u_index).toBe("258.811");
  });
});
