/**
 * Credentials on past dates: the extract's `status` is the registry's status today, so a teaching
 * certificate marked EXPIRED (its expiry date passed) was active on the dates before its expiry
 * and counts there; a REVOKED one, and an EXPIRED one without an expiry date, never count.
 *
 * The fixture of models.test.ts plus three certificates, each verified 2017-02-01:
 * - K00000001 TEACHING_CERT_ECE of CT0000004 (a public-school teacher at P2 since 2016-08-25 with
 *   an accredited ECE associate, so associate-level otherwise), issued 2017-01-15, expired
 *   2022-06-30, status EXPIRED: bachelor-level from 2017-02-01 (the check) to 2022-06-30, then
 *   associate-level from 2022-07-01.
 * - K00000002 TEACHING_CERT_ECE of CT0000008 (a bachelor's in business, no ECE credits: below
 *   associate-level), issued 2017-01-15, no expiry, REVOKED: never counts.
 * - K00000003 TEACHING_CERT_ECSE of CT0000007 (no education), issued 2017-01-15, no expiry date,
 *   EXPIRED: cannot be dated, never counts.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "./fixture.ts";
import { type BuildReader, buildOrFail, openBuild, type RawRow, tempDir, writeWarehouse } from "./helpers.ts";

let dataDir: string;
let db: BuildReader;

const cert = (
  credential_id: string,
  registry_id: string,
  type: string,
  status: string,
  expires_on: string | null,
) =>
  ({
    credential_id,
    registry_id,
    credential_type: type,
    endorsement: null,
    issued_on: "2017-01-15",
    expires_on,
    status,
  }) satisfies RawRow;

const check = (n: number, record_id: string): RawRow => ({
  verification_id: `V${String(900 + n).padStart(9, "0")}`,
  record_type: "CREDENTIAL",
  record_id,
  outcome: "VERIFIED",
  verified_on: "2017-02-01",
  verified_by: "REGISTRY_STAFF",
  document_type: "CERTIFICATE",
});

beforeAll(async () => {
  dataDir = tempDir("wf-credentials-");
  const f = fixture();
  f.raw.credentials = [
    cert("K00000001", "CT0000004", "TEACHING_CERT_ECE", "EXPIRED", "2022-06-30"),
    cert("K00000002", "CT0000008", "TEACHING_CERT_ECE", "REVOKED", null),
    cert("K00000003", "CT0000007", "TEACHING_CERT_ECSE", "EXPIRED", null),
  ];
  f.raw.verifications = [
    ...(f.raw.verifications ?? []),
    check(1, "K00000001"),
    check(2, "K00000002"),
    check(3, "K00000003"),
  ];
  await writeWarehouse(dataDir, f);
  await buildOrFail({ dataDir });
  db = await openBuild(dataDir);
}, 60_000);

afterAll(() => {
  db?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("a credential on past dates", () => {
  it("counts an EXPIRED certificate until its expiry date, never a REVOKED or undated EXPIRED one", async () => {
    expect(
      await db.rows(
        `select record_id, person_id, counts_from_date::varchar as from_date, counts_until_date::varchar as until_date
         from staging.stg_record_counting_periods where record_type_code = 'CREDENTIAL' order by 1`,
      ),
    ).toEqual([
      { record_id: "K00000001", person_id: "CT0000004", from_date: "2017-02-01", until_date: "2022-07-01" },
    ]);
  });

  it("makes its holder bachelor-level while it was active, and not after", async () => {
    const level = (person: string, day: string) =>
      db.rows(
        `select qualification_level_code as level, has_ece_teaching_cert as cert from marts.dim_people
         where person_id = '${person}' and valid_from <= date '${day}' and (valid_to is null or valid_to > date '${day}')`,
      );
    expect(await level("CT0000004", "2017-01-31")).toEqual([{ level: "ASSOCIATE_LEVEL", cert: false }]);
    expect(await level("CT0000004", "2017-02-01")).toEqual([{ level: "BACHELOR_LEVEL", cert: true }]);
    expect(await level("CT0000004", "2022-06-30")).toEqual([{ level: "BACHELOR_LEVEL", cert: true }]);
    expect(await level("CT0000004", "2022-07-01")).toEqual([{ level: "ASSOCIATE_LEVEL", cert: false }]);
    expect(await level("CT0000008", "2021-12-31")).toEqual([{ level: "NONE", cert: false }]);
    expect(await level("CT0000007", "2021-12-31")).toEqual([{ level: "NONE", cert: false }]);
    // the monthly snapshot of the active workforce, on month ends around the expiry
    expect(
      await db.rows(
        `select snapshot_date::varchar as day, qualification_level_code::varchar as level from marts.fct_workforce_monthly
         where person_id = 'CT0000004' and snapshot_date in (date '2021-12-31', date '2022-06-30', date '2022-07-31')
         order by 1`,
      ),
    ).toEqual([
      { day: "2021-12-31", level: "BACHELOR_LEVEL" },
      { day: "2022-06-30", level: "BACHELOR_LEVEL" },
      { day: "2022-07-31", level: "ASSOCIATE_LEVEL" },
    ]);
  });
});
