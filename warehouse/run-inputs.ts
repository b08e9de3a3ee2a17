/**
 * What a published version was made from, as one fingerprint: the newest loaded extract, the code
 * that built and published it (ingest/, transforms/ with its seeds, warehouse/, dashboards/, the
 * site config and the locked library versions, another site builder if one is set), and the
 * pseudonym key. `workforce run` compares it with the current version's and, when nothing new was
 * loaded and nothing else changed, keeps that version instead of writing an identical one (which
 * would also push an older, different version out of the retained ones).
 *
 * The fingerprint is an HMAC under the pseudonym key, so that it changes with the key without
 * saying anything about it (the manifest sits beside the analyst copy).
 */
import { createHash, createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { pseudonymKey } from "./pseudonym.ts";
import { SITE_SCRIPT_ENV } from "./site-step.ts";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CODE_DIRS = ["ingest", "transforms", "warehouse", "dashboards"];
const CODE_FILES = ["observablehq.config.ts", "package-lock.json"];

function walk(dir: string, out: string[]): void {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    // Caches and build output (.observablehq/cache, dist) are made from the code, not part of it.
    if (e.name.startsWith(".") || e.name === "dist" || e.name === "node_modules") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** sha256 over the relative path and bytes of every code file, in path order. */
export function codeFingerprint(root = ROOT): string {
  const files: string[] = [];
  for (const d of CODE_DIRS) walk(join(root, d), files);
  for (const f of CODE_FILES) files.push(join(root, f));
  const h = createHash("sha256");
  for (const f of files.map((p) => relative(root, p)).sort()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(root, f));
    } catch {
      continue;
    }
    h.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest("hex");
}

/** The fingerprint of a publication of `extractId` by this code under the environment's key. */
export function runInputs(extractId: string, env: NodeJS.ProcessEnv = process.env, root = ROOT): string {
  const key = pseudonymKey(env);
  return createHmac("sha256", key.key)
    .update(
      `workforce run inputs v1\0${extractId}\0${codeFingerprint(root)}\0${key.kind}\0${env[SITE_SCRIPT_ENV] ?? ""}`,
    )
    .digest("hex");
}
