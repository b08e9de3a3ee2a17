/**
 * One simulated member's whole registry life: account, duplicate account (later MERGED), employment
 * spells with pay history and classroom assignments, education, coursework, training, credentials,
 * applications with their status history, verifications, and the registry's career-ladder
 * placements computed from what was verified. Everything is emitted as dated versions and events;
 * the extract router decides which extract each belongs to.
 */
import { fiscalYear, fromDays, toDays } from "../ingest/sources/dates.ts";
import { type Emitter, type Ids, money, timestamp, type Values, type Version } from "./model.ts";
import { emailLocal, poolFor } from "./names.ts";
import {
  AWARD_WAGE,
  COURSE_TITLES,
  HEAD_START_PREMIUM,
  INSTITUTIONS,
  minimumWage,
  REGION_WAGE,
  type Setting,
  scholarshipDenials,
  TRACKS,
  TRAINING_TITLES,
  type Track,
  WAGE_2025,
  WAGE_GROWTH,
} from "./params.ts";
import {
  type AwardFact,
  bachelorQualified,
  ladderLevel,
  type QualFacts,
  qsmExpiry,
} from "./qualifications.ts";
import { Rng, WeightedTable } from "./rng.ts";
import { HISTORY_START, type Program, type Room, type Town } from "./world.ts";

export interface MemberContext {
  seed: string;
  /** Last day simulated (the last delta's as-of). */
  horizon: number;
  programs: Record<Setting, WeightedTable<Program>>;
  towns: WeightedTable<Town>;
  ids: Ids;
  emit: Emitter;
  /** Approved TA trainers: registry id and the day from which they can deliver training. */
  trainers: { id: string; from: number }[];
  /** Family child care homes' provider occupancy, as flat [start, end] day pairs. */
  providerBusy: Map<Program, number[]>;
}

const HIST = toDays(HISTORY_START);
const TRACK_TABLE = new WeightedTable(
  TRACKS.filter((t) => t.name !== "ta_provider"),
  TRACKS.filter((t) => t.name !== "ta_provider").map((t) => t.weight),
);
const TA_TRACK = TRACKS.find((t) => t.name === "ta_provider")!;
const ECE_FIELDS = ["EARLY_CHILDHOOD", "CHILD_DEVELOPMENT", "CHILD_STUDIES", "HUMAN_DEVELOPMENT_FAMILY"];
const OTHER_FIELDS = ["PSYCHOLOGY", "SOCIAL_WORK", "BUSINESS", "ELEMENTARY_ED", "OTHER"];
const RACES = [
  ["WHITE", 54],
  ["HISPANIC", 23],
  ["BLACK", 14],
  ["ASIAN", 3.8],
  ["MULTIRACIAL", 2.2],
  ["AMERICAN_INDIAN_ALASKA_NATIVE", 0.3],
  ["NATIVE_HAWAIIAN_PACIFIC_ISLANDER", 0.2],
  ["NOT_DISCLOSED", 2.5],
] as const;
const NEAR_STATES = ["NY", "MA", "RI", "NJ"];

/** Overlap helpers on flat [start, end] day-pair lists (end inclusive). */
function free(intervals: number[], s: number, e: number): boolean {
  for (let i = 0; i < intervals.length; i += 2)
    if (intervals[i]! <= e && intervals[i + 1]! >= s) return false;
  return true;
}

/** The longest free gap of at least `min` days within [s, e]. */
function longestGap(intervals: number[], s: number, e: number, min: number): [number, number] | null {
  const busy: [number, number][] = [];
  for (let i = 0; i < intervals.length; i += 2) {
    if (intervals[i]! <= e && intervals[i + 1]! >= s) busy.push([intervals[i]!, intervals[i + 1]!]);
  }
  busy.sort((a, b) => a[0] - b[0]);
  let best: [number, number] | null = null;
  let cursor = s;
  for (const [bs, be] of [...busy, [e + 1, e + 1] as [number, number]]) {
    if (bs - 1 >= cursor && bs - 1 - cursor + 1 >= min) {
      const gap: [number, number] = [cursor, Math.min(e, bs - 1)];
      if (!best || gap[1] - gap[0] > best[1] - best[0]) best = gap;
    }
    cursor = Math.max(cursor, be + 1);
  }
  return best;
}

interface Spell {
  id: string;
  program: Program;
  role: string;
  ageGroup: string;
  start: number;
  end: number | null;
  reported: number;
  partTime: boolean;
}

interface Fact {
  day: number;
  apply: (f: MutableFacts) => void;
}

interface MutableFacts extends QualFacts {
  awards: AwardFact[];
}

export class MemberSimulator {
  private readonly rng: Rng;
  private readonly H: number;
  readonly registryId: string;
  private readonly track: Track;
  private readonly join: number;
  private spells: Spell[] = [];
  /** Verified facts, as dated changes (for career-ladder placement). */
  private facts: Fact[] = [];
  /** Highest award rank reached, by day (for wages). */
  private awardSteps: [number, string][] = [];
  private eceCreditsByDay: [number, number][] = [];
  /** Whether the last `verify` call wrote any verification row (such a record is never deleted). */
  private lastChecked = false;

  constructor(
    private readonly ctx: MemberContext,
    index: number,
    taProvider: boolean,
  ) {
    this.rng = Rng.derive(ctx.seed, `member-${index}`);
    this.H = ctx.horizon;
    this.registryId = ctx.ids.take("registry_id");
    this.track = taProvider ? TA_TRACK : TRACK_TABLE.draw(this.rng);
    this.join = this.drawJoin(taProvider);
  }

  private day(d: number): string {
    return fromDays(d);
  }

  private ts(d: number): string {
    return timestamp(fromDays(d), this.rng.int(6 * 3600, 22 * 3600));
  }

  private drawJoin(ta: boolean): number {
    const r = this.rng;
    const lastYear = Number(fromDays(this.H).slice(0, 4));
    const years: [number, number][] = [];
    for (let y = 2008; y <= lastYear; y++) {
      // The registry grew with the 2011 staff-qualification law, and again when the 2022-2023 wage
      // supports (paid to about 21,000 staff) required a verified registry profile.
      const JOIN_WEIGHTS: Record<number, number> = { 2022: 14, 2023: 16, 2024: 9, 2025: 7 };
      const w = JOIN_WEIGHTS[y] ?? (y <= 2011 ? 2 : y <= 2015 ? 2.5 : y <= 2021 ? 3 : 6);
      // The last year counts for the part of it before the horizon only.
      const part = y === lastYear ? Math.min(1, (this.H - toDays(`${y}-01-01`)) / 365) : 1;
      years.push([y, ta ? (y <= 2010 ? 1 : 0) : w * part]);
    }
    const y = r.weighted(years);
    const start = toDays(`${y}-01-01`);
    // A day of that year before the horizon (clamping to the horizon instead put half of the last
    // year's joiners on its last day: 841 members joining on one day of a 24,000-member registry).
    return Math.min(this.H - 1, start + r.int(0, Math.max(0, Math.min(364, this.H - 1 - start))));
  }

  run(): void {
    const r = this.rng;
    const ageAtJoin =
      this.track.name === "ta_provider"
        ? r.int(32, 60)
        : Math.max(18, Math.min(64, Math.round(r.normal(33, 11))));
    const birth = this.join - Math.round(ageAtJoin * 365.25) - r.int(0, 364);
    const gender = r.weighted([
      ["F", 93.5],
      ["M", 5.2],
      ["X", 0.3],
      ["U", 1],
    ] as const);
    const race = r.weighted(RACES);
    const language =
      race === "HISPANIC"
        ? r.weighted([
            ["SPANISH", 45],
            ["ENGLISH", 53],
            ["PORTUGUESE", 2],
          ] as const)
        : r.weighted([
            ["ENGLISH", 92],
            ["PORTUGUESE", 1.5],
            ["POLISH", 1.3],
            ["HAITIAN_CREOLE", race === "BLACK" ? 12 : 0.2],
            ["CHINESE", race === "ASIAN" ? 20 : 0],
            ["ARABIC", 0.8],
            ["OTHER", 1.5],
          ] as const);
    const pool = poolFor(r, race, language);
    const first = r.pick(pool.first);
    const last = r.chance(0.04) ? `${r.pick(pool.last)}-${r.pick(pool.last)}` : r.pick(pool.last);
    const email = r.chance(0.86)
      ? `${emailLocal(first, last)}${r.int(1, 999)}@example.${r.pick(["com", "org", "net"])}`
      : "";
    const outOfState = r.chance(0.03);
    const town = outOfState ? null : this.ctx.towns.draw(r);

    this.planSpells();
    this.buildEducationBefore();
    this.buildCoursesAndDegrees();
    for (const spell of this.spells) this.emitSpell(spell);
    this.buildCredentialsAndApplications();
    this.buildTraining(this.registryId, this.join, this.H);
    this.buildPlacements();

    // The member account, with its later changes: moves, and INACTIVE after leaving the field.
    const base: Values = {
      registry_id: this.registryId,
      first_name: first,
      last_name: last,
      birth_date: this.day(birth),
      email,
      home_town: town?.name ?? "",
      home_state: outOfState ? r.pick(NEAR_STATES) : "CT",
      gender,
      race_ethnicity: race,
      primary_language: language,
      joined_on: this.day(this.join),
      member_status: "ACTIVE",
      merged_into: "",
      updated_at: this.ts(this.join),
    };
    const versions: Version[] = [{ visible: this.join, values: base }];
    if (town && r.chance(0.12)) {
      const moved = this.join + r.int(200, 4000);
      if (moved <= this.H) {
        versions.push({
          visible: moved,
          values: { ...base, home_town: this.ctx.towns.draw(r).name, updated_at: this.ts(moved) },
        });
      }
    }
    const open = this.spells.some((s) => s.end === null);
    const lastEnd = Math.max(0, ...this.spells.map((s) => s.end ?? 0));
    if (!open && this.track.name !== "ta_provider") {
      const inactive = Math.max(lastEnd, this.join) + r.int(200, 500);
      if (inactive <= this.H) {
        const prev = versions[versions.length - 1]!.values;
        versions.push({
          visible: inactive,
          values: { ...prev, member_status: "INACTIVE", updated_at: this.ts(inactive) },
        });
      }
    }
    versions.sort((a, b) => a.visible - b.visible);
    this.ctx.emit.entity("people", this.registryId, versions);

    if (r.chance(0.03)) this.duplicateAccount(base);
    if (this.track.name === "ta_provider")
      this.ctx.trainers.push({ id: this.registryId, from: this.join + 120 });
  }

  // ---- verification -------------------------------------------------------------------------

  /**
   * Registry staff (or the program administrator, for employment) check a record some weeks after
   * it is reported; some records are never checked. Returns the day it became VERIFIED, if ever.
   */
  private verify(recordType: string, recordId: string, reported: number, pCheck: number): number | null {
    const r = this.rng;
    this.lastChecked = false;
    if (!r.chance(pCheck)) return null;
    const byAdmin = recordType === "EMPLOYMENT";
    const doc =
      recordType === "EMPLOYMENT"
        ? "EMPLOYER_CONFIRMATION"
        : recordType === "COURSEWORK"
          ? "TRANSCRIPT"
          : recordType === "EDUCATION"
            ? r.pick(["TRANSCRIPT", "DIPLOMA"])
            : recordType === "TRAINING"
              ? r.chance(0.95)
                ? "CERTIFICATE"
                : "OTHER"
              : "CERTIFICATE";
    let day = reported + Math.max(1, Math.round(r.lognormal(byAdmin ? 18 : 32, 0.7)));
    const emit = (outcome: string, d: number) => {
      this.lastChecked = true;
      this.ctx.emit.event("verifications", d, {
        verification_id: this.ctx.ids.take("verification_id"),
        record_type: recordType,
        record_id: recordId,
        outcome,
        verified_on: this.day(d),
        verified_by: byAdmin ? "PROGRAM_ADMIN" : "REGISTRY_STAFF",
        document_type: doc,
      });
    };
    if (day > this.H) return null;
    const first = r.weighted([
      ["VERIFIED", 92],
      ["NEEDS_INFORMATION", 5],
      ["REJECTED", 3],
    ] as const);
    emit(first, day);
    if (first === "VERIFIED") return day;
    if (first === "REJECTED") return null;
    day += r.int(20, 90);
    if (day > this.H) return null;
    const second = r.chance(0.8) ? "VERIFIED" : "REJECTED";
    emit(second, day);
    return second === "VERIFIED" ? day : null;
  }

  // ---- education ----------------------------------------------------------------------------

  private addAward(
    level: string,
    awarded: number,
    reported: number,
    opts: { field?: string; ece?: boolean } = {},
  ): void {
    const r = this.rng;
    const isHs = level === "HS_DIPLOMA" || level === "GED";
    const isCda = level === "CDA";
    const field = isHs || isCda ? "NONE" : (opts.field ?? "EARLY_CHILDHOOD");
    const ece = !isHs && !isCda && (opts.ece ?? ECE_FIELDS.includes(field)) ? r.chance(0.93) : false;
    const [institution, accreditedInst] = isHs
      ? [r.chance(0.7) ? `${this.ctx.towns.draw(r).name} High School` : "", true]
      : isCda
        ? ["Council for Professional Recognition", true]
        : r.pick(INSTITUTIONS);
    const accredited = isHs || isCda ? r.chance(0.97) : accreditedInst && r.chance(0.98);
    const id = this.ctx.ids.take("education_id");
    let expires = isCda ? awarded + 3 * 365 : null;
    const values: Values = {
      education_id: id,
      registry_id: this.registryId,
      award_level: level,
      field,
      ece_concentration: ece ? "Y" : "N",
      institution,
      regionally_accredited: accredited ? "Y" : "N",
      awarded_on: this.day(awarded),
      expires_on: expires === null ? "" : this.day(expires),
      reported_on: this.day(reported),
    };
    const versions: Version[] = [{ visible: reported, values }];
    const verified = this.verify("EDUCATION", id, reported, 0.9);
    const fact: AwardFact = {
      level,
      ece,
      accredited,
      awardedOn: this.day(awarded),
      expiresOn: expires === null ? null : this.day(expires),
    };
    // CDA renewal every three years while still working, recorded as a new expiry on the same record.
    if (isCda) {
      while (expires !== null && expires < this.H && this.employedOn(expires) && r.chance(0.6)) {
        const renewed = expires - r.int(0, 60);
        expires += 3 * 365;
        versions.push({
          visible: Math.max(renewed, reported + 1),
          values: { ...values, expires_on: this.day(expires) },
        });
        fact.expiresOn = this.day(expires);
      }
    }
    this.ctx.emit.entity("education", id, versions);
    if (verified !== null) {
      const f = { ...fact };
      this.facts.push({ day: verified, apply: (m) => m.awards.push(f) });
      if (isCda) {
        // A lapsed CDA stops counting on its expiry: the registry re-places the member then.
        const lapse = toDays(fact.expiresOn!) + 1;
        if (lapse <= this.H) this.facts.push({ day: lapse, apply: () => {} });
      }
    }
    if (!isHs) this.awardSteps.push([awarded, level]);
  }

  private buildEducationBefore(): void {
    const r = this.rng;
    const choice = r.weighted(this.track.education);
    const reportedAt = () => this.join + r.int(0, 45);
    if (choice === "HS") {
      if (r.chance(0.93))
        this.addAward(r.chance(0.85) ? "HS_DIPLOMA" : "GED", this.join - r.int(400, 9000), reportedAt());
      // Some ECE credits already earned.
      if (r.chance(0.35)) this.pastCourses(r.int(1, 4));
      return;
    }
    if (r.chance(0.55)) this.addAward("HS_DIPLOMA", this.join - r.int(2000, 12000), reportedAt());
    if (choice === "CDA") {
      this.addAward("CDA", this.join - r.int(0, 1000), reportedAt());
      if (r.chance(0.3)) this.pastCourses(r.int(1, 4));
      return;
    }
    const eceShare =
      this.track.setting === "PUBLIC_SCHOOL" ? 0.45 : this.track.role === "TEACHER" ? 0.62 : 0.5;
    const fieldFor = () =>
      r.chance(eceShare)
        ? r.pick(ECE_FIELDS)
        : this.track.setting === "PUBLIC_SCHOOL"
          ? r.pick(["ELEMENTARY_ED", "SPECIAL_ED", "EARLY_CHILDHOOD_SPECIAL_ED"])
          : r.pick(OTHER_FIELDS);
    if (choice === "CERTIFICATE") {
      this.addAward("CERTIFICATE", this.join - r.int(100, 3000), reportedAt(), { field: "EARLY_CHILDHOOD" });
      this.pastCourses(r.int(3, 8));
      return;
    }
    const ladder = ["ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE"];
    const top = ladder.indexOf(choice);
    let when = this.join - r.int(100, 2500);
    for (let i = top; i >= 0; i--) {
      const level = ladder[i]!;
      // Lower degrees on the way are reported only sometimes.
      if (i === top || r.chance(0.35)) this.addAward(level, when, reportedAt(), { field: fieldFor() });
      when -= r.int(700, 1500);
    }
    if (r.chance(0.45)) this.pastCourses(r.int(2, 6));
    // Administrators usually bring program-administration credits (NAEYC asks directors for 9).
    if (["director", "assistant_director"].includes(this.track.name) && r.chance(0.65)) {
      this.pastCourses(r.int(3, 5), "ADMINISTRATION");
    }
  }

  /** Courses completed before joining, reported when the member joined. */
  private pastCourses(n: number, area?: string): void {
    for (let i = 0; i < n; i++) {
      const done = this.join - this.rng.int(60, 3000);
      this.addCourse(
        done,
        this.join + this.rng.int(0, 60),
        area ?? (this.rng.chance(0.85) ? "EARLY_CHILDHOOD" : "GENERAL"),
      );
    }
  }

  private addCourse(completed: number, reported: number, area: string): number {
    const r = this.rng;
    const [code, title] = r.pick(COURSE_TITLES[area]!);
    const credits = r.weighted([
      [3, 88],
      [4, 5],
      [1, 4],
      [1.5, 3],
    ] as const);
    const [institution] = r.pick(INSTITUTIONS.filter(([, acc]) => acc));
    const id = this.ctx.ids.take("course_record_id");
    const verified = this.verify("COURSEWORK", id, reported, 0.82);
    const values: Values = {
      course_record_id: id,
      registry_id: this.registryId,
      institution,
      course_code: r.chance(0.9) ? code : "",
      course_title: title,
      credits: String(credits),
      credit_area: area,
      completed_on: this.day(completed),
      grade: r.chance(0.8)
        ? r.weighted([
            ["A", 30],
            ["A-", 15],
            ["B+", 15],
            ["B", 20],
            ["C", 10],
            ["P", 10],
          ] as const)
        : "",
      reported_on: this.day(reported),
    };
    const deleted = this.lastChecked ? undefined : this.maybeDeleted(reported);
    if (deleted === -1) return 0;
    this.ctx.emit.entity("coursework", id, [{ visible: reported, values }], deleted);
    if (verified !== null && area === "EARLY_CHILDHOOD") {
      this.facts.push({
        day: verified,
        apply: (m) => {
          m.eceCredits += credits;
        },
      });
    }
    if (area === "EARLY_CHILDHOOD") this.eceCreditsByDay.push([completed, credits]);
    return credits;
  }

  /**
   * Members delete duplicate entries they made by mistake (never verified ones). Returns the
   * deletion day when it falls after the full extract and within the horizon, -1 when the record
   * was deleted before it would ever be exported, undefined when it stays.
   */
  private maybeDeleted(visible: number): number | undefined {
    if (visible < this.H - 45 || !this.rng.chance(0.12)) return undefined;
    const d = visible + this.rng.int(1, 20);
    return d > this.H ? undefined : d;
  }

  private buildCoursesAndDegrees(): void {
    const r = this.rng;
    let creditsSinceDegree = 0;
    let hasAssoc = this.awardSteps.some(([, l]) => l === "ASSOCIATE");
    let hasBach = this.awardSteps.some(([, l]) => ["BACHELOR", "MASTER", "DOCTORATE"].includes(l));
    let hasCda = this.awardSteps.some(([, l]) => l === "CDA");
    const y0 = Number(fromDays(this.join).slice(0, 4));
    const y1 = Number(fromDays(this.H).slice(0, 4));
    for (let y = y0; y <= y1; y++) {
      for (const term of [`${y}-05-15`, `${y}-12-18`]) {
        const done = toDays(term) + r.int(-10, 10);
        if (done <= this.join || done > this.H || !this.employedOn(done)) continue;
        const working = this.spellOn(done);
        if (!working) continue;
        if (!r.chance(this.track.courseChance * (hasBach ? 0.4 : 1))) continue;
        const n = r.weighted([
          [1, 55],
          [2, 35],
          [3, 10],
        ] as const);
        for (let i = 0; i < n; i++) {
          const area = r.weighted([
            ["EARLY_CHILDHOOD", 68],
            ["GENERAL", 20],
            ["ADMINISTRATION", working.role.includes("DIRECTOR") ? 40 : 4],
            ["SCHOOL_AGE", 3],
          ] as const);
          creditsSinceDegree += this.addCourse(done, done + r.int(10, 120), area);
        }
        if (!hasAssoc && !hasBach && creditsSinceDegree >= 60 && r.chance(0.5)) {
          this.addAward("ASSOCIATE", done, done + r.int(5, 90), { field: "EARLY_CHILDHOOD" });
          hasAssoc = true;
          creditsSinceDegree = 0;
        } else if (hasAssoc && !hasBach && creditsSinceDegree >= 60 && r.chance(0.4)) {
          this.addAward("BACHELOR", done, done + r.int(5, 90), { field: r.pick(ECE_FIELDS) });
          hasBach = true;
          creditsSinceDegree = 0;
        }
      }
      // A CDA, for assistants and family child care staff without a degree.
      const cdaDay = toDays(`${y}-03-01`) + r.int(0, 270);
      if (
        !hasCda &&
        !hasAssoc &&
        !hasBach &&
        cdaDay > this.join &&
        cdaDay <= this.H &&
        this.employedOn(cdaDay) &&
        r.chance(0.09)
      ) {
        this.addAward("CDA", cdaDay, cdaDay + r.int(5, 60));
        hasCda = true;
      }
    }
  }

  private highestAwardOn(day: number): string {
    const rank = ["HS", "CDA", "CERTIFICATE", "ASSOCIATE", "BACHELOR", "MASTER", "DOCTORATE"];
    let best = "HS";
    for (const [d, level] of this.awardSteps)
      if (d <= day && rank.indexOf(level) > rank.indexOf(best)) best = level;
    return best;
  }

  // ---- employment ---------------------------------------------------------------------------

  private employedOn(day: number): boolean {
    return this.spells.some((s) => s.start <= day && (s.end === null || s.end >= day));
  }

  private spellOn(day: number): Spell | undefined {
    return this.spells.find((s) => s.start <= day && (s.end === null || s.end >= day));
  }

  private pickProgram(setting: Setting, start: number, role: string): Program | null {
    for (let i = 0; i < 12; i++) {
      const p = this.ctx.programs[setting].draw(this.rng);
      if (p.opened > start - 30 || (p.closed !== null && p.closed < start + 60)) continue;
      if (role === "FCC_PROVIDER") {
        const busy = this.ctx.providerBusy.get(p) ?? [];
        if (!free(busy, start, p.closed ?? this.H)) continue;
      }
      return p;
    }
    return null;
  }

  private planSpells(): void {
    const r = this.rng;
    let start = Math.max(HIST, this.join - Math.round(r.exponential(420)));
    let role = this.track.role;
    let setting = this.track.setting;
    for (let n = 0; n < 8 && start < this.H; n++) {
      const program = this.pickProgram(setting, start, role);
      if (!program) break;
      let end: number | null = start + Math.max(30, Math.round(r.exponential(this.track.spellYears * 365)));
      if (program.closed !== null && end >= program.closed) end = program.closed - r.int(0, 20);
      if (end < start) end = start;
      if (end >= this.H) end = null;
      if (role === "FCC_PROVIDER") {
        const busy = this.ctx.providerBusy.get(program) ?? [];
        busy.push(start, end ?? this.H);
        this.ctx.providerBusy.set(program, busy);
      }
      this.addSpell(program, role, start, end, r.chance(this.track.partTime));
      // Some staff also substitute part-time at a second program.
      if (setting === "COMMUNITY" && r.chance(0.04)) {
        const s2 = start + r.int(30, 400);
        const second = this.pickProgram("COMMUNITY", s2, "SUBSTITUTE");
        if (second && second !== program && s2 < this.H && (end === null || s2 < end)) {
          let e2: number | null = s2 + r.int(60, 700);
          if (end !== null && e2 > end) e2 = end;
          if (second.closed !== null && e2 >= second.closed) e2 = second.closed - 1;
          if (e2 >= this.H) e2 = null;
          if (e2 === null || e2 >= s2) this.addSpell(second, "SUBSTITUTE", s2, e2, true);
        }
      }
      if (end === null) break;
      // Leave the field, or move on (sometimes up).
      if (!r.chance(0.75)) break;
      start = end + r.int(1, 120);
      if (role === "ASSISTANT_TEACHER" && r.chance(0.25)) role = "TEACHER";
      else if (role === "TEACHER" && setting === "COMMUNITY" && r.chance(0.05)) role = "DIRECTOR";
      else if (role === "AIDE" && r.chance(0.3)) role = "ASSISTANT_TEACHER";
      if (setting === "COMMUNITY" && role === "TEACHER" && r.chance(0.04)) setting = "PUBLIC_SCHOOL";
    }
  }

  private addSpell(
    program: Program,
    role: string,
    start: number,
    end: number | null,
    partTime: boolean,
  ): void {
    const reported = Math.max(start, this.join, program.opened) + this.rng.int(0, 40);
    if (reported > this.H) return;
    const ageGroup = this.ageGroupFor(program, role);
    const id = this.ctx.ids.take("employment_id");
    this.spells.push({ id, program, role, ageGroup, start, end, reported, partTime });
  }

  private emitSpell(spell: Spell): void {
    const r = this.rng;
    const { id, program, role, ageGroup, start, end, reported } = spell;
    const values: Values = {
      employment_id: id,
      registry_id: this.registryId,
      program_id: program.id,
      role,
      age_group_served: ageGroup,
      start_date: this.day(start),
      end_date: "",
      updated_at: this.ts(reported),
    };
    const versions: Version[] = [];
    if (end !== null && end <= reported) {
      versions.push({ visible: reported, values: { ...values, end_date: this.day(end) } });
    } else {
      versions.push({ visible: reported, values });
      if (end !== null) {
        const seen = end + r.int(0, 60);
        versions.push({
          visible: seen,
          values: { ...values, end_date: this.day(end), updated_at: this.ts(seen) },
        });
      }
    }
    this.ctx.emit.entity("employment", id, versions);
    this.verify("EMPLOYMENT", id, reported, 0.9);
    this.buildCompensation(spell);
    this.buildAssignments(spell);
  }

  private ageGroupFor(p: Program, role: string): string {
    const r = this.rng;
    if (
      ["DIRECTOR", "ASSISTANT_DIRECTOR", "FAMILY_SERVICES", "OTHER", "EDUCATION_COORDINATOR"].includes(role)
    ) {
      return "NONE";
    }
    if (p.type === "FAMILY_HOME" || p.type === "GROUP_HOME") return "MIXED";
    if (p.type === "PUBLIC_SCHOOL") return "PRESCHOOL";
    const options: [string, number][] = [];
    if (p.servesIT) options.push(["INFANT_TODDLER", 3]);
    if (p.servesPS) options.push(["PRESCHOOL", 5]);
    if (p.servesSA) options.push(["SCHOOL_AGE", 1]);
    options.push(["MIXED", 0.5]);
    return r.weighted(options);
  }

  private hourlyWage(spell: Spell, day: number): number {
    const r = this.rng;
    const setting = spell.program.setting;
    let w = WAGE_2025[spell.role]![setting];
    w *= REGION_WAGE[spell.program.town.region] ?? 1;
    w *= AWARD_WAGE[this.highestAwardOn(day)] ?? 1;
    if (spell.program.headStart && spell.role === "TEACHER") w *= HEAD_START_PREMIUM;
    const years = (day - toDays("2025-07-01")) / 365.25;
    w *= (1 + WAGE_GROWTH) ** years;
    w *= r.lognormal(1, 0.09);
    const isProvider = spell.role === "FCC_PROVIDER";
    if (!isProvider) w = Math.max(w, minimumWage(this.day(day)) * (1 + r.next() * 0.04));
    return w;
  }

  private buildCompensation(spell: Spell): void {
    const r = this.rng;
    const setting = spell.program.setting;
    const role = spell.role;
    const isPublic = setting === "PUBLIC_SCHOOL";
    const hours = spell.partTime
      ? r.int(12, 29)
      : role === "FCC_PROVIDER"
        ? r.int(45, 60)
        : isPublic
          ? r.pick([32.5, 35, 35, 37.5])
          : r.pick([35, 37.5, 40, 40, 40]);
    const weeks =
      isPublic && role !== "DIRECTOR" ? r.int(38, 42) : role === "FCC_PROVIDER" ? r.int(48, 52) : 52;
    const unit = isPublic
      ? role === "TEACHER" || role === "DIRECTOR"
        ? "YEAR"
        : r.chance(0.7)
          ? "HOUR"
          : "YEAR"
      : ["DIRECTOR", "ASSISTANT_DIRECTOR", "EDUCATION_COORDINATOR"].includes(role)
        ? r.chance(0.7)
          ? "YEAR"
          : "HOUR"
        : role === "FCC_PROVIDER"
          ? r.weighted([
              ["WEEK", 50],
              ["YEAR", 30],
              ["MONTH", 20],
            ] as const)
          : r.weighted([
              ["HOUR", 90],
              ["WEEK", 5],
              ["MONTH", 5],
            ] as const);
    const health = r.chance(
      isPublic ? 0.9 : spell.program.headStart ? 0.7 : setting === "FAMILY_CHILD_CARE" ? 0.1 : 0.42,
    );
    const retirement = r.chance(isPublic ? 0.95 : setting === "FAMILY_CHILD_CARE" ? 0.05 : 0.3);
    const reporter = r.chance(0.6) ? "PROGRAM" : "MEMBER";
    let day = spell.start;
    let hourly = this.hourlyWage(spell, day);
    const last = spell.end ?? this.H;
    while (day <= last) {
      const rate =
        unit === "HOUR"
          ? hourly
          : unit === "WEEK"
            ? hourly * hours
            : unit === "MONTH"
              ? (hourly * hours * weeks) / 12
              : Math.round(hourly * hours * weeks);
      const visible = Math.max(day, spell.reported) + r.int(0, 20);
      this.ctx.emit.event("compensation", visible, {
        compensation_id: this.ctx.ids.take("compensation_id"),
        employment_id: spell.id,
        effective_date: this.day(day),
        pay_rate: money(rate),
        pay_unit: unit,
        hours_per_week: String(hours),
        weeks_per_year: String(weeks),
        has_health_insurance: health ? "Y" : "N",
        has_retirement_plan: retirement ? "Y" : "N",
        reported_by: reporter,
      });
      // Next raise: each July 1, most years.
      const y = Number(this.day(day).slice(0, 4)) + (this.day(day).slice(5) >= "07-01" ? 1 : 0);
      day = toDays(`${y}-07-01`) + (r.chance(0.75) ? 0 : 365);
      hourly = Math.max(hourly * (1 + WAGE_GROWTH + r.normal(0, 0.015)), this.hourlyWage(spell, day) * 0.9);
    }
  }

  private buildAssignments(spell: Spell): void {
    const r = this.rng;
    if (spell.role !== "TEACHER" && spell.role !== "ASSISTANT_TEACHER") return;
    const rooms = spell.program.rooms.filter(
      (room) => room.opened <= (spell.end ?? this.H) && (room.closed === null || room.closed >= spell.start),
    );
    if (rooms.length === 0 || !r.chance(0.92)) return;
    const matching = rooms.filter((room) => room.ageGroup === spell.ageGroup);
    const pool = matching.length > 0 ? matching : rooms;
    let room = r.pick(pool);
    // A lead teacher goes where the administrator needs a designated QSM, if any room of theirs does.
    if (spell.role === "TEACHER") {
      for (const candidate of [
        ...r.shuffle([...pool]),
        ...r.shuffle(rooms.filter((x) => !pool.includes(x))),
      ]) {
        const cs = Math.max(spell.start, candidate.opened);
        const ce = Math.min(spell.end ?? this.H, candidate.closed ?? this.H);
        if (ce >= cs && longestGap(candidate.qsm, cs, ce, 30)) {
          room = candidate;
          break;
        }
      }
    }
    const s = Math.max(spell.start, room.opened);
    const e = Math.min(spell.end ?? this.H, room.closed ?? this.H);
    if (e < s) return;
    if (spell.role === "ASSISTANT_TEACHER") {
      this.assignment(room, "ASSISTANT", s, e, spell);
      return;
    }
    // Administrators designate one Qualified Staff Member per room, preferring a qualified teacher.
    const gap = longestGap(room.qsm, s, e, 30);
    const qualified = bachelorQualified(this.factsOn(s));
    if (gap && r.chance(qualified ? 0.98 : 0.9)) {
      room.qsm.push(gap[0], gap[1]);
      if (gap[0] > s) this.assignment(room, "TEACHER", s, gap[0] - 1, spell);
      this.assignment(room, "DESIGNATED_QSM", gap[0], gap[1], spell);
      if (gap[1] < e) this.assignment(room, "TEACHER", gap[1] + 1, e, spell);
    } else {
      this.assignment(room, "TEACHER", s, e, spell);
    }
  }

  private assignment(room: Room, role: string, s: number, e: number, spell: Spell): void {
    const r = this.rng;
    const id = this.ctx.ids.take("assignment_id");
    const visible = Math.max(s, spell.reported) + r.int(0, 20);
    if (visible > this.H) return;
    const open =
      e >= this.H ||
      (spell.end === null && e === Math.min(this.H, room.closed ?? this.H) && room.closed === null);
    const values: Values = {
      assignment_id: id,
      classroom_id: room.id,
      registry_id: this.registryId,
      assignment_role: role,
      start_date: this.day(s),
      end_date: "",
      updated_at: this.ts(visible),
    };
    const versions: Version[] = [];
    if (open) versions.push({ visible, values });
    else if (e <= visible) versions.push({ visible, values: { ...values, end_date: this.day(e) } });
    else {
      versions.push({ visible, values });
      // A designated QSM's end is recorded on the day (the room's next QSM may start the day after).
      const seen = role === "DESIGNATED_QSM" ? e : e + r.int(0, 30);
      versions.push({
        visible: seen,
        values: { ...values, end_date: this.day(e), updated_at: this.ts(seen) },
      });
    }
    this.ctx.emit.entity("classroom_staffing", id, versions);
  }

  /** Facts verified on or before a day (for decisions such as QSM designation). */
  private factsOn(day: number): MutableFacts {
    const m: MutableFacts = {
      awards: [],
      eceCredits: 0,
      teachingCert: false,
      ectcBachelor: false,
      ectcAssociate: false,
    };
    for (const f of this.facts) if (f.day <= day) f.apply(m);
    return m;
  }

  // ---- credentials and applications -------------------------------------------------------

  private credential(
    type: string,
    issued: number,
    opts: { endorsement?: string; expires?: number } = {},
  ): void {
    const r = this.rng;
    const id = this.ctx.ids.take("credential_id");
    // A credential issued before the member joined is added to the registry when they join.
    const added = Math.max(issued, this.join + r.int(0, 30));
    const values: Values = {
      credential_id: id,
      registry_id: this.registryId,
      credential_type: type,
      endorsement: opts.endorsement ?? "",
      issued_on: this.day(issued),
      expires_on: opts.expires === undefined ? "" : this.day(opts.expires),
      status: "ACTIVE",
    };
    const versions: Version[] = [{ visible: added, values }];
    let expiresDay = opts.expires ?? null;
    if (expiresDay !== null && expiresDay < this.H) {
      if (this.employedOn(expiresDay) && r.chance(0.85)) {
        expiresDay += 5 * 365;
        const renewed = Math.max(added + 1, expiresDay - 5 * 365 - r.int(0, 60));
        versions.push({ visible: renewed, values: { ...values, expires_on: this.day(expiresDay) } });
      } else {
        versions.push({
          visible: Math.max(added + 1, expiresDay + 1),
          values: { ...values, status: "EXPIRED" },
        });
      }
    }
    versions.sort((a, b) => a.visible - b.visible);
    this.ctx.emit.entity("credentials", id, versions);
    const verified = this.verify("CREDENTIAL", id, added, 0.95);
    if (verified !== null) {
      const until = expiresDay;
      if (type === "TEACHING_CERT_ECE" || type === "TEACHING_CERT_ECSE") {
        this.facts.push({
          day: verified,
          apply: (m) => {
            m.teachingCert = true;
          },
        });
        if (until !== null && until < this.H)
          this.facts.push({
            day: until + 1,
            apply: (m) => {
              m.teachingCert = false;
            },
          });
      }
      if (type === "ECTC_BACHELOR")
        this.facts.push({
          day: verified,
          apply: (m) => {
            m.ectcBachelor = true;
          },
        });
      if (type === "ECTC_ASSOCIATE")
        this.facts.push({
          day: verified,
          apply: (m) => {
            m.ectcAssociate = true;
          },
        });
    }
  }

  /** An application and its status history; returns the approval day, if approved within the horizon. */
  private application(
    type: string,
    subtype: string,
    submitted: number,
    opts: {
      program?: Program;
      institution?: string;
      requested?: number;
      approveP: number;
      denials: readonly (readonly [string, number])[];
    },
  ): number | null {
    const r = this.rng;
    if (submitted > this.H) return null;
    const id = this.ctx.ids.take("application_id");
    const fy = fiscalYear(this.day(submitted));
    this.ctx.emit.entity("applications", id, [
      {
        visible: submitted,
        values: {
          application_id: id,
          registry_id: this.registryId,
          application_type: type,
          application_subtype: subtype,
          program_id: opts.program?.id ?? "",
          submitted_on: this.day(submitted),
          fiscal_year: String(fy),
          institution: opts.institution ?? "",
          requested_usd: opts.requested === undefined ? "" : money(opts.requested),
        },
      },
    ]);
    let day = submitted;
    const event = (status: string, d: number, amount?: number, reason?: string): boolean => {
      if (d > this.H) return false;
      this.ctx.emit.event("application_events", d, {
        event_id: this.ctx.ids.take("event_id"),
        application_id: id,
        status,
        status_on: this.day(d),
        amount_usd: amount === undefined ? "" : money(amount),
        reason_code: reason ?? "",
      });
      return true;
    };
    event("SUBMITTED", day);
    if (r.chance(0.25)) {
      day += r.int(3, 20);
      if (!event("PENDING_DOCUMENTS", day)) return null;
    }
    day += r.int(5, 30);
    if (!event("UNDER_REVIEW", day)) return null;
    day += Math.round(r.lognormal(21, 0.6));
    if (r.chance(0.03)) {
      event("WITHDRAWN", day);
      return null;
    }
    const approved = r.chance(opts.approveP);
    const award =
      opts.requested === undefined ? undefined : Math.round(opts.requested * (0.85 + r.next() * 0.15));
    if (!approved) {
      if (!event("DENIED", day, undefined, r.weighted(opts.denials))) return null;
      if (!r.chance(0.08)) return null;
      day += r.int(5, 30);
      if (!event("APPEALED", day)) return null;
      day += r.int(10, 45);
      if (r.chance(0.4)) {
        if (!event("APPEAL_UPHELD", day)) return null;
        day += r.int(1, 10);
      } else {
        event("APPEAL_DENIED", day);
        return null;
      }
    }
    if (!event("APPROVED", day, award)) return null;
    const approvedOn = day;
    if (type === "SCHOLARSHIP" && award !== undefined) {
      if (r.chance(0.92)) {
        day += r.int(20, 60);
        if (event("PAID", day, Math.round(award * (0.9 + r.next() * 0.1))) && r.chance(0.85)) {
          day += r.int(90, 150);
          event("COMPLETED", day);
        }
      }
    }
    return approvedOn;
  }

  private buildCredentialsAndApplications(): void {
    const r = this.rng;
    // Public-school teachers hold a state teaching certificate.
    if (this.track.name === "public_teacher" && r.chance(0.85)) {
      const issued = Math.max(HIST - 1000, this.join - r.int(30, 2000));
      this.credential(r.chance(0.82) ? "TEACHING_CERT_ECE" : "TEACHING_CERT_ECSE", issued, {
        expires: issued + 10 * 365,
      });
    }
    // TA providers apply for approval soon after joining.
    if (this.track.name === "ta_provider") {
      const sub = this.join + r.int(10, 90);
      const kind = r.weighted([
        ["TRAINER", 6],
        ["COACH", 2],
        ["MENTOR", 1],
        ["EDUCATION_CONSULTANT", 1],
      ] as const);
      const ok = this.application("TA_PROVIDER", kind, sub, {
        approveP: 0.95,
        denials: [["DOES_NOT_MEET_REQUIREMENTS", 1]],
      });
      if (ok !== null) this.credential(`TA_${kind}`, ok + r.int(1, 10));
      if (kind !== "TRAINER") {
        const ok2 = this.application("TA_PROVIDER", "TRAINER", sub + r.int(100, 300), {
          approveP: 0.9,
          denials: [["DOES_NOT_MEET_REQUIREMENTS", 1]],
        });
        if (ok2 !== null) this.credential("TA_TRAINER", ok2 + r.int(1, 10));
      }
    }
    for (const spell of this.spells) {
      const s = Math.max(spell.start, this.join, spell.reported);
      const e = spell.end ?? this.H;
      // Head Teacher designation for center teachers.
      if (spell.role === "TEACHER" && spell.program.setting === "COMMUNITY" && r.chance(0.22)) {
        const sub = s + r.int(60, 700);
        if (sub <= e && sub >= toDays("2010-12-01")) {
          const subtype = spell.ageGroup === "SCHOOL_AGE" ? "SCHOOL_AGE" : "CENTER";
          const ok = this.application("HEAD_TEACHER", subtype, sub, {
            program: spell.program,
            approveP: 0.86,
            denials: [
              ["DOES_NOT_MEET_REQUIREMENTS", 3],
              ["INCOMPLETE_DOCUMENTS", 2],
            ],
          });
          if (ok !== null)
            this.credential(
              subtype === "CENTER" ? "HEAD_TEACHER_CENTER" : "HEAD_TEACHER_SCHOOL_AGE",
              ok + r.int(1, 14),
            );
        }
      }
      // ECTC, from PA 17-41 until the individual review route closed at the end of 2024.
      if (spell.role === "TEACHER" && r.chance(0.2)) {
        const sub = Math.max(s, toDays("2017-07-01")) + r.int(30, 600);
        if (sub <= e && sub <= toDays("2024-12-31")) {
          const f = this.factsOn(sub);
          const ba = f.awards.some(
            (a) => a.ece && a.accredited && ["BACHELOR", "MASTER", "DOCTORATE"].includes(a.level),
          );
          const aa = f.awards.some((a) => a.ece && a.accredited && a.level === "ASSOCIATE");
          if (ba || aa) {
            const level = ba ? "BACHELOR" : "ASSOCIATE";
            const ok = this.application("ECTC", level, sub, {
              program: spell.program,
              approveP: 0.88,
              denials: [
                ["DOES_NOT_MEET_REQUIREMENTS", 3],
                ["INCOMPLETE_DOCUMENTS", 1],
              ],
            });
            if (ok !== null) {
              this.credential(`ECTC_${level}`, ok + r.int(1, 14), {
                endorsement: r.weighted([
                  ["PRESCHOOL", 5],
                  ["INFANT_TODDLER", 2],
                  ["BOTH", 2],
                ] as const),
              });
            }
          }
        }
      }
    }
    // Scholarships: members taking early-childhood courses while employed in community programs.
    const byTerm = new Map<number, number>();
    for (const [d, credits] of this.eceCreditsByDay)
      if (d > this.join) byTerm.set(d, (byTerm.get(d) ?? 0) + credits);
    for (const [done, credits] of byTerm) {
      if (!r.chance(0.4)) continue;
      const sub = done - r.int(60, 150);
      const spell = this.spellOn(sub);
      if (!spell || sub < this.join || spell.program.setting === "PUBLIC_SCHOOL") continue;
      const fy = fiscalYear(this.day(sub));
      const perCredit = 250 * 1.03 ** (fy - 2012);
      const subtype = spell.role.includes("DIRECTOR")
        ? "ADMINISTRATIVE"
        : this.eceCreditsBefore(sub) < 12
          ? "FOUNDATIONAL_12_CREDITS"
          : "DEGREE_COURSEWORK";
      this.application("SCHOLARSHIP", subtype, sub, {
        program: spell.program,
        institution: r.pick(INSTITUTIONS.filter(([, a]) => a))[0],
        requested: Math.round(credits * perCredit + r.int(0, 120)),
        approveP: fy >= 2019 && fy <= 2021 ? 0.58 : 0.78,
        denials: scholarshipDenials(fy),
      });
    }
    // CDA assessment scholarships.
    for (const [d, level] of this.awardSteps) {
      if (level !== "CDA" || d <= this.join + 90 || !r.chance(0.35)) continue;
      const sub = d - r.int(60, 120);
      const spell = this.spellOn(sub);
      if (!spell || sub < this.join || spell.program.setting === "PUBLIC_SCHOOL") continue;
      const fy = fiscalYear(this.day(sub));
      this.application("SCHOLARSHIP", "CDA_ASSESSMENT", sub, {
        program: spell.program,
        institution: "Council for Professional Recognition",
        requested: 425,
        approveP: 0.85,
        denials: scholarshipDenials(fy),
      });
    }
  }

  private eceCreditsBefore(day: number): number {
    let sum = 0;
    for (const [d, c] of this.eceCreditsByDay) if (d <= day) sum += c;
    return sum;
  }

  // ---- training -----------------------------------------------------------------------------

  private buildTraining(registryId: string, from: number, to: number, perYear = 2.3): void {
    const r = this.rng;
    const y0 = Number(fromDays(Math.max(HIST, from - 365)).slice(0, 4));
    const y1 = Number(fromDays(to).slice(0, 4));
    const topics = Object.keys(TRAINING_TITLES);
    for (let y = y0; y <= y1; y++) {
      const n = Math.round(r.exponential(perYear));
      for (let i = 0; i < n; i++) {
        const done = toDays(`${y}-01-01`) + r.int(0, 364);
        if (done > to || done < HIST || (registryId === this.registryId && !this.employedOn(done))) continue;
        const topic = r.weighted(
          topics.map(
            (t) => [t, t === "HEALTH_SAFETY" ? 5 : t === "CDA_PREP" ? 0.6 : t === "OTHER" ? 1.5 : 2] as const,
          ),
        );
        const hours =
          topic === "CDA_PREP"
            ? r.chance(0.2)
              ? 120
              : r.int(10, 45)
            : r.weighted([
                [1, 20],
                [1.5, 15],
                [2, 30],
                [3, 20],
                [6, 10],
                [0.5, 5],
              ] as const);
        const reported = Math.max(done, from) + r.int(0, 30);
        if (reported > this.H) continue;
        const trainer = r.chance(0.4) ? this.pickTrainer(done, registryId) : "";
        const id = this.ctx.ids.take("training_record_id");
        this.lastChecked = false;
        if (registryId === this.registryId) this.verify("TRAINING", id, reported, 0.55);
        const deleted = this.lastChecked ? undefined : this.maybeDeleted(reported);
        if (deleted === -1) continue;
        this.ctx.emit.entity(
          "training",
          id,
          [
            {
              visible: reported,
              values: {
                training_record_id: id,
                registry_id: registryId,
                title: r.pick(TRAINING_TITLES[topic]!),
                topic_area: topic,
                hours: String(hours),
                completed_on: this.day(done),
                trainer_registry_id: trainer,
                reported_on: this.day(reported),
              },
            },
          ],
          deleted,
        );
      }
    }
  }

  /** An approved TA trainer who could deliver training on `day` (a few tries, then none). */
  private pickTrainer(day: number, self: string): string {
    const list = this.ctx.trainers;
    for (let i = 0; i < 4 && list.length > 0; i++) {
      const t = list[Math.floor(this.rng.next() * list.length)]!;
      if (t.from <= day && t.id !== self) return t.id;
    }
    return "";
  }

  // ---- career ladder --------------------------------------------------------------------------

  private buildPlacements(): void {
    const r = this.rng;
    const days = [...new Set(this.facts.map((f) => f.day))].filter((d) => d <= this.H).sort((a, b) => a - b);
    const m: MutableFacts = {
      awards: [],
      eceCredits: 0,
      teachingCert: false,
      ectcBachelor: false,
      ectcAssociate: false,
    };
    let last: string | null = null;
    const emit = (day: number, level: number, qsm: string | null) => {
      this.ctx.emit.event("career_ladder", day, {
        registry_id: this.registryId,
        level: String(level),
        effective_on: this.day(day),
        qsm_eligible_through: qsm ?? "",
      });
    };
    if (days.length === 0 || days[0]! > this.join + 60) {
      if (r.chance(0.7)) {
        const d = this.join + r.int(1, 30);
        if (d <= this.H && (days.length === 0 || d < days[0]!)) {
          emit(d, 1, null);
          last = "1|";
        }
      }
    }
    for (const day of days) {
      for (const f of this.facts) if (f.day === day) f.apply(m);
      const date = this.day(day);
      let level = ladderLevel(m, date);
      const qsm = qsmExpiry(m, date);
      const key = `${level}|${qsm ?? ""}`;
      if (key === last) continue;
      last = key;
      // The registry's own placement occasionally disagrees with the rules (a data-entry error).
      if (r.chance(0.02)) level = Math.max(1, Math.min(15, level + (r.chance(0.5) ? 1 : -1)));
      if (date <= "2015-12-31" && (level === 3 || level === 5) && r.chance(0.3)) level -= 1;
      if (date > "2015-12-31" && (level === 2 || level === 4)) level += 1;
      emit(day, level, qsm);
    }
  }

  // ---- duplicate accounts -------------------------------------------------------------------

  /** About 3% of members open a second account by mistake; registry staff later merge it. */
  private duplicateAccount(main: Values): void {
    const r = this.rng;
    const dupJoin = this.join + r.int(30, 2500);
    if (dupJoin > this.H) return;
    const dupId = this.ctx.ids.take("registry_id");
    const values: Values = {
      ...main,
      registry_id: dupId,
      email: r.chance(0.5) ? "" : main.email!.replace("@", `+${r.int(1, 9)}@`),
      joined_on: this.day(dupJoin),
      updated_at: this.ts(dupJoin),
    };
    const versions: Version[] = [{ visible: dupJoin, values }];
    const merged = dupJoin + r.int(20, 400);
    if (merged <= this.H) {
      versions.push({
        visible: merged,
        values: {
          ...values,
          member_status: "MERGED",
          merged_into: this.registryId,
          updated_at: this.ts(merged),
        },
      });
    }
    this.ctx.emit.entity("people", dupId, versions);
    // Training recorded under the duplicate account before the merge.
    this.buildTraining(dupId, dupJoin, Math.min(this.H, merged), 1.5);
  }
}
