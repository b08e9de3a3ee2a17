/**
 * A fast stand-in for dashboards/build-site.ts in the operations tests (WORKFORCE_SITE_BUILD_SCRIPT):
 * writes a few pages naming the publication being staged into WORKFORCE_SITE_OUT, slowly enough
 * (FAKE_SITE_MS, default 1500 ms, spread over the files) that a test can kill a run during the site step.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const out = process.env.WORKFORCE_SITE_OUT;
const staging = process.env.WORKFORCE_PUBLISH_STAGING;
if (!out || !staging)
  throw new Error("fake-site: WORKFORCE_SITE_OUT and WORKFORCE_PUBLISH_STAGING are required");
const version = basename(staging).replace(/^\.staging-/, "");
const ms = Number(process.env.FAKE_SITE_MS ?? 1500);
const pages = ["index.html", "wages.html", "qualifications.html", "_file/data.csv"];
for (const [i, page] of pages.entries()) {
  await new Promise((r) => setTimeout(r, ms / pages.length));
  mkdirSync(join(out, page, ".."), { recursive: true });
  writeFileSync(join(out, page), `<!-- site of ${version} -->\n<p>page ${i}</p>\n`);
}
