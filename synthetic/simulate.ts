/**
 * `workforce simulate`: writes registry extracts that follow docs/spec/registry-export-spec.md,
 * a full extract as of a date plus K daily deltas, optionally with the known defects of spec §5
 * and an answer key. Deterministic: the same arguments give byte-identical output.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { addDays, fiscalYear, fromDays, toDays } from "../ingest/sources/dates.ts";
import { DefectInjector, type RowDefect } from "./defects.ts";
import { ExtractRouter, type Manifest, type ManifestFile } from "./extracts.ts";
import { type FileDefect, injectFileDefects } from "./file-defects.ts";
import { MemberSimulator } from "./member.ts";
import { Ids, money, timestamp, type Version } from "./model.ts";
import { NAME_POOLS } from "./names.ts";
import { Rng, WeightedTable } from "./rng.ts";
import { buildWorld, fundingByYear, HISTORY_START, loadTowns, type Program, programTables } from "./world.ts";

export interface SimulateOptions {
  out: string;
  asOf: string;
  members: number;
  seed: string;
  deltas: number;
  defects: number;
  fileDefects: boolean;
  /** Called now and then with members done (for a progress bar). */
  onProgress?: (done: number, total: number, rows: number) => void;
}

export interface ExtractSummary {
  extract_id: string;
  folder: string;
  kind: "full" | "delta";
  as_of: string;
  since: string | null;
  rows: number;
  expected: "loaded" | "held";
  reason?: string;
}

export interface AnswerKey {
  generator: {
    as_of: string;
    members: number;
    seed: string;
    deltas: number;
    defects: number;
    file_defects: boolean;
  };
  extracts: ExtractSummary[];
  file_defects: FileDefect[];
  row_defects: RowDefect[];
}

export interface SimulateResult {
  extracts: ExtractSummary[];
  rows: number;
  seconds: number;
  answerKey: string | null;
}

const DAY_SECONDS = 86400;

function emitWorld(router: ExtractRouter, programs: Program[], rng: Rng): void {
  const hist = toDays(HISTORY_START);
  for (const p of programs) {
    const visible = Math.max(p.opened, hist - 1);
    const base = {
      program_id: p.id,
      program_name: p.name,
      license_number: p.licenseNumber ?? "",
      program_type: p.type,
      setting: p.setting,
      auspice: p.auspice,
      town: p.town.name,
      zip: p.town.zip,
      licensed_capacity: String(p.capacity),
      serves_infant_toddler: p.servesIT ? "Y" : "N",
      serves_preschool: p.servesPS ? "Y" : "N",
      serves_school_age: p.servesSA ? "Y" : "N",
      naeyc_accredited_through: p.naeycThrough ?? "",
      opened_on: fromDays(p.opened),
      closed_on: "",
      updated_at: timestamp(fromDays(visible), rng.int(0, DAY_SECONDS - 1)),
    };
    const versions: Version[] = [{ visible, values: base }];
    if (p.closed !== null) {
      versions.push({
        visible: p.closed,
        values: {
          ...base,
          closed_on: fromDays(p.closed),
          updated_at: timestamp(fromDays(p.closed), rng.int(0, 86399)),
        },
      });
    }
    router.entity("programs", p.id, versions);
    for (const room of p.rooms) {
      const rv = {
        classroom_id: room.id,
        program_id: p.id,
        room_name: room.name,
        age_group: room.ageGroup,
        opened_on: fromDays(room.opened),
        closed_on: "",
        updated_at: timestamp(fromDays(Math.max(room.opened, visible)), rng.int(0, 86399)),
      };
      const roomVersions: Version[] = [{ visible: Math.max(room.opened, visible), values: rv }];
      if (room.closed !== null) {
        roomVersions.push({
          visible: room.closed,
          values: {
            ...rv,
            closed_on: fromDays(room.closed),
            updated_at: timestamp(fromDays(room.closed), 50000),
          },
        });
      }
      router.entity("classrooms", room.id, roomVersions);
    }
    // Funding rows become visible when the fiscal year's award is recorded (its first day).
    const spaces = Math.max(1, Math.round(p.capacity * 0.6));
    for (const [fy, sources] of fundingByYear(p)) {
      const visible = Math.max(toDays(`${fy - 1}-07-01`), hist - 1);
      for (const source of sources) {
        const growth = 1.025 ** (fy - 2025);
        let funded = "";
        let award = "";
        if (source !== "C4K" && source !== "PRIVATE") {
          const n =
            source === "SS"
              ? Math.min(spaces, 18 * Math.max(1, p.rooms.length))
              : Math.max(1, Math.round(spaces * rng.next()));
          funded = String(n);
          const perSpace: Record<string, number> = {
            SR: 10500,
            CDC: 9800,
            SHS: 2100,
            ESCT: 11800,
            HS: 12600,
            EHS: 16500,
            SS: 4100,
          };
          award = money(Math.round(n * (perSpace[source] ?? 9000) * growth));
          if (source === "SS") award = money(Math.min(75000 * Math.max(1, p.rooms.length), Number(award)));
        }
        router.entity(`program_funding`, `${p.id}|${source}|${fy}`, [
          {
            visible,
            values: {
              program_id: p.id,
              funding_source: source,
              fiscal_year: String(fy),
              funded_spaces: funded,
              award_usd: award,
            },
          },
        ]);
      }
    }
    // Write as we go: memory stays bounded by one program's rows.
    router.flush();
  }
}

export function simulate(opts: SimulateOptions): SimulateResult {
  const started = process.hrtime.bigint();
  const asOfDay = toDays(opts.asOf);
  const horizon = asOfDay + opts.deltas;
  mkdirSync(opts.out, { recursive: true });
  const ids = new Ids();
  const injector = new DefectInjector(opts.defects, Rng.derive(opts.seed, "defects"), ids);
  const router = new ExtractRouter(opts.out, asOfDay, opts.deltas, opts.seed, injector);
  const towns = loadTowns();
  const lastNames = Object.values(NAME_POOLS).flatMap((p) => p.last);
  const programs = buildWorld(Rng.derive(opts.seed, "world"), {
    members: opts.members,
    horizon: fromDays(horizon),
    towns,
    lastNames,
  });
  emitWorld(router, programs, Rng.derive(opts.seed, "world-rows"));
  router.flush();
  const ctx = {
    seed: opts.seed,
    horizon,
    programs: programTables(programs),
    towns: new WeightedTable(
      towns,
      towns.map((t) => t.weight),
    ),
    ids,
    emit: router,
    trainers: [] as { id: string; from: number }[],
    providerBusy: new Map<Program, number[]>(),
  };
  // TA providers first, so every later member's training can name an approved trainer.
  const taCount = Math.max(2, Math.round(opts.members * 0.006));
  let generated = 0;
  for (let i = 0; i < opts.members; i++) {
    const sim = new MemberSimulator(ctx, i, i < taCount);
    sim.run();
    router.flush();
    generated++;
    if (opts.onProgress && (generated % 500 === 0 || generated === opts.members)) {
      opts.onProgress(generated, opts.members, router.rowsWritten);
    }
  }
  const files = router.close();
  const fileDefects: FileDefect[] = opts.fileDefects
    ? injectFileDefects(router.extracts, files, Rng.derive(opts.seed, "file-defects"))
    : [];
  const extracts: ExtractSummary[] = router.extracts.map((e, i) => {
    const fileList = [...files[i]!.values()];
    const manifest: Manifest = {
      spec_version: "1",
      extract_id: e.extractId,
      kind: e.kind,
      as_of: e.asOf,
      since: e.since,
      files: fileList.map((f: ManifestFile) => ({ name: f.name, rows: f.rows, sha256: f.sha256 })),
    };
    writeFileSync(join(e.dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    const holding = fileDefects.find((d) => d.extract_id === e.extractId && d.expected === "extract_held");
    const summary: ExtractSummary = {
      extract_id: e.extractId,
      folder: e.folder,
      kind: e.kind,
      as_of: e.asOf,
      since: e.since,
      rows: fileList.reduce((s, f) => s + f.rows, 0),
      expected: holding ? "held" : "loaded",
    };
    if (holding) summary.reason = "extract_held";
    return summary;
  });
  let answerKey: string | null = null;
  if (opts.defects > 0 || opts.fileDefects) {
    const held = new Set(extracts.filter((e) => e.expected === "held").map((e) => e.extract_id));
    const key: AnswerKey = {
      generator: {
        as_of: opts.asOf,
        members: opts.members,
        seed: opts.seed,
        deltas: opts.deltas,
        defects: opts.defects,
        file_defects: opts.fileDefects,
      },
      extracts,
      file_defects: fileDefects,
      row_defects: injector.rowDefects.map((d) =>
        held.has(d.extract_id) ? { ...d, expected: "not_loaded" } : d,
      ),
    };
    answerKey = join(opts.out, "answer-key.json");
    writeFileSync(answerKey, `${JSON.stringify(key, null, 1)}\n`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  // The records the manifests list, defect records included: the sum of the extracts' lines.
  return { extracts, rows: extracts.reduce((n, e) => n + e.rows, 0), seconds, answerKey };
}

export { addDays, fiscalYear };
