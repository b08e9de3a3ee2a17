/** Reading rejected records' bytes from the file (DuckDB's copy of an undecodable record is mangled). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { escapeInvalidUtf8, rawRecords } from "../../ingest/raw-records.ts";

const dir = mkdtempSync(join(tmpdir(), "raw-records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("splits records and fields as RFC 4180 does, over bytes, and escapes what is not UTF-8", () => {
  const path = join(dir, "x.csv");
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from("\uFEFFa,b,c\r\n", "utf8"),
      Buffer.from('1,"Q,\n r",x\r\n', "utf8"),
      Buffer.from('1,"Caf\u00e9, ""x""",x\n', "latin1"),
      Buffer.from("2,Nguy\u1ec5n,", "utf8"),
      Buffer.from("Z\u00e9\u00e9 z", "latin1"),
    ]),
  );
  const got = rawRecords(path, [0, 1, 2, 3, 9]);
  expect(Object.fromEntries([...got].map(([k, v]) => [k, v.map((b) => escapeInvalidUtf8(b))]))).toEqual({
    0: ["a", "b", "c"],
    1: ["1", "Q,\n r", "x"],
    2: ["1", 'Caf\\xE9, "x"', "x"],
    3: ["2", "Nguy\u1ec5n", "Z\\xE9\\xE9 z"],
  });
  expect([...rawRecords(path, [2]).keys()]).toEqual([2]);
  expect(rawRecords(path, []).size).toBe(0);
});

it("escapes a truncated or overlong sequence byte by byte and keeps valid multi-byte text", () => {
  expect(escapeInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82]))).toBe("A\\xE2\\x82");
  expect(escapeInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe("\\xC0\\xAF");
  expect(escapeInvalidUtf8(Buffer.from("€ and ñ", "utf8"))).toBe("€ and ñ");
  expect(escapeInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe("\\xED\\xA0\\x80"); // a surrogate
});
