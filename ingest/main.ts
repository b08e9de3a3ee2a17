/**
 * Stand-alone entry to the ingest verbs, for tests and the benchmark that need a separate process
 * (fault injection kills it): `tsx ingest/main.ts ingest --data-dir D --inbox I [--json]` and
 * `tsx ingest/main.ts quarantine --data-dir D [--extract ID] [--reason CODE] [--json | --csv FILE]`.
 * The product's command line is warehouse/cli.ts.
 */
import { parseArgs } from "node:util";
import { WorkforceError } from "../warehouse/errors.ts";
import { ingestCommand } from "./command.ts";
import { quarantineCommand } from "./quarantine.ts";

const [verb, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    "data-dir": { type: "string" },
    inbox: { type: "string" },
    json: { type: "boolean", default: false },
    "reject-rate-limit": { type: "string" },
    extract: { type: "string" },
    reason: { type: "string" },
    csv: { type: "string" },
  },
});
const dataDir = values["data-dir"] ?? "data";
try {
  if (verb === "ingest") {
    process.exitCode = await ingestCommand({
      dataDir,
      inbox: values.inbox ?? `${dataDir}/inbox`,
      json: values.json,
      rejectRateLimit:
        values["reject-rate-limit"] === undefined ? undefined : Number(values["reject-rate-limit"]),
    });
  } else if (verb === "quarantine") {
    const r = await quarantineCommand({
      dataDir,
      extract: values.extract,
      reason: values.reason,
      json: values.json,
      csv: values.csv,
    });
    process.stderr.write(`${r.notice}\n`);
    process.stdout.write(r.output);
    process.exitCode = r.exitCode;
  } else {
    process.stderr.write("usage: main.ts ingest|quarantine --data-dir DIR [options]\n");
    process.exitCode = 2;
  }
} catch (e) {
  if (e instanceof WorkforceError) {
    process.stderr.write(`${e.message}\nhint: ${e.hint}\n`);
    process.exitCode = e.exitCode;
  } else throw e;
}
