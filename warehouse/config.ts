/** Where the product keeps its data: one data directory with a fixed layout. */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

export const DATA_DIR_ENV = "WORKFORCE_DATA_DIR";

export interface DataLayout {
  root: string;
  /** Registry extracts are dropped here (a folder per extract). */
  inbox: string;
  /** The restricted warehouse: raw rows, PII, quarantine. Only the pipeline opens it. */
  warehouse: string;
  /** The analyst copy (pseudonymised) and the public site's data. */
  published: string;
  /** Restricted program reports (never part of the public site). */
  reports: string;
  logs: string;
}

export function dataLayout(dataDir?: string): DataLayout {
  const root = resolve(dataDir ?? process.env[DATA_DIR_ENV] ?? "data");
  return {
    root,
    inbox: join(root, "inbox"),
    warehouse: join(root, "warehouse"),
    published: join(root, "published"),
    reports: join(root, "reports"),
    logs: join(root, "logs"),
  };
}

export function ensureLayout(layout: DataLayout): DataLayout {
  for (const dir of [layout.inbox, layout.warehouse, layout.published, layout.reports, layout.logs]) {
    mkdirSync(dir, { recursive: true });
  }
  return layout;
}
