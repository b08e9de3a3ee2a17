/** What the simulator's generators hand to the extract router. */
import { ID_FORMATS } from "../ingest/sources/codes.ts";

export type Values = Record<string, string>;

export interface Version {
  /** Day number (days since 1970-01-01) on which this version becomes visible in extracts. */
  visible: number;
  values: Values;
}

export interface Emitter {
  /** An entity record with its versions in visibility order; `deletedOn` for deltas' deletions.csv. */
  entity(file: string, key: string, versions: Version[], deletedOn?: number): void;
  /** An append-only event, visible from a day. */
  event(file: string, visible: number, values: Values): void;
}

/** Sequential identifiers per id kind (deterministic for a given generation order). */
export class Ids {
  private readonly next = new Map<string, number>();
  /** Reserved identifiers taken, per kind. */
  private reservedTaken = new Map<string, number>();
  take(kind: keyof typeof ID_FORMATS): string {
    const n = (this.next.get(kind) ?? 0) + 1;
    this.next.set(kind, n);
    const f = ID_FORMATS[kind];
    return `${f.prefix}${String(n).padStart(f.digits, "0")}`;
  }
  /**
   * An identifier from the top of the range, never used by a real record (for injected defects).
   * The range holds 10^(digits-1) - 1 of them; one more would not have the id format.
   */
  reserved(kind: keyof typeof ID_FORMATS): string {
    const n = (this.reservedTaken.get(kind) ?? 0) + 1;
    const f = ID_FORMATS[kind];
    if (String(n).length > f.digits - 1) {
      throw new Error(`the reserved ${kind} range (${f.prefix}9...) is used up: ${n - 1} ids taken`);
    }
    this.reservedTaken.set(kind, n);
    return `${f.prefix}9${String(n).padStart(f.digits - 1, "0")}`;
  }
  /** The reserved ids taken so far, to give back those of a defect that was not made (`restore`). */
  mark(): ReadonlyMap<string, number> {
    return new Map(this.reservedTaken);
  }
  restore(mark: ReadonlyMap<string, number>): void {
    this.reservedTaken = new Map(mark);
  }
}

export function timestamp(day: string, secondOfDay: number): string {
  const s = Math.max(0, Math.min(86399, Math.floor(secondOfDay)));
  const hh = String(Math.floor(s / 3600)).padStart(2, "0");
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${day}T${hh}:${mm}:${ss}Z`;
}

export function money(v: number): string {
  return (Math.round(v * 100) / 100).toFixed(2);
}
