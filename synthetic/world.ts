/**
 * The fixed part of the simulated world: program sites, their classrooms and their funding by
 * fiscal year. Generated up front (about one program per six members, as in Connecticut: about
 * 4,000 sites for 24,000 members), then referenced by every member's employment.
 */
import { readFileSync } from "node:fs";
import { FUNDING_SOURCES } from "../ingest/sources/codes.ts";
import { addDays, fiscalYear, fromDays, toDays } from "../ingest/sources/dates.ts";
import type { Setting } from "./params.ts";
import { ROOM_NAMES } from "./params.ts";
import { type Rng, WeightedTable } from "./rng.ts";

export interface Town {
  name: string;
  region: string;
  oecRegion: string;
  weight: number;
  zip: string;
}

export interface Room {
  id: string;
  program: Program;
  name: string;
  ageGroup: string;
  opened: number;
  closed: number | null;
  /** Designated-QSM assignments as flat [start, end] day pairs (end inclusive). */
  qsm: number[];
}

export interface Program {
  id: string;
  name: string;
  licenseNumber: string | null;
  type: string;
  setting: Setting;
  auspice: string;
  town: Town;
  capacity: number;
  servesIT: boolean;
  servesPS: boolean;
  servesSA: boolean;
  naeycThrough: string | null;
  opened: number;
  closed: number | null;
  /** Funding sources by fiscal year: a bitmask over FUNDING_SOURCES at index fiscal year - 2000. */
  funding: Uint16Array;
  headStart: boolean;
  rooms: Room[];
}

export function loadTowns(): Town[] {
  const seed = readFileSync(new URL("../transforms/seeds/ct_towns.csv", import.meta.url), "utf8");
  const weights = new Map(
    readFileSync(new URL("./town-weights.csv", import.meta.url), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => {
        const [name, w] = l.split(",");
        return [name!, Number(w)] as const;
      }),
  );
  const rows = seed.trim().split("\n").slice(1);
  return rows.map((line, i) => {
    // town_name,town_geoid_2020,cousub_fips,county_fips,county_name,town_geoid_2022,planning_region_fips,planning_region_name,oec_region,...
    const f = line.split(",");
    const name = f[0]!;
    return {
      name,
      region: f[7]!,
      oecRegion: f[8]!,
      weight: weights.get(name) ?? 5,
      // Simulated ZIP codes in Connecticut's 06001-06928 range, one per town.
      zip: `06${String(1 + ((i * 53) % 928)).padStart(3, "0")}`,
    };
  });
}

const PROGRAM_KINDS: readonly (readonly [string, Setting, number])[] = [
  ["FAMILY_HOME", "FAMILY_CHILD_CARE", 50],
  ["CENTER", "COMMUNITY", 36],
  ["GROUP_HOME", "COMMUNITY", 1.2],
  ["EXEMPT_OTHER", "COMMUNITY", 4],
  ["PUBLIC_SCHOOL", "PUBLIC_SCHOOL", 8.8],
];

const NAME_PARTS = {
  center: ["Learning Center", "Child Development Center", "Early Learning Academy", "Children's Center", "Nursery School", "Preschool", "Day Care", "Child Care Center"],
  prefix: ["Little Sprouts", "Bright Horizons of", "Kiddie Academy of", "YMCA", "St. Mary's", "Community", "Sunshine", "Rainbow", "Discovery", "Tiny Tots", "Creative", "Growing Minds", "ABC", "Children's Corner", "Wee Care", "New Beginnings", "Little Explorers", "Head Start of", "Jewish Community Center", "Mother Goose"],
  fccSuffix: ["Family Child Care", "Family Daycare", "Home Daycare", "Little Ones Home Care"],
  school: ["Elementary School Pre-K", "Public Schools Preschool", "Early Childhood Center", "Magnet School Pre-K"],
}; // biome-ignore format: lists

export const HISTORY_START = "2008-01-01";

export function buildWorld(
  rng: Rng,
  opts: { members: number; horizon: string; towns: Town[]; lastNames: readonly string[] },
): Program[] {
  const { towns } = opts;
  const townTable = new WeightedTable(
    towns,
    towns.map((t) => t.weight),
  );
  const count = Math.max(40, Math.round(opts.members / 6));
  const programs: Program[] = [];
  const horizonDay = toDays(opts.horizon);
  const histStart = toDays(HISTORY_START);
  let roomSeq = 0;
  for (let i = 0; i < count; i++) {
    const [type, setting] = rng.weighted(PROGRAM_KINDS.map(([t, s, w]) => [[t, s] as const, w]));
    const town = townTable.draw(rng);
    const id = `P${String(i + 1).padStart(6, "0")}`;
    // Opened: most long before the history starts; a steady trickle since.
    const opened = rng.chance(0.55)
      ? histStart - rng.int(30, 365 * 25)
      : histStart + rng.int(0, horizonDay - histStart - 30);
    // Closures: family child care homes close often, centers less.
    const closeRate = type === "FAMILY_HOME" ? 0.09 : type === "PUBLIC_SCHOOL" ? 0.01 : 0.035;
    let closed: number | null = null;
    const life = rng.exponential(365 / closeRate);
    if (opened + life < horizonDay) closed = Math.max(opened + 180, Math.round(opened + life));
    if (closed !== null && closed < histStart) {
      // A program that closed before the history starts is not in the registry: reopen it as new.
      closed = null;
    }
    if (closed !== null && closed >= horizonDay) closed = null;
    const capacity =
      type === "FAMILY_HOME"
        ? rng.weighted([
            [6, 6],
            [9, 3],
            [12, 1],
          ])
        : type === "GROUP_HOME"
          ? rng.int(7, 12)
          : type === "PUBLIC_SCHOOL"
            ? 18 * rng.int(1, 4)
            : Math.round(rng.lognormal(52, 0.55));
    const servesIT =
      type === "FAMILY_HOME" ? rng.chance(0.8) : type === "PUBLIC_SCHOOL" ? false : rng.chance(0.5);
    const servesPS = type === "PUBLIC_SCHOOL" ? true : rng.chance(0.9);
    const servesSA = type === "PUBLIC_SCHOOL" ? false : rng.chance(type === "FAMILY_HOME" ? 0.5 : 0.3);
    const auspice =
      type === "PUBLIC_SCHOOL"
        ? "PUBLIC"
        : type === "FAMILY_HOME"
          ? "FOR_PROFIT"
          : rng.weighted([
              ["NONPROFIT", 45],
              ["FOR_PROFIT", 38],
              ["FAITH_BASED", 12],
              ["PUBLIC", 5],
            ] as const);
    const licensed = type !== "PUBLIC_SCHOOL" && type !== "EXEMPT_OTHER";
    const licensePrefix = type === "FAMILY_HOME" ? "DCFH" : type === "GROUP_HOME" ? "GCCH" : "DCCC";
    const name =
      type === "FAMILY_HOME"
        ? `${rng.pick(opts.lastNames)} ${rng.pick(NAME_PARTS.fccSuffix)}`
        : type === "PUBLIC_SCHOOL"
          ? `${town.name} ${rng.pick(NAME_PARTS.school)}`
          : `${rng.pick(NAME_PARTS.prefix)} ${rng.chance(0.5) ? `${town.name} ` : ""}${rng.pick(NAME_PARTS.center)}`;
    const headStart = type === "CENTER" && rng.chance(0.05);
    const program: Program = {
      id,
      name: name.replaceAll("  ", " "),
      licenseNumber: licensed ? `${licensePrefix}${String(rng.int(10000, 99999))}` : null,
      type,
      setting,
      auspice,
      town,
      capacity,
      servesIT,
      servesPS,
      servesSA,
      naeycThrough: null,
      opened,
      closed,
      funding: new Uint16Array(FY_SLOTS),
      headStart,
      rooms: [],
    };
    if ((type === "CENTER" || type === "PUBLIC_SCHOOL") && rng.chance(type === "CENTER" ? 0.22 : 0.1)) {
      // NAEYC accreditation runs five years; some lapsed.
      program.naeycThrough = addDays(
        fromDays(Math.min(horizonDay, closed ?? horizonDay)),
        rng.int(-700, 1500),
      );
    }
    assignFunding(rng, program, horizonDay);
    // Classrooms: one per about 14 children in centers; family child care homes have one room.
    const roomCount =
      type === "FAMILY_HOME"
        ? 1
        : Math.max(1, Math.min(12, Math.round(capacity / (type === "PUBLIC_SCHOOL" ? 18 : 16))));
    const groups: string[] = [];
    if (type === "FAMILY_HOME" || type === "GROUP_HOME") groups.push("MIXED");
    else {
      for (let r = 0; r < roomCount; r++) {
        const options: [string, number][] = [];
        if (servesIT) options.push(["INFANT_TODDLER", 3]);
        if (servesPS) options.push(["PRESCHOOL", 5]);
        if (servesSA) options.push(["SCHOOL_AGE", 1.5]);
        options.push(["MIXED", 0.4]);
        groups.push(rng.weighted(options));
      }
    }
    for (let r = 0; r < groups.length; r++) {
      const ageGroup = groups[r]!;
      const roomOpened =
        Math.max(opened, histStart - rng.int(0, 2000)) + (r > 0 && rng.chance(0.15) ? rng.int(0, 2500) : 0);
      if (roomOpened >= horizonDay - 1 || (closed !== null && roomOpened >= closed)) continue;
      let roomClosed: number | null = closed;
      if (roomClosed === null && rng.chance(0.08)) {
        const c = roomOpened + rng.int(200, 4000);
        if (c < horizonDay) roomClosed = c;
      }
      roomSeq++;
      program.rooms.push({
        id: `R${String(roomSeq).padStart(7, "0")}`,
        program,
        name: rng.pick(ROOM_NAMES[ageGroup]!),
        ageGroup,
        opened: roomOpened,
        closed: roomClosed,
        qsm: [],
      });
    }
    programs.push(program);
  }
  return programs;
}

const FY_BASE = 2000;
const FY_SLOTS = 64;

function addFunding(p: Program, fy: number, source: string): void {
  p.funding[fy - FY_BASE] =
    p.funding[fy - FY_BASE]! | (1 << FUNDING_SOURCES.indexOf(source as (typeof FUNDING_SOURCES)[number]));
}

/** The program's funding as [fiscal year, sources] in year order (sources in code-list order). */
export function fundingByYear(p: Program): [number, string[]][] {
  const out: [number, string[]][] = [];
  for (let i = 0; i < FY_SLOTS; i++) {
    const mask = p.funding[i]!;
    if (mask === 0) continue;
    out.push([FY_BASE + i, FUNDING_SOURCES.filter((_, b) => mask & (1 << b))]);
  }
  return out;
}

/** Funding sources by era (spec §3.3): CDC/SR/SHS to FY2025, ESCT from FY2026, SS FY2015-2024. */
function assignFunding(rng: Rng, p: Program, horizonDay: number): void {
  const firstFy = Math.max(2009, fiscalYear(fromDays(p.opened)));
  const lastFy = fiscalYear(fromDays(p.closed ?? horizonDay));
  const isCenter = p.type === "CENTER" || p.type === "GROUP_HOME" || p.type === "EXEMPT_OTHER";
  const sr = (isCenter && rng.chance(0.26)) || (p.type === "PUBLIC_SCHOOL" && rng.chance(0.3));
  const cdc = isCenter && rng.chance(p.servesIT ? 0.22 : 0.12);
  const shs = p.headStart && rng.chance(0.7);
  const ss = p.type === "PUBLIC_SCHOOL" && !sr && rng.chance(0.45);
  const c4k = p.type === "FAMILY_HOME" ? rng.chance(0.6) : isCenter ? rng.chance(0.7) : false;
  const toEsct = rng.chance(0.92);
  // Programs join state funding at some point, not always from the start.
  const stateFrom = firstFy + (rng.chance(0.3) ? rng.int(0, 8) : 0);
  for (let fy = firstFy; fy <= lastFy; fy++) {
    if (p.type !== "PUBLIC_SCHOOL") addFunding(p, fy, "PRIVATE");
    if (c4k) addFunding(p, fy, "C4K");
    if (p.headStart) {
      addFunding(p, fy, "HS");
      if (p.servesIT) addFunding(p, fy, "EHS");
    }
    if (fy >= stateFrom) {
      if (fy <= 2025) {
        if (sr) addFunding(p, fy, "SR");
        if (cdc) addFunding(p, fy, "CDC");
        if (shs) addFunding(p, fy, "SHS");
      } else if ((sr || cdc || shs) && toEsct) addFunding(p, fy, "ESCT");
      if (ss && fy >= 2015 && fy <= 2024) addFunding(p, fy, "SS");
    }
  }
}

/** Capacity-weighted samplers of programs by setting. */
export function programTables(programs: Program[]): Record<Setting, WeightedTable<Program>> {
  const by = (s: Setting) => {
    const list = programs.filter((p) => p.setting === s);
    return new WeightedTable(
      list,
      list.map((p) => (p.type === "FAMILY_HOME" ? 1 : Math.max(1, p.rooms.length))),
    );
  };
  return {
    COMMUNITY: by("COMMUNITY"),
    PUBLIC_SCHOOL: by("PUBLIC_SCHOOL"),
    FAMILY_CHILD_CARE: by("FAMILY_CHILD_CARE"),
  };
}
