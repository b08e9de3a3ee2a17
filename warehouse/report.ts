/**
 * `workforce report <kind> --program P000123 | --all [--as-of D]`: restricted reports for program
 * administrators, written as printable HTML plus CSV into `<data-dir>/reports/<as-of>/<kind>/`
 * (never into the public site):
 *
 * - `staff-qualifications`: every confirmed staff member (a verified employment spell at the program
 *   covering D) with role, rooms, designated-QSM status, highest verified award, ECE credits,
 *   career-ladder level, QSM expiry, and what they still need for the next ladder level and for the
 *   bachelor-level standard;
 * - `naeyc`: the NAEYC readiness criteria (seeds.naeyc_criteria, metrics.md) with each assessed staff
 *   member's standing and the program's result (marts.fct_program_naeyc_readiness_monthly);
 * - `scholarships`: every scholarship request of the program's staff (naming the program as employer,
 *   with a verified spell there on the day of the request), with its status history.
 *
 * The reports read the current build (`<data-dir>/warehouse/models.duckdb`) read-only. One query per
 * report kind serves one program or all of them (`--all`); pages are rendered in memory and written
 * one file each.
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync, realpathSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { stringify } from "csv-stringify/sync";
import { neutraliseCell } from "../ingest/quarantine.ts";
import { buildPaths } from "../transforms/build.ts";
import { latestAsOf, snapshotDateProblem } from "../transforms/metrics.ts";
import { openBuildReadOnly } from "../transforms/metrics-command.ts";
import { dataLayout } from "./config.ts";
import { EXIT, usageError, WorkforceError } from "./errors.ts";
import { html, join as joinHtml, page, type SafeHtml } from "./reports/html.ts";
import { REPORT_KINDS, type ReportKind } from "./reports/kinds.ts";
import {
  NAEYC_CRITERIA_SQL,
  NAEYC_PROGRAM_SQL,
  PROGRAMS_SQL,
  ROOMS_SQL,
  SCHOLARSHIPS_SQL,
  STAFF_SQL,
  withProgramFilter,
} from "./reports/queries.ts";

export { REPORT_KINDS, type ReportKind };

export const PROGRAM_ID_PATTERN = /^P\d{6}$/;

type Row = Record<string, unknown>;

export interface ReportOptions {
  dataDir: string;
  kind: ReportKind;
  /** One program (P + 6 digits); exclusive with `all`. */
  program?: string;
  /** Every program open on D. */
  all?: boolean;
  asOf?: string;
  json?: boolean;
  stdout?: { write(chunk: string): unknown };
  stderr?: { write(chunk: string): unknown };
}

export interface ReportResult {
  kind: ReportKind;
  as_of: string;
  build: string;
  folder: string;
  programs: number;
  files: string[];
  seconds: number;
  /** For a single program: the report's headline (its line in the --all index). */
  summary?: string;
}

interface ProgramInfo {
  program_id: string;
  program_name: string;
  license_number: string | null;
  setting_code: string;
  program_type_code: string;
  town_name: string;
  opened_date: string;
  closed_date: string | null;
  is_open_on_as_of: boolean;
}

const REPO_ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
/** Folders the public site is built from or into: restricted reports must never be written there. */
export const SITE_FOLDERS = [join(REPO_ROOT, "dashboards"), join(REPO_ROOT, "dist")];

/** A link whose target does not exist (lstat sees it, stat does not). */
function isDanglingLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink() && !existsSync(path);
  } catch {
    return false;
  }
}

function realish(path: string): string {
  // Resolve symlinks of the longest existing prefix, so a link into the site is caught too (a link
  // whose target does not exist yet is followed to it).
  let p = resolve(path);
  const rest: string[] = [];
  while (!existsSync(p)) {
    if (isDanglingLink(p)) return realish(join(resolve(p, ".."), readlinkSync(p), ...rest));
    const parent = resolve(p, "..");
    if (parent === p) break;
    rest.unshift(p.slice(parent.length + 1));
    p = parent;
  }
  return join(realpathSync(p), ...rest);
}

/**
 * Refuse a reports folder inside the site's source or output, or inside the data directory's
 * published zone (`published`: the site served from `published/site/` and the analyst copy), where
 * it would be published.
 */
export function assertOutsideSite(folder: string, published?: string): void {
  const target = realish(folder);
  for (const site of published ? [...SITE_FOLDERS, published] : SITE_FOLDERS) {
    const root = realish(site);
    const rel = relative(root, target);
    if (rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !rel.startsWith(sep))) {
      throw usageError(
        `the reports folder ${folder} is inside ${site}, which the public site is built from or into or is published from; restricted reports never go there`,
        "report",
      );
    }
  }
}

async function query(con: DuckDBConnection, sql: string, params: Record<string, string>): Promise<Row[]> {
  const used: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (sql.includes(`$${k}`)) used[k] = v;
  const reader = await con.runAndReadAll(sql, used);
  return reader.getRowObjectsJson() as Row[];
}

/** Group rows by program_id, keeping the query's order. */
function groupBy(rows: Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const id = String(r[key]);
    const list = out.get(id);
    if (list) list.push(r);
    else out.set(id, [r]);
  }
  return out;
}

const byProgram = (rows: Row[]) => groupBy(rows, "program_id");

// ---- wording ------------------------------------------------------------------------------------

const AWARD_NAMES: Record<string, string> = {
  NONE: "none verified",
  HS_DIPLOMA_GED: "high school diploma or GED",
  CDA: "CDA",
  CERTIFICATE: "one-year ECE certificate",
  ASSOCIATE: "associate degree",
  BACHELOR: "bachelor's degree",
  MASTER: "master's degree",
  DOCTORATE: "doctorate",
};

/**
 * The highest verified award, and, when it is not from a regionally accredited institution, what
 * counts instead (metrics.md: degrees count only when regionally accredited): without it, a
 * bachelor's next to "associate-level" reads like a registry error.
 */
export function awardCell(r: Record<string, unknown>): string | SafeHtml {
  const award = r.highest_award_code as string;
  const accredited = r.highest_accredited_award_code as string | null;
  const name = AWARD_NAMES[award] ?? award;
  // (is_award_accreditation_required: STAFF_SQL's, from dim_award_levels)
  if (r.is_award_accreditation_required !== true || accredited === award) return name;
  return html`${name}<br><small>not from a regionally accredited institution: counts as ${accredited ? (AWARD_NAMES[accredited] ?? accredited) : "none"}</small>`;
}

/** The rule a qualification level rests on (STAFF_SQL's qualification_route_code), in words. */
const ROUTE_NAMES: Record<string, string> = {
  ECE_BACHELOR_OR_HIGHER: "an accredited ECE bachelor's or higher",
  BACHELOR_PLUS_12_ECE_CREDITS: "an accredited bachelor's or higher plus 12 ECE credits",
  TEACHING_CERT: "an active ECE or ECSE teaching certificate",
  ECTC_BACHELOR: "an active bachelor-level Early Childhood Teacher Credential",
  ECE_ASSOCIATE_OR_HIGHER: "an accredited ECE associate degree or higher",
  ASSOCIATE_PLUS_12_ECE_CREDITS: "an accredited associate degree or higher plus 12 ECE credits",
  ECTC_ASSOCIATE: "an active associate-level Early Childhood Teacher Credential",
};

/** "bachelor-level (through an active ECE or ECSE teaching certificate)", or "below associate-level". */
export function qualificationText(r: Row): string {
  const level =
    QUALIFICATION_NAMES[r.qualification_level_code as string] ?? String(r.qualification_level_code);
  const route = ROUTE_NAMES[r.qualification_route_code as string];
  return route ? `${level} (through ${route})` : level;
}

const QUALIFICATION_NAMES: Record<string, string> = {
  BACHELOR_LEVEL: "bachelor-level",
  ASSOCIATE_LEVEL: "associate-level",
  NONE: "below associate-level",
};

export function formatCredits(n: unknown): string {
  const v = Number(n ?? 0);
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function creditsPhrase(n: number): string {
  return `${formatCredits(n)} more ECE credit${n === 1 ? "" : "s"}`;
}

/** What a member still needs for the next career-ladder level, in words (from the STAFF_SQL columns). */
export function nextLevelNeeds(r: Row): string {
  if (r.next_ladder_level === null || r.next_ladder_level === undefined) {
    return "Nothing: at the top level (15).";
  }
  const routes: string[] = [];
  const credits = r.next_level_credits_route_ece_credits_missing;
  if (credits !== null && credits !== undefined) routes.push(creditsPhrase(Number(credits)));
  const award = r.next_level_award_route_award_code as string | null;
  if (award) {
    const missing = Number(r.next_level_award_route_ece_credits_missing ?? 0);
    const awardName =
      award === "CDA"
        ? "a current CDA"
        : // (the one-year certificate's name already says ECE)
          `an accredited ${r.is_next_level_award_ece_required && award !== "CERTIFICATE" ? "ECE " : ""}${AWARD_NAMES[award] ?? award}`;
    if (r.has_next_level_award) {
      if (missing > 0) routes.push(creditsPhrase(missing));
    } else {
      routes.push(missing > 0 ? `${awardName} and ${creditsPhrase(missing)}` : awardName);
    }
  }
  if (r.has_next_level_teaching_cert_route) routes.push("an active ECE or ECSE teaching certificate");
  const level = `Level ${r.next_ladder_level} (${r.next_ladder_level_name})`;
  return routes.length ? `${level}: ${routes.join(", or ")}.` : `${level}.`;
}

/** What a member still needs for the bachelor-level (QSM degree) standard, in words. */
export function bachelorLevelNeeds(r: Row): string {
  switch (r.bachelor_level_gap_code) {
    case "QUALIFIED":
      return "Meets it.";
    case "NEEDS_ECE_CREDITS":
      return `${creditsPhrase(Number(r.bachelor_level_ece_credits_missing))} (holds an accredited bachelor's or higher).`;
    default:
      return "An accredited bachelor's in ECE (or a bachelor's plus 12 ECE credits), an ECE/ECSE teaching certificate, or a bachelor-level ECTC.";
  }
}

const yesNo = (v: unknown) => (v === true ? "yes" : v === false ? "no" : "");

function qsmExpiry(v: unknown, asOf: string): string {
  if (!v) return "not QSM-eligible";
  if (String(v) === "2099-12-31") return "met for good (2099-12-31)";
  return String(v) < asOf ? `expired ${String(v)}` : String(v);
}

function pct(v: unknown): string {
  return v === null || v === undefined ? "n/a" : `${(Number(v) * 100).toFixed(0)}%`;
}

function usd(v: unknown): string {
  return v === null || v === undefined
    ? ""
    : `$${Number(v).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function personName(r: Row): string {
  return `${r.last_name}, ${r.first_name}`;
}

/** The next NAEYC staff-report due date (Jan 31, May 31, Sept 30) on or after D. */
export function nextNaeycDueDate(asOf: string): string {
  const year = Number(asOf.slice(0, 4));
  for (const y of [year, year + 1]) {
    for (const md of ["01-31", "05-31", "09-30"]) {
      const d = `${y}-${md}`;
      if (d >= asOf) return d;
    }
  }
  return `${year + 1}-01-31`;
}

// ---- rendering ----------------------------------------------------------------------------------

interface Rendered {
  html: string;
  csv: string;
  /** One line for the --all index: the report's headline. */
  summary: string;
}

/** Why a program is not open on the as-of date: "closed 2026-06-19" or "opens 2022-07-17". */
function notOpenWhy(p: ProgramInfo, asOf: string): string {
  return p.closed_date && String(p.closed_date) < asOf ? `closed ${p.closed_date}` : `opens ${p.opened_date}`;
}

function programLine(p: ProgramInfo, asOf: string): SafeHtml {
  const parts = [
    html`<strong>${p.program_name}</strong> (${p.program_id})`,
    html`${p.town_name}`,
    html`${p.setting_code} · ${p.program_type_code}`,
    p.license_number ? html`license ${p.license_number}` : html`license-exempt`,
  ];
  if (!p.is_open_on_as_of) {
    parts.push(html`<span class="no">not open on the as-of date (${notOpenWhy(p, asOf)})</span>`);
  }
  return joinHtml(parts, " · ");
}

function footer(build: string, generatedAt: string, extra?: SafeHtml): SafeHtml {
  return html`${extra ?? ""}<p>Read-only from the restricted warehouse build <code>${build}</code>; verified records only (metrics.md).
Generated ${generatedAt}. Restricted zone: this file lives in the data directory's <code>reports/</code> folder and is never part of the public site.</p>`;
}

function csvOf(columns: string[], rows: unknown[][]): string {
  const cells = rows.map((r) =>
    r.map((v) => (v === null || v === undefined ? "" : neutraliseCell(String(v)))),
  );
  return stringify(cells, { header: true, columns, record_delimiter: "\n" });
}

const STAFF_CSV_COLUMNS = [
  "program_id",
  "as_of",
  "registry_id",
  "last_name",
  "first_name",
  "roles_at_program",
  "is_primary_position_here",
  "room_assignments",
  "is_designated_qsm",
  "designated_qsm_rooms",
  "highest_award_code",
  "ece_credits",
  "qualification_level_code",
  "qualification_route_code",
  "active_credential_codes",
  "registry_ladder_level",
  "computed_ladder_level",
  "qsm_eligible_through_date",
  "is_qsm_eligibility_expired",
  "next_ladder_level",
  "next_level_needs",
  "bachelor_level_gap_code",
  "bachelor_level_needs",
];

/** A room as the reports name it: "Explorers [R0000001, PRESCHOOL]" (as STAFF_SQL's room labels). */
function roomLabel(r: Row): string {
  const id = r.classroom_id as string;
  const name = r.room_name as string | null;
  return !name || name === id ? `${id} [${r.age_group_code}]` : `${name} [${id}, ${r.age_group_code}]`;
}

/** The classrooms section of the staff report: each room open on D and its designated QSM(s). */
function renderRooms(rooms: Row[], asOf: string): SafeHtml {
  const byRoom = [...groupBy(rooms, "classroom_id").values()];
  if (byRoom.length === 0)
    return html`<h2>Classrooms</h2><p class="empty">No classroom of this program is open on ${asOf}.</p>`;
  const note = (qsms: Row[]): string => {
    const n = Number(qsms[0]!.designated_qsm_count);
    // (a school-age room needs none)
    if (n === 0) return qsms[0]!.is_qsm_age_group ? "No designated QSM." : "";
    if (n > 1) return `${n} designated QSMs at once: a data defect to report to the registry.`;
    // The designated QSM must hold the registry's QSM eligibility on the date.
    const q = qsms[0]!;
    if (!q.qsm_eligible_through_date) return "The designated QSM is not QSM-eligible in the registry.";
    if (String(q.qsm_eligible_through_date) < asOf)
      return `The designated QSM's eligibility expired on ${String(q.qsm_eligible_through_date)}.`;
    return "";
  };
  return html`<h2>Classrooms on ${asOf}</h2>
<table class="rooms">
<thead><tr><th>Room</th><th>Covered by the staff-qualification goal</th><th>Designated QSM</th><th>QSM qualification level</th><th>Note</th></tr></thead>
<tbody>
${byRoom.map((qsms) => {
  const room = qsms[0]!;
  const people = qsms.filter((q) => q.qsm_person_id !== null);
  return html`<tr><td>${roomLabel(room)}</td><td>${room.is_covered ? "yes" : "no"}</td>
<td>${
    people.length === 0
      ? "none"
      : joinHtml(
          people.map(
            (q) =>
              html`<div>${personName(q)} (${q.qsm_person_id as string})${q.is_qsm_confirmed_staff ? "" : html` <span class="no">not confirmed staff here on ${asOf}</span>`}</div>`,
          ),
        )
  }</td>
<td>${joinHtml(
    people.map(
      (q) => html`<div>${QUALIFICATION_NAMES[q.qsm_qualification_level_code as string] ?? "unknown"}</div>`,
    ),
  )}</td>
<td${note(qsms) ? html` class="no"` : ""}>${note(qsms)}</td></tr>`;
})}
</tbody>
</table>`;
}

function renderStaff(
  p: ProgramInfo,
  rows: Row[],
  rooms: Row[],
  asOf: string,
  build: string,
  at: string,
): Rendered {
  const qsmCount = rows.filter((r) => r.is_designated_qsm).length;
  const roomCount = new Set(rooms.map((r) => r.classroom_id)).size;
  const roomsWithoutQsm = rooms.filter(
    (r) => r.is_qsm_age_group && Number(r.designated_qsm_count) === 0,
  ).length;
  const roomsWithTwo = new Set(
    rooms.filter((r) => Number(r.designated_qsm_count) >= 2).map((r) => r.classroom_id),
  ).size;
  const bachelor = rows.filter((r) => r.qualification_level_code === "BACHELOR_LEVEL").length;
  const body = html`
<ul class="summary">
<li><strong>${rows.length}</strong> confirmed staff</li>
<li><strong>${rows.filter((r) => r.is_primary_here).length}</strong> with their primary position here</li>
<li><strong>${qsmCount}</strong> designated QSM</li>
<li><strong>${bachelor}</strong> bachelor-level qualified</li>
<li><strong>${roomCount}</strong> classroom${roomCount === 1 ? "" : "s"} open, <strong>${roomsWithoutQsm}</strong> infant-toddler, preschool or mixed room${roomsWithoutQsm === 1 ? "" : "s"} without a designated QSM, <strong>${roomsWithTwo}</strong> room${roomsWithTwo === 1 ? "" : "s"} with two or more at once</li>
</ul>
${
  rows.length === 0
    ? html`<p class="empty">No confirmed staff on ${asOf}: ${
        p.is_open_on_as_of
          ? "no verified employment at this program covers the date"
          : `the program was not open on the date (${notOpenWhy(p, asOf)})`
      }.</p>`
    : html`<table class="staff">
<thead><tr><th>Name</th><th>Registry id</th><th>Role</th><th>Rooms (designated QSM)</th><th>Highest verified award</th>
<th class="num">ECE credits</th><th>Qualification level; active credentials</th><th class="num">Ladder level</th><th>QSM expiry</th><th>Next ladder level needs</th><th>Bachelor-level standard needs</th></tr></thead>
<tbody>
${rows.map(
  (r) => html`<tr>
<td>${personName(r)}</td><td>${r.person_id as string}</td>
<td>${r.spell_role_codes as string}${r.is_primary_here ? "" : html`<br><small>(primary position elsewhere)</small>`}</td>
<td>${(r.room_assignments as string | null) ?? "—"}</td>
<td>${awardCell(r)}</td>
<td class="num">${formatCredits(r.ece_credits)}</td>
<td>${qualificationText(r)}${r.active_credential_codes ? html`<br><small>credentials: ${r.active_credential_codes as string}</small>` : ""}</td>
<td class="num">${r.registry_ladder_level === null ? "not placed" : String(r.registry_ladder_level)}${
    r.registry_ladder_level !== r.computed_ladder_level
      ? html`<br><small>computed ${String(r.computed_ladder_level)}</small>`
      : ""
  }</td>
<td${r.qsm_eligible_through_date && String(r.qsm_eligible_through_date) < asOf ? html` class="no"` : ""}>${qsmExpiry(r.qsm_eligible_through_date, asOf)}</td>
<td>${nextLevelNeeds(r)}</td>
<td>${bachelorLevelNeeds(r)}</td>
</tr>`,
)}
</tbody>
</table>`
}
${renderRooms(rooms, asOf)}`;
  const explain = html`<p>Confirmed staff: members whose employment at the program is verified and covers ${asOf}. Rooms: name
[classroom id, age group]. Qualification level: the bachelor- or associate-level standard of metrics.md and the rule it
rests on. Active credentials: verified, issued, unexpired and not revoked on ${asOf} (one the registry now lists as
expired counts on the dates before its expiry). Ladder level: the registry's placement
(the level computed from verified records is shown when it differs). QSM expiry: the registry's Qualified Staff Member
eligibility ("expired" when before ${asOf}). Needs: the career-ladder rules (seeds.career_ladder_levels) and the
bachelor-level standard of metrics.md, from verified records only. Classroom notes: a room needing a designated QSM
without one, with two at once, or whose designated QSM is not QSM-eligible in the registry (or whose eligibility expired)
on ${asOf}.</p>`;
  return {
    summary: `${rows.length} confirmed staff, ${qsmCount} designated QSM, ${bachelor} bachelor-level qualified`,
    html: page({
      title: "Staff qualifications",
      programLine: programLine(p, asOf),
      asOf,
      body,
      footer: footer(build, at, explain),
    }),
    csv: csvOf(
      STAFF_CSV_COLUMNS,
      rows.map((r) => [
        p.program_id,
        asOf,
        r.person_id,
        r.last_name,
        r.first_name,
        r.spell_role_codes,
        yesNo(r.is_primary_here),
        r.room_assignments,
        yesNo(r.is_designated_qsm),
        r.designated_qsm_rooms,
        r.highest_award_code,
        formatCredits(r.ece_credits),
        r.qualification_level_code,
        r.qualification_route_code,
        r.active_credential_codes,
        r.registry_ladder_level,
        r.computed_ladder_level,
        r.qsm_eligible_through_date,
        r.qsm_eligible_through_date ? yesNo(String(r.qsm_eligible_through_date) < asOf) : "",
        r.next_ladder_level,
        nextLevelNeeds(r),
        r.bachelor_level_gap_code,
        bachelorLevelNeeds(r),
      ]),
    ),
  };
}

const NAEYC_ROLES = ["TEACHER", "ASSISTANT_TEACHER", "DIRECTOR"] as const;
const ROLE_TITLES: Record<string, string> = {
  TEACHER: "Teachers",
  ASSISTANT_TEACHER: "Assistant teachers",
  DIRECTOR: "Program administrator (director)",
};

function standingText(r: Row): string {
  switch (r.primary_role_code) {
    case "TEACHER":
      return r.meets_naeyc_role_criterion
        ? `Meets: ${qualificationText(r).replace(/^(\S+)/, "$1 qualified")}.`
        : "Does not meet: not associate-level qualified.";
    case "ASSISTANT_TEACHER":
      if (r.meets_naeyc_role_criterion) {
        return r.has_current_cda
          ? "Meets: current CDA."
          : `Meets: ${formatCredits(r.ece_credits)} ECE credits.`;
      }
      return `Does not meet: no current CDA and ${formatCredits(r.ece_credits)} ECE credits.`;
    default:
      return r.meets_naeyc_role_criterion
        ? `Meets: ${AWARD_NAMES[r.highest_accredited_award_code as string] ?? ""} and ${formatCredits(r.admin_credits)} administration credits.`
        : `Does not meet: ${r.highest_accredited_award_code ? (AWARD_NAMES[r.highest_accredited_award_code as string] ?? "") : "no accredited degree"}, ${formatCredits(r.admin_credits)} administration credits.`;
  }
}

const NAEYC_CSV_COLUMNS = [
  "program_id",
  "as_of",
  "criterion_code",
  "role_code",
  "registry_id",
  "last_name",
  "first_name",
  "highest_award_code",
  "ece_credits",
  "admin_credits",
  "has_current_cda",
  "qualification_level_code",
  "qualification_route_code",
  "active_credential_codes",
  "meets_role_criterion",
  "standing",
];

function renderNaeyc(
  p: ProgramInfo,
  staff: Row[],
  result: Row | undefined,
  criteria: Row[],
  asOf: string,
  build: string,
  at: string,
): Rendered {
  // NAEYC accredits centre- and school-based programs; a family child care home is not assessed.
  const familyHome = p.setting_code === "FAMILY_CHILD_CARE";
  const assessed = familyHome
    ? []
    : staff.filter(
        (r) =>
          r.is_primary_here && (NAEYC_ROLES as readonly string[]).includes(r.primary_role_code as string),
      );
  const notAssessed = staff.length - assessed.length;
  const count = (role: string, qualified: boolean) =>
    assessed.filter((r) => r.primary_role_code === role && (!qualified || r.meets_naeyc_role_criterion))
      .length;
  const sections = criteria.map((c) => {
    const role = c.role_code as string;
    const members = assessed.filter((r) => r.primary_role_code === role);
    const key = role === "TEACHER" ? "teacher" : role === "ASSISTANT_TEACHER" ? "assistant" : "director";
    const met = result ? result[`meets_${key}_criterion`] === true : false;
    const n = count(role, false);
    const q = count(role, true);
    return html`<section>
<h2>${ROLE_TITLES[role] ?? role}: <span class="${met ? "ok" : "no"}">${met ? "criterion met" : "criterion not met"}</span></h2>
<p>${c.requirement_text as string} Target: ${pct(c.min_share_pct)}. This program: <strong>${q} of ${n}</strong> (${n > 0 ? pct(q / n) : "nobody in this role"}).</p>
${
  members.length === 0
    ? html`<p class="empty">Nobody's primary position here is in this role on ${asOf}; the criterion does not hold.</p>`
    : html`<table><thead><tr><th>Name</th><th>Registry id</th><th>Highest verified award</th><th class="num">ECE credits</th>
<th class="num">Admin credits</th><th>Active credentials</th><th>Standing</th></tr></thead><tbody>
${members.map(
  (r) => html`<tr><td>${personName(r)}</td><td>${r.person_id as string}</td>
<td>${awardCell(r)}</td>
<td class="num">${formatCredits(r.ece_credits)}</td><td class="num">${formatCredits(r.admin_credits)}</td>
<td>${(r.active_credential_codes as string | null) ?? "none"}</td>
<td class="${r.meets_naeyc_role_criterion ? "ok" : "no"}">${standingText(r)}</td></tr>`,
)}
</tbody></table>`
}
</section>`;
  });
  const ready = result?.is_naeyc_ready === true;
  // A program not open on D has no staff to assess, and a family child care home is not assessed:
  // no result, rather than NOT READY.
  const verdict = !p.is_open_on_as_of || familyHome ? "NOT ASSESSED" : ready ? "READY" : "NOT READY";
  // Open, but nobody to assess: most likely the program's staff are not (yet) in the registry.
  const nobody =
    verdict === "NOT READY" && assessed.length === 0
      ? `no confirmed staff member's primary position here is a teacher, assistant teacher or director on ${asOf}; staff must be in the registry, with verified employment here, to count`
      : null;
  const body = html`
<ul class="summary">
<li>Program result: <strong class="${ready ? "ok" : "no"}">${verdict}</strong> ${
    !p.is_open_on_as_of
      ? `(the program is not open on ${asOf}: ${notOpenWhy(p, asOf)})`
      : familyHome
        ? "(a family child care home: NAEYC accredits centre- and school-based programs)"
        : "(all three criteria must hold)"
  }</li>
${familyHome ? "" : html`<li>The next &ldquo;Official OEC NAEYC Staff Report&rdquo; (which stands in for transcripts at accreditation candidacy and renewal) is due <strong>${nextNaeycDueDate(asOf)}</strong></li>`}
<li><strong>${assessed.length}</strong> staff assessed${nobody ? ` (${nobody})` : ""}</li>
</ul>
${
  familyHome
    ? html`<p class="empty">NAEYC's staff-education criteria apply to teachers, assistant teachers and the program
administrator of a centre- or school-based program. Family child care homes are accredited by the National Association
for Family Child Care (NAFCC), whose provider requirements this report does not check; the staff-qualifications report
lists this home's confirmed staff and their verified education.</p>`
    : sections
}
<p>${
    familyHome
      ? ""
      : notAssessed > 0
        ? `${notAssessed} other confirmed staff member${notAssessed === 1 ? " is" : "s are"} not assessed (another role, or their primary position is at another program).`
        : ""
  }</p>`;
  const explain = html`<p>NAEYC readiness is the project's proxy for NAEYC's staff education criteria (metrics.md; criteria
from seeds.naeyc_criteria, which are configurable). Each member is assessed in the role of their primary position (the
position with the most weekly hours), at the program of that position. Verified records only.</p>`;
  return {
    summary: `${verdict}: ${assessed.length} staff assessed${nobody ? ` (${nobody})` : ""}`,
    html: page({
      title: "NAEYC readiness: staff education",
      programLine: programLine(p, asOf),
      asOf,
      body,
      footer: footer(build, at, explain),
    }),
    csv: csvOf(
      NAEYC_CSV_COLUMNS,
      criteria
        .flatMap((c) => assessed.filter((r) => r.primary_role_code === c.role_code))
        .map((r) => [
          p.program_id,
          asOf,
          criteria.find((c) => c.role_code === r.primary_role_code)?.criterion_code,
          r.primary_role_code,
          r.person_id,
          r.last_name,
          r.first_name,
          r.highest_award_code,
          formatCredits(r.ece_credits),
          formatCredits(r.admin_credits),
          yesNo(r.has_current_cda),
          r.qualification_level_code,
          r.qualification_route_code,
          r.active_credential_codes,
          yesNo(r.meets_naeyc_role_criterion),
          standingText(r),
        ]),
    ),
  };
}

const SCHOLARSHIP_CSV_COLUMNS = [
  "program_id",
  "as_of",
  "application_id",
  "registry_id",
  "last_name",
  "first_name",
  "application_subtype_code",
  "fiscal_year",
  "institution_name",
  "requested_usd",
  "submitted_date",
  "status_on_as_of_code",
  "status_date",
  "application_status_code",
  "amount_usd",
  "denial_reason_code",
];

function renderScholarships(p: ProgramInfo, rows: Row[], asOf: string, build: string, at: string): Rendered {
  const apps = [...groupBy(rows, "application_id").values()];
  const body = html`
<ul class="summary">
<li><strong>${apps.length}</strong> scholarship request${apps.length === 1 ? "" : "s"} submitted by ${asOf}</li>
<li><strong>${apps.filter((a) => a[0]!.status_on_as_of_code === "APPROVED" || a.some((e) => e.application_status_code === "APPROVED")).length}</strong> approved at some point</li>
</ul>
${
  apps.length === 0
    ? html`<p class="empty">No scholarship request from this program's confirmed staff by ${asOf}.</p>`
    : html`<table>
<thead><tr><th>Date</th><th>Status</th><th class="num">Amount</th><th>Denial reason</th></tr></thead>
${apps.map((events) => {
  const a = events[0]!;
  return html`<tbody>
<tr class="group"><th colspan="4">${personName(a)} (${a.person_id as string}) · ${a.application_id as string} · ${a.application_subtype_code as string} · FY${String(a.fiscal_year)} · ${(a.institution_name as string | null) ?? "no institution"} · requested ${usd(a.requested_usd)} · status on ${asOf}: ${(a.status_on_as_of_code as string | null) ?? "SUBMITTED"}</th></tr>
${events
  .filter((e) => e.status_date !== null)
  .map(
    (e) => html`<tr><td>${e.status_date as string}</td><td>${e.application_status_code as string}</td>
<td class="num">${usd(e.amount_usd)}</td><td>${(e.denial_reason_code as string | null) ?? ""}</td></tr>`,
  )}
</tbody>`;
})}
</table>`
}`;
  const explain = html`<p>Scholarship requests by this program's staff: requests that name this program as the employer
from members whose employment here, on the day of the request, is verified on ${asOf} (scholarships require confirmed
employment), submitted on or before ${asOf}, with every status change on or before that date.</p>`;
  return {
    summary: `${apps.length} scholarship request${apps.length === 1 ? "" : "s"}`,
    html: page({
      title: "Scholarship requests and their status history",
      programLine: programLine(p, asOf),
      asOf,
      body,
      footer: footer(build, at, explain),
    }),
    csv: csvOf(
      SCHOLARSHIP_CSV_COLUMNS,
      rows.map((r) => [
        p.program_id,
        asOf,
        r.application_id,
        r.person_id,
        r.last_name,
        r.first_name,
        r.application_subtype_code,
        r.fiscal_year,
        r.institution_name,
        r.requested_usd === null ? null : Number(r.requested_usd).toFixed(2),
        r.submitted_date,
        r.status_on_as_of_code ?? "SUBMITTED",
        r.status_date,
        r.application_status_code,
        r.amount_usd === null ? null : Number(r.amount_usd).toFixed(2),
        r.denial_reason_code,
      ]),
    ),
  };
}

const KIND_TITLES: Record<ReportKind, string> = {
  "staff-qualifications": "Staff qualifications",
  naeyc: "NAEYC readiness: staff education",
  scholarships: "Scholarship requests and their status history",
};

/** The --all index: every program's report, linked, with its headline. */
function renderIndex(
  kind: ReportKind,
  programs: ProgramInfo[],
  rendered: Map<string, Rendered>,
  asOf: string,
  build: string,
  at: string,
): string {
  const body = html`<p>${programs.length} programs open on ${asOf}: one report each (HTML to print, CSV beside it).</p>
<table><thead><tr><th>Program</th><th>Name</th><th>Town</th><th>Setting</th><th>Report</th></tr></thead><tbody>
${programs.map(
  (p) => html`<tr><td><a href="${`./${p.program_id}.html`}">${p.program_id}</a></td><td>${p.program_name}</td>
<td>${p.town_name}</td><td>${p.setting_code}</td><td>${rendered.get(p.program_id)?.summary ?? ""}</td></tr>`,
)}
</tbody></table>`;
  return page({
    title: `${KIND_TITLES[kind]}: every program`,
    programLine: html`All programs open on the as-of date`,
    asOf,
    body,
    footer: footer(build, at),
  });
}

// ---- the command --------------------------------------------------------------------------------

async function resolveAsOf(con: DuckDBConnection, asOf: string | undefined): Promise<string> {
  const d = asOf ?? (await latestAsOf(con));
  if (!d) throw usageError("the build has no loaded extract: pass --as-of", "report");
  const problem = await snapshotDateProblem(con, d, "--as-of ");
  if (problem) throw usageError(`${problem} (the latest is the default)`, "report");
  return d;
}

/** Check a program id; an unknown one fails with the nearest ids as a did-you-mean. */
async function checkProgram(con: DuckDBConnection, id: string): Promise<void> {
  if (!PROGRAM_ID_PATTERN.test(id)) {
    const digits = id.replace(/\D/g, "");
    const guess =
      digits.length > 0 && digits.length <= 6 && /^[pP]?\d+$/.test(id.trim())
        ? ` (did you mean P${digits.padStart(6, "0")}?)`
        : "";
    throw usageError(
      `--program ${JSON.stringify(id)} is not a program id: P followed by 6 digits${guess}`,
      "report",
    );
  }
  const found = await query(con, "select 1 from staging.stg_programs where program_id = $id", { id });
  if (found.length > 0) return;
  const near = await query(
    con,
    `select program_id from staging.stg_programs
     where levenshtein(program_id, $id) <= 2
     order by levenshtein(program_id, $id), abs(cast(substr(program_id, 2) as integer) - cast(substr($id, 2) as integer)), program_id
     limit 3`,
    { id },
  );
  const range = await query(
    con,
    "select count(*)::integer as n, min(program_id) as first, max(program_id) as last from staging.stg_programs",
    {},
  );
  throw new WorkforceError(
    "unknown_program",
    {
      program: id,
      suggestion: near.length ? `; did you mean ${near.map((r) => r.program_id).join(", ")}?` : "",
      count: range[0]?.n ?? 0,
      first: range[0]?.first ?? "none",
      last: range[0]?.last ?? "none",
    },
    EXIT.dataFailure,
  );
}

export async function runReports(opts: ReportOptions): Promise<ReportResult> {
  const started = performance.now();
  if (!REPORT_KINDS.includes(opts.kind)) {
    throw usageError(
      `unknown report kind ${JSON.stringify(opts.kind)}: one of ${REPORT_KINDS.join(", ")}`,
      "report",
    );
  }
  if (Boolean(opts.program) === Boolean(opts.all)) {
    throw usageError("give either --program P000123 or --all", "report");
  }
  const layout = dataLayout(opts.dataDir);
  assertOutsideSite(layout.reports, layout.published);
  if (isDanglingLink(layout.reports)) {
    throw usageError(
      `the reports folder ${layout.reports} is a link to ${readlinkSync(layout.reports)}, which does not exist: create that folder or remove the link`,
      "report",
    );
  }
  const buildFile = buildPaths(layout.root).current;
  if (!existsSync(buildFile)) throw new WorkforceError("no_build", { path: buildFile }, EXIT.usage);
  const db = await openBuildReadOnly(buildFile);
  try {
    const con = db.con;
    const asOf = await resolveAsOf(con, opts.asOf);
    const single = Boolean(opts.program);
    if (single) await checkProgram(con, opts.program!);
    const params: Record<string, string> = { as_of: asOf, ...(single ? { program_id: opts.program! } : {}) };

    let programs = (await query(
      con,
      withProgramFilter(PROGRAMS_SQL, single),
      params,
    )) as unknown as ProgramInfo[];
    if (!single) programs = programs.filter((p) => p.is_open_on_as_of);

    const at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    const rendered = new Map<string, Rendered>();
    if (opts.kind === "staff-qualifications" || opts.kind === "naeyc") {
      const staff = byProgram(await query(con, withProgramFilter(STAFF_SQL, single), params));
      if (opts.kind === "staff-qualifications") {
        const rooms = byProgram(await query(con, withProgramFilter(ROOMS_SQL, single), params));
        for (const p of programs) {
          rendered.set(
            p.program_id,
            renderStaff(p, staff.get(p.program_id) ?? [], rooms.get(p.program_id) ?? [], asOf, buildFile, at),
          );
        }
      } else {
        const criteria = await query(con, NAEYC_CRITERIA_SQL, {});
        const results = byProgram(await query(con, withProgramFilter(NAEYC_PROGRAM_SQL, single), params));
        for (const p of programs) {
          rendered.set(
            p.program_id,
            renderNaeyc(
              p,
              staff.get(p.program_id) ?? [],
              results.get(p.program_id)?.[0],
              criteria,
              asOf,
              buildFile,
              at,
            ),
          );
        }
      }
    } else {
      const apps = byProgram(await query(con, withProgramFilter(SCHOLARSHIPS_SQL, single), params));
      for (const p of programs) {
        rendered.set(p.program_id, renderScholarships(p, apps.get(p.program_id) ?? [], asOf, buildFile, at));
      }
    }

    const folder = join(layout.reports, asOf, opts.kind);
    mkdirSync(folder, { recursive: true });
    const files: string[] = [];
    for (const [id, r] of rendered) {
      const base = join(folder, id);
      writeFileSync(`${base}.html`, r.html);
      writeFileSync(`${base}.csv`, r.csv);
      files.push(`${base}.html`, `${base}.csv`);
    }
    if (!single) {
      const index = join(folder, "index.html");
      writeFileSync(index, renderIndex(opts.kind, programs, rendered, asOf, buildFile, at));
      files.push(index);
    }
    return {
      kind: opts.kind,
      as_of: asOf,
      build: buildFile,
      folder,
      programs: rendered.size,
      files,
      seconds: Math.round((performance.now() - started) / 10) / 100,
      ...(single && rendered.size === 1 ? { summary: [...rendered.values()][0]!.summary } : {}),
    };
  } finally {
    db.close();
  }
}

/** The `report` verb. */
export async function reportCommand(opts: ReportOptions): Promise<number> {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const r = await runReports(opts);
  stderr.write(
    `Read-only from the restricted warehouse build ${r.build}. Restricted output: the reports name staff; keep them out of the public site.\n`,
  );
  if (opts.json) {
    stdout.write(`${JSON.stringify({ ...r, files: r.programs <= 10 ? r.files : undefined }, null, 2)}\n`);
  } else if (r.programs === 1) {
    stdout.write(
      `${opts.kind} report as of ${r.as_of}${r.summary ? ` (${r.summary})` : ""}:\n  ${r.files.join("\n  ")}\n`,
    );
  } else {
    stdout.write(
      `${opts.kind} reports as of ${r.as_of}: ${r.programs} programs (HTML and CSV) in ${r.folder} (${r.seconds} s)\n`,
    );
  }
  return EXIT.ok;
}
