/**
 * `workforce docs`: documentation generated from the code, so it cannot drift from it: the
 * reason-code catalogue and the data dictionary (contract, reference tables, every model).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reasonsMarkdown } from "../ingest/reasons-doc.ts";
import { writeDocs as writeDictionary } from "../transforms/docs.ts";
import { EXIT } from "./errors.ts";

/** Documents generated without a build (deterministic: committed in docs/ and checked by a test). */
export function generatedDocs(): Record<string, string> {
  return { "reason-codes.md": reasonsMarkdown() };
}

export async function writeDocs(outDir: string): Promise<number> {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(generatedDocs())) {
    writeFileSync(join(outDir, name), text);
    process.stdout.write(`wrote ${join(outDir, name)}\n`);
  }
  const dict = await writeDictionary(outDir);
  process.stdout.write(`wrote ${dict.markdown}\nwrote ${dict.json}\n`);
  return EXIT.ok;
}
