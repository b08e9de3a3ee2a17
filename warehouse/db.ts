/**
 * Opening the restricted warehouse (`<data-dir>/warehouse/warehouse.duckdb`).
 *
 * - One writer at a time: `openWriter` takes an exclusive cross-process lock on the warehouse folder
 *   (proper-lockfile, a `writer.lock` directory refreshed while held) before DuckDB opens the file.
 *   A held lock is a `lock_held` WorkforceError with exit code 3. A lock left by a process that died
 *   (SIGKILL, power loss) is taken over at once when its owner pid no longer runs on this host, and
 *   otherwise expires after `LOCK_STALE_MS`.
 * - Readers: `openReadOnly` opens the file with `access_mode = READ_ONLY` (it fails while another
 *   process holds the file for writing: DuckDB's own rule).
 * - `close()` disconnects the connection and closes the instance (and releases the lock).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import lockfile from "proper-lockfile";
import { EXIT, WorkforceError } from "./errors.ts";
import { processIsAlive } from "./process-alive.ts";

export const LOCK_STALE_MS = 30_000;

/** The storage format a database file was created with (DuckDB's tag, e.g. `v1.3.0+`). */
export async function storageVersionOf(path: string): Promise<string | null> {
  const instance = await DuckDBInstance.create(":memory:");
  const con = await instance.connect();
  try {
    await con.run(`attach ${lit(path)} as f (read_only)`);
    const rows = (
      await con.runAndReadAll("select tags from duckdb_databases() where database_name = 'f'")
    ).getRowObjectsJson() as { tags: { key: string; value: string }[] }[];
    return rows[0]?.tags.find((t) => t.key === "storage_version")?.value ?? null;
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

export interface WarehousePaths {
  dir: string;
  file: string;
  lock: string;
  owner: string;
}

export function warehousePaths(dataDir: string): WarehousePaths {
  const dir = join(dataDir, "warehouse");
  return {
    dir,
    file: join(dir, "warehouse.duckdb"),
    lock: join(dir, "writer.lock"),
    owner: join(dir, "writer.owner.json"),
  };
}

export interface Db {
  instance: DuckDBInstance;
  con: DuckDBConnection;
  path: string;
  readOnly: boolean;
  close(): Promise<void>;
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function readOwner(path: string): LockOwner | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

/** Take the writer lock; returns its release function. */
export async function acquireWriterLock(dataDir: string): Promise<() => Promise<void>> {
  const p = warehousePaths(dataDir);
  mkdirSync(p.dir, { recursive: true });
  const opts = { lockfilePath: p.lock, stale: LOCK_STALE_MS, realpath: false };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(p.dir, opts);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ELOCKED") throw e;
    const owner = readOwner(p.owner);
    if (owner && owner.host === hostname() && !processIsAlive(owner.pid)) {
      // The previous writer died without releasing: take the lock over.
      rmSync(p.lock, { recursive: true, force: true });
      rmSync(p.owner, { force: true });
      return acquireWriterLock(dataDir);
    }
    throw new WorkforceError(
      "lock_held",
      {
        path: p.dir,
        pid: owner?.pid ?? "unknown",
        since: owner?.since ?? "unknown",
        stale: `${LOCK_STALE_MS / 1000} s`,
      },
      EXIT.locked,
    );
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(p.owner, `${JSON.stringify(owner)}\n`);
  return async () => {
    rmSync(p.owner, { force: true });
    await release();
  };
}

async function open(path: string, options: Record<string, string>, readOnly: boolean): Promise<Db> {
  const instance = await DuckDBInstance.create(path, options);
  const con = await instance.connect();
  let closed = false;
  return {
    instance,
    con,
    path,
    readOnly,
    async close() {
      if (closed) return;
      closed = true;
      con.closeSync();
      instance.closeSync();
    },
  };
}

/** Open the warehouse for writing, holding the writer lock until `close()`. */
export async function openWriter(dataDir: string): Promise<Db> {
  const p = warehousePaths(dataDir);
  const release = await acquireWriterLock(dataDir);
  let db: Db;
  try {
    db = await open(p.file, {}, false);
  } catch (e) {
    await release();
    throw e;
  }
  const closeDb = db.close;
  db.close = async () => {
    try {
      await closeDb();
    } finally {
      await release();
    }
  };
  return db;
}

/** Open the warehouse read-only; null when it does not exist yet. */
export async function openReadOnly(dataDir: string): Promise<Db | null> {
  const p = warehousePaths(dataDir);
  if (!existsSync(p.file)) return null;
  return open(p.file, { access_mode: "READ_ONLY" }, true);
}

/** Run `fn` with a read-only warehouse, closing it afterwards; `fn` gets null when there is none. */
export async function withReadOnly<T>(dataDir: string, fn: (db: Db | null) => Promise<T>): Promise<T> {
  const db = await openReadOnly(dataDir);
  try {
    return await fn(db);
  } finally {
    await db?.close();
  }
}

/** Quote an SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quote an SQL string literal. */
export function lit(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
