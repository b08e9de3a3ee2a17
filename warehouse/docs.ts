/** `workforce docs`: documentation generated from the code, so it cannot drift from it. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { reasonsMarkdown } from "../ingest/reasons-doc.ts";
import { EXIT } from "./errors.ts";

export function generatedDocs(): Record<string, string> {
  return { "reason-codes.md": reasonsMarkdown() };
}

export function writeDocs(outDir: string): number {
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(generatedDocs())) {
    writeFileSync(join(outDir, name), text);
    process.stdout.write(`wrote ${join(outDir, name)}\n`);
  }
  return EXIT.ok;
}
