/**
 * Every reference a record makes to another record, derived from the contract: columns with
 * `references`, verifications' record_id (by record_type) and deletions' record_id (by entity).
 */
import type { VERIFIED_RECORD_IDS } from "./sources/codes.ts";
import type { SourceSpec } from "./sources/contract.ts";
import { DELETABLE_ENTITIES } from "./sources/deletions.ts";
import { SOURCE_BY_NAME } from "./sources/index.ts";

export interface RefCheck {
  /** The column holding the reference. */
  column: string;
  /** Parent source and its key column. */
  target: string;
  targetColumn: string;
  /** SQL condition (over the child's columns) restricting which rows this check applies to. */
  when: string | null;
  /** Whether a record whose referenced record is set aside in the same extract loads anyway. */
  whenParentSetAside: "load" | "set_aside";
  /** The same condition as column = value (record_type, entity), to check all targets in one join. */
  discriminator?: { column: string; value: string };
}

const RECORD_TYPE_TARGETS: Record<keyof typeof VERIFIED_RECORD_IDS, string> = {
  EDUCATION: "education",
  COURSEWORK: "coursework",
  TRAINING: "training",
  EMPLOYMENT: "employment",
  CREDENTIAL: "credentials",
};

function keyColumn(sourceName: string): string {
  const s = SOURCE_BY_NAME.get(sourceName);
  if (s?.key.length !== 1) throw new Error(`${sourceName} has no single-column key`);
  return s.key[0]!;
}

/** The reference checks of a source, in column order. */
export function referenceChecks(source: SourceSpec): RefCheck[] {
  const checks: RefCheck[] = [];
  for (const column of source.columns) {
    if (column.references) {
      checks.push({
        column: column.name,
        target: column.references.source,
        targetColumn: column.references.column,
        when: null,
        whenParentSetAside: column.references.whenParentSetAside ?? "set_aside",
      });
    }
  }
  if (source.name === "verifications") {
    for (const [type, target] of Object.entries(RECORD_TYPE_TARGETS)) {
      checks.push({
        column: "record_id",
        target,
        targetColumn: keyColumn(target),
        when: `record_type = '${type}'`,
        whenParentSetAside: "set_aside",
        discriminator: { column: "record_type", value: type },
      });
    }
  }
  if (source.name === "deletions") {
    for (const entity of DELETABLE_ENTITIES) {
      checks.push({
        column: "record_id",
        target: entity,
        targetColumn: keyColumn(entity),
        when: `entity = '${entity}'`,
        // Deleting a record that was set aside (never loaded) ends nothing: the deletion loads.
        whenParentSetAside: "load",
        discriminator: { column: "entity", value: entity },
      });
    }
  }
  return checks;
}
