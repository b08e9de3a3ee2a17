/** Small hand-checked extracts for ingest tests: a valid base record per source and a folder writer. */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { SOURCES } from "../../ingest/sources/index.ts";

export type Row = Record<string, string>;

/** One valid record per source; ids are numbered with `n`. */
export function base(source: string, n = 1): Row {
  const id = (prefix: string, digits: number) => `${prefix}${String(n).padStart(digits, "0")}`;
  switch (source) {
    case "people":
      return {
        registry_id: id("CT", 7),
        first_name: "Ana",
        last_name: "Lopez",
        birth_date: "1980-05-01",
        email: "",
        home_town: "Hartford",
        home_state: "CT",
        gender: "F",
        race_ethnicity: "HISPANIC",
        primary_language: "SPANISH",
        joined_on: "2015-03-01",
        member_status: "ACTIVE",
        merged_into: "",
        updated_at: "2025-01-02T03:04:05Z",
      };
    case "programs":
      return {
        program_id: id("P", 6),
        program_name: "Little Acorns",
        license_number: "DCCC.123",
        program_type: "CENTER",
        setting: "COMMUNITY",
        auspice: "NONPROFIT",
        town: "Hartford",
        zip: "06106",
        licensed_capacity: "40",
        serves_infant_toddler: "Y",
        serves_preschool: "Y",
        serves_school_age: "N",
        naeyc_accredited_through: "",
        opened_on: "2001-09-01",
        closed_on: "",
        updated_at: "2025-01-02T03:04:05Z",
      };
    case "program_funding":
      return {
        program_id: "P000001",
        funding_source: "C4K",
        fiscal_year: String(2020 + n),
        funded_spaces: "",
        award_usd: "",
      };
    case "classrooms":
      return {
        classroom_id: id("R", 7),
        program_id: "P000001",
        room_name: "Room 1",
        age_group: "PRESCHOOL",
        opened_on: "2002-01-01",
        closed_on: "",
        updated_at: "2025-01-02T03:04:05Z",
      };
    case "classroom_staffing":
      return {
        assignment_id: id("A", 8),
        classroom_id: "R0000001",
        registry_id: "CT0000001",
        assignment_role: "TEACHER",
        start_date: "2020-01-01",
        end_date: "",
        updated_at: "2025-01-02T03:04:05Z",
      };
    case "employment":
      return {
        employment_id: id("E", 8),
        registry_id: "CT0000001",
        program_id: "P000001",
        role: "TEACHER",
        age_group_served: "PRESCHOOL",
        start_date: "2019-08-15",
        end_date: "",
        updated_at: "2025-01-02T03:04:05Z",
      };
    case "compensation":
      return {
        compensation_id: id("W", 9),
        employment_id: "E00000001",
        effective_date: "2024-07-01",
        pay_rate: "18.50",
        pay_unit: "HOUR",
        hours_per_week: "40",
        weeks_per_year: "52",
        has_health_insurance: "Y",
        has_retirement_plan: "N",
        reported_by: "PROGRAM",
      };
    case "education":
      return {
        education_id: id("D", 8),
        registry_id: "CT0000001",
        award_level: "ASSOCIATE",
        field: "EARLY_CHILDHOOD",
        ece_concentration: "Y",
        institution: "Capital CC",
        regionally_accredited: "Y",
        awarded_on: "2010-05-20",
        expires_on: "",
        reported_on: "2015-03-02",
      };
    case "coursework":
      return {
        course_record_id: id("C", 9),
        registry_id: "CT0000001",
        institution: "Capital CC",
        course_code: "ECE 101",
        course_title: "Intro to ECE",
        credits: "3",
        credit_area: "EARLY_CHILDHOOD",
        completed_on: "2009-12-15",
        grade: "A",
        reported_on: "2015-03-02",
      };
    case "credentials":
      return {
        credential_id: id("K", 8),
        registry_id: "CT0000001",
        credential_type: "ECTC_ASSOCIATE",
        endorsement: "PRESCHOOL",
        issued_on: "2018-01-01",
        expires_on: "2028-01-01",
        status: "ACTIVE",
      };
    case "training":
      return {
        training_record_id: id("T", 9),
        registry_id: "CT0000001",
        title: "Safe sleep",
        topic_area: "HEALTH_SAFETY",
        hours: "2",
        completed_on: "2023-04-01",
        trainer_registry_id: "",
        reported_on: "2023-04-02",
      };
    case "career_ladder":
      return {
        registry_id: "CT0000001",
        level: "5",
        effective_on: `20${String(10 + n)}-01-01`,
        qsm_eligible_through: "",
      };
    case "applications":
      return {
        application_id: id("AP", 8),
        registry_id: "CT0000001",
        application_type: "SCHOLARSHIP",
        application_subtype: "DEGREE_COURSEWORK",
        program_id: "P000001",
        submitted_on: "2024-09-01",
        fiscal_year: "2025",
        institution: "Capital CC",
        requested_usd: "1200.00",
      };
    case "application_events":
      return {
        event_id: id("AE", 9),
        application_id: "AP00000001",
        status: "SUBMITTED",
        status_on: "2024-09-01",
        amount_usd: "",
        reason_code: "",
      };
    case "verifications":
      return {
        verification_id: id("V", 9),
        record_type: "EDUCATION",
        record_id: "D00000001",
        outcome: "VERIFIED",
        verified_on: "2015-04-01",
        verified_by: "REGISTRY_STAFF",
        document_type: "TRANSCRIPT",
      };
    case "deletions":
      return { entity: "training", record_id: "T000000001", deleted_at: "2025-06-01T00:00:00Z" };
    default:
      throw new Error(source);
  }
}

export function columnsOf(source: string): string[] {
  const s = SOURCES.find((x) => x.name === source);
  if (!s) throw new Error(source);
  return s.columns.map((c) => c.name);
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
export const field = (v: string) => (NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** CSV text of records (header = contract columns unless given). */
export function csv(
  source: string,
  records: Row[],
  header: string[] = columnsOf(source),
  eol = "\n",
): string {
  const lines = [header.map(field).join(",")];
  for (const r of records) lines.push(header.map((h) => field(r[h] ?? "")).join(","));
  return `${lines.join(eol)}${eol}`;
}

export function countRecords(content: Buffer | string): number {
  const text = Buffer.isBuffer(content) ? content.toString("utf8") : content;
  if (text.replace(/^\uFEFF/, "").trim() === "") return 0;
  const parsed = parse(text, {
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    record_delimiter: ["\r\n", "\n"],
  });
  return Math.max(0, (parsed as unknown[]).length - 1);
}

export interface FileSpec {
  content: string | Buffer;
  /** Override the manifest's record count / sha256 (defects). */
  rows?: number;
  sha256?: string;
  /** Listed in the manifest but not written. */
  absent?: boolean;
  /** Written but not listed. */
  unlisted?: boolean;
}

export interface ExtractSpec {
  as_of: string;
  kind?: "full" | "delta";
  since?: string | null;
  extract_id?: string;
  files: Record<string, FileSpec | string | Buffer>;
}

export function tempDir(prefix = "ingest-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write `registry-extract-<as_of>/` with its files and manifest into `inbox`; returns the extract id. */
export function writeExtract(inbox: string, spec: ExtractSpec): string {
  const kind = spec.kind ?? "full";
  const id = spec.extract_id ?? `CTREG-${spec.as_of}-${kind.toUpperCase()}`;
  const dir = join(inbox, `registry-extract-${spec.as_of}`);
  mkdirSync(dir, { recursive: true });
  const files: { name: string; rows: number; sha256: string }[] = [];
  for (const [name, f0] of Object.entries(spec.files)) {
    const f: FileSpec = typeof f0 === "string" || Buffer.isBuffer(f0) ? { content: f0 } : f0;
    const bytes = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, "utf8");
    if (!f.absent) writeFileSync(join(dir, name), bytes);
    if (f.unlisted) continue;
    files.push({
      name,
      rows: f.rows ?? countRecords(bytes),
      sha256: f.sha256 ?? createHash("sha256").update(bytes).digest("hex"),
    });
  }
  const manifest = {
    spec_version: "1",
    extract_id: id,
    kind,
    as_of: spec.as_of,
    since: spec.since ?? null,
    files,
  };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return id;
}

/** A complete, valid full extract: one record of every source (deletions excluded). */
export function validFull(overrides: Partial<Record<string, Row[]>> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of SOURCES) {
    if (s.name === "deletions") continue;
    out[s.file] = csv(s.name, overrides[s.name] ?? [base(s.name)]);
  }
  return out;
}
