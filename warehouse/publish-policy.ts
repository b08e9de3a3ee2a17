/**
 * What may leave the restricted zone for the analyst copy, decided column by column from the code's
 * own metadata, not from a hand-kept list of tables:
 *
 * 1. The extract contract (`ingest/sources/*.ts`) says which source columns are personal data
 *    (`pii: true`: names, email, birth date), which are free text (`text` columns), and which hold
 *    a registry id (`id` columns in the registry id format CT + 7 digits).
 * 2. Every column of every marts and reporting model (its name, and its description in the model
 *    metadata, i.e. the data dictionary) is matched against those:
 *    - a registry id (the name of a registry-id source column, a name ending in `person_id` or
 *      `registry_id`, or a description that calls it a registry id) is pseudonymised (pseudonym.ts);
 *    - personal data (the name, or the name without its type suffix, of a `pii` source column, or a
 *      name that says first/last name, email or birth date) must be dropped;
 *    - free text (the name, or the stem, of a `text` source column) must be dropped or explicitly kept.
 *    Personal data and free text need a decision in PUBLISH_DECISIONS: a column found without one
 *    fails the publication (`publish_unclassified_column`), so a new model cannot leak by default.
 * 3. After the copy is written, publish.ts scans every value (`publish_leak`): no text value may look
 *    like a registry id or equal a name, email or birth date of the extract, and no date may equal
 *    the birth date of the person on the same row.
 */

import { ID_FORMATS } from "../ingest/sources/codes.ts";
import type { ColumnSpec } from "../ingest/sources/contract.ts";
import { SOURCES } from "../ingest/sources/index.ts";
import type { Project } from "../transforms/project.ts";

export type ColumnAction = "keep" | "pseudonymise" | "drop";

export interface Decision {
  action: "keep" | "drop";
  reason: string;
}

/**
 * Decisions for columns that are personal data or free text, by column name (any published table)
 * or `schema.table.column` (one table; wins over the name).
 */
export const PUBLISH_DECISIONS: Record<string, Decision> = {
  institution_name: {
    action: "drop",
    reason: "free text typed by members; a rare or foreign institution can single a person out",
  },
  course_title: { action: "drop", reason: "free text typed by members" },
  course_code: { action: "keep", reason: "a catalogue code such as ECE 101, needed to audit ECE credits" },
  grade_code: { action: "keep", reason: "a letter grade or P from a short list, not free text" },
  room_name: { action: "drop", reason: "free text given by programs; not needed (classroom_id is the key)" },
  program_name: {
    action: "drop",
    reason: "family child care homes are named after their provider, a person (program_id is the key)",
  },
  license_number: {
    action: "drop",
    reason: "identifies a family child care provider through the public licensing lookup",
  },
};

const REGISTRY_ID = ID_FORMATS.registry_id;
/** A text value that is a registry id. */
export const REGISTRY_ID_PATTERN = `^${REGISTRY_ID.prefix}[0-9]{${REGISTRY_ID.digits}}$`;

const TYPE_SUFFIX = /_(name|code|date|text|title|number|address|value|id)$/;
const PII_NAME =
  /^([a-z]+_)?(first|last|middle|given|full|maiden|preferred|sur)_?name$|e_?mail|birth_?date|date_of_birth|(^|_)dob$|(^|_)ssn$|phone/;
const REGISTRY_ID_DESCRIPTION = /\bregistry (member )?id\b/i;

export interface ContractClasses {
  pii: Map<string, string>;
  freeText: Map<string, string>;
  registryId: Map<string, string>;
}

/** The contract's personal-data, free-text and registry-id column names, each with where it comes from. */
export function contractClasses(sources = SOURCES): ContractClasses {
  const pii = new Map<string, string>();
  const freeText = new Map<string, string>();
  const registryId = new Map<string, string>();
  for (const s of sources) {
    for (const col of s.columns as readonly ColumnSpec[]) {
      const where = `${s.name}.${col.name}`;
      if (col.pii) pii.set(col.name, where);
      else if (col.type.kind === "text") freeText.set(col.name, where);
      if (
        col.type.kind === "id" &&
        col.type.prefix === REGISTRY_ID.prefix &&
        col.type.digits === REGISTRY_ID.digits
      )
        registryId.set(col.name, where);
    }
  }
  return { pii, freeText, registryId };
}

export interface ColumnPlan {
  column: string;
  action: ColumnAction;
  /** Why: the rule and evidence behind the action. */
  reason: string;
}

export interface TablePlan {
  /** `schema.table` */
  table: string;
  description: string;
  columns: ColumnPlan[];
  descriptions: Record<string, string>;
}

export interface Unclassified {
  table: string;
  column: string;
  kind: "personal data" | "free text";
  evidence: string;
}

function stem(name: string): string {
  return name.replace(TYPE_SUFFIX, "");
}

/** Classify one column of a published table. */
export function classifyColumn(
  table: string,
  column: string,
  description: string,
  classes: ContractClasses,
  decisions: Record<string, Decision> = PUBLISH_DECISIONS,
): ColumnPlan | Unclassified {
  const s = stem(column);
  const idSource = classes.registryId.get(column) ?? classes.registryId.get(s);
  if (idSource || /(^|_)(person|registry)_id$/.test(column) || REGISTRY_ID_DESCRIPTION.test(description)) {
    return {
      column,
      action: "pseudonymise",
      reason: idSource
        ? `registry id (like contract column ${idSource})`
        : /(person|registry)_id$/.test(column)
          ? "registry id (a *person_id / *registry_id column)"
          : "registry id (its description says so)",
    };
  }
  const decision = decisions[`${table}.${column}`] ?? decisions[column];
  const piiSource = classes.pii.get(column) ?? classes.pii.get(s);
  if (piiSource || PII_NAME.test(column)) {
    const evidence = piiSource ? `contract column ${piiSource} is marked pii` : "its name says so";
    if (decision?.action === "drop") return { column, action: "drop", reason: decision.reason };
    return { table, column, kind: "personal data", evidence };
  }
  const textSource = classes.freeText.get(column) ?? classes.freeText.get(s);
  if (textSource) {
    if (decision) return { column, action: decision.action, reason: decision.reason };
    return { table, column, kind: "free text", evidence: `contract column ${textSource} is free text` };
  }
  return { column, action: "keep", reason: "no personal data" };
}

export function isUnclassified(x: ColumnPlan | Unclassified): x is Unclassified {
  return "kind" in x;
}

/**
 * The plan for every marts and reporting model, in build order. `columnsOf` gives the columns the
 * build actually has (a column without a description is still classified by its name).
 */
export function publishPlan(
  project: Project,
  columnsOf: (table: string) => string[] | undefined,
  decisions: Record<string, Decision> = PUBLISH_DECISIONS,
  classes = contractClasses(),
): { tables: TablePlan[]; unclassified: Unclassified[] } {
  const tables: TablePlan[] = [];
  const unclassified: Unclassified[] = [];
  for (const name of project.order) {
    const m = project.models.get(name)!;
    if (m.layer !== "marts" && m.layer !== "reporting") continue;
    const actual = columnsOf(name);
    if (!actual) continue;
    const plan: TablePlan = { table: name, description: m.meta.description, columns: [], descriptions: {} };
    for (const column of actual) {
      const description = m.meta.columns[column] ?? "";
      const c = classifyColumn(name, column, description, classes, decisions);
      if (isUnclassified(c)) unclassified.push(c);
      else {
        plan.columns.push(c);
        if (description) plan.descriptions[column] = description;
      }
    }
    tables.push(plan);
  }
  return { tables, unclassified };
}
