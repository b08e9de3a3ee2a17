/**
 * One catalogue of every reason and error this project reports: row-level quarantine reasons,
 * whole-file and whole-extract faults, and command-line errors. Each has a stable code (used in the
 * quarantine table, the load log, tests and documentation), a message template and a hint that says
 * what to do. `workforce docs` and `docs/reason-codes.md` are generated from this table.
 */

export type Severity = "row" | "file" | "extract" | "cli";

export interface ReasonDef {
  severity: Severity;
  /** Message template; `{name}` placeholders are filled by `formatReason`. */
  message: string;
  /** What the registry team (or the operator) should do about it. */
  hint: string;
}

export const EXIT = {
  ok: 0,
  dataFailure: 1,
  usage: 2,
  locked: 3,
} as const;

export const REASONS = {
  // ---- row level: format -------------------------------------------------------------------
  invalid_encoding: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} is not valid UTF-8 (each \\xNN is a byte that is not; Windows-1252 text in a UTF-8 file?)",
    hint: "Export the file as UTF-8; the registry's export job must not copy Windows-1252 text into it.",
  },
  too_few_fields: {
    severity: "row",
    message: "{file} record {record}: {found} fields where the header has {expected}",
    hint: "A field or a delimiter is missing in this record; fix the record at the source and re-export.",
  },
  too_many_fields: {
    severity: "row",
    message: "{file} record {record}: {found} fields where the header has {expected}",
    hint: "An unquoted comma split a value; quote fields that contain commas (RFC 4180).",
  },
  malformed_record: {
    severity: "row",
    message: "{file} record {record}: the CSV reader could not parse the record ({detail})",
    hint: "Check the quoting of this record (RFC 4180) and re-export.",
  },
  missing_required: {
    severity: "row",
    message: "{file} record {record}, column {column}: a value is required but the field is empty",
    hint: "Fill in the column in the registry; the contract marks it required.",
  },
  // ---- row level: values ------------------------------------------------------------------
  unknown_code: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not one of the allowed codes ({allowed})",
    hint: "Use a code from the export specification, or ask for the code list to be extended.",
  },
  code_not_canonical: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} is a valid code only after trimming or upper-casing ({canonical})",
    hint: "Codes must be exact upper-case values with no spaces; fix the export so it writes the code the message shows.",
  },
  invalid_identifier: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} does not match the identifier format {format}",
    hint: "Identifiers are strings in the format the message shows; check the export did not reformat them.",
  },
  identifier_scientific_notation: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} is an identifier in scientific notation (it went through a spreadsheet)",
    hint: "Re-export the file directly from the registry, not through Excel; the original digits are lost.",
  },
  invalid_date: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not a valid calendar date (YYYY-MM-DD)",
    hint: "Correct the date in the registry.",
  },
  date_us_format: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} looks like a US-style date; the contract is YYYY-MM-DD",
    hint: "Export dates as YYYY-MM-DD; month and day cannot be told apart safely, so the row is not guessed.",
  },
  date_excel_serial: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} looks like an Excel serial date; the contract is YYYY-MM-DD",
    hint: "Re-export the file directly from the registry, not through Excel.",
  },
  date_in_future: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is after the extract's as-of date {as_of}",
    hint: "Correct the date in the registry; an event cannot be recorded before it happens.",
  },
  invalid_timestamp: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not an ISO 8601 UTC timestamp",
    hint: "Export timestamps as YYYY-MM-DDThh:mm:ssZ.",
  },
  end_before_start: {
    severity: "row",
    message: "{file} record {record}: {column} {value} is before {start_column} {start_value}",
    hint: "Correct the dates in the registry.",
  },
  invalid_boolean: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not Y or N",
    hint: "Booleans are exported as Y or N.",
  },
  invalid_number: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not a plain number",
    hint: "Numbers are plain decimals with a '.' and no other characters.",
  },
  money_format: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} has a currency sign or thousands separator; money is a plain decimal",
    hint: "Export money as a plain decimal (15.50, 32240), never formatted text.",
  },
  value_out_of_range: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is outside the allowed range {range}",
    hint: "Correct the value in the registry.",
  },
  pay_not_positive: {
    severity: "row",
    message: "{file} record {record}, column pay_rate: {value} is not a positive amount",
    hint: "A pay rate must be greater than zero; correct it in the registry.",
  },
  hours_out_of_range: {
    severity: "row",
    message: "{file} record {record}, column hours_per_week: {value} is outside 1 to 80",
    hint: "Correct the weekly hours in the registry.",
  },
  wage_implausible_for_unit: {
    severity: "row",
    message:
      "{file} record {record}: pay_rate {value} is implausible for pay_unit {unit} (allowed {range}); probably the wrong unit",
    hint: "Check whether the amount is an annual salary entered as hourly (or the reverse) and fix the unit.",
  },
  zip_leading_zero_lost: {
    severity: "row",
    message: "{file} record {record}, column zip: {value} has 4 digits; the leading zero was lost",
    hint: "ZIP codes are strings; export them with their leading zero (06106).",
  },
  invalid_zip: {
    severity: "row",
    message: "{file} record {record}, column zip: {value} is not a 5-digit ZIP code",
    hint: "Correct the ZIP code in the registry.",
  },
  unknown_town: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not one of Connecticut's 169 towns",
    hint: "Use the official town name, unaccented and spelled as in the town list (villages are not towns).",
  },
  invalid_state: {
    severity: "row",
    message: "{file} record {record}, column home_state: {value} is not a 2-letter USPS code",
    hint: "Use the USPS state abbreviation.",
  },
  age_out_of_range: {
    severity: "row",
    message: "{file} record {record}, column birth_date: {value} gives an age outside 16 to 90 on {as_of}",
    hint: "Correct the birth date in the registry.",
  },
  merged_without_target: {
    severity: "row",
    message: "{file} record {record}: member_status is MERGED but merged_into is empty",
    hint: "Record which account this one was merged into.",
  },
  field_not_applicable: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} is not allowed here ({rule})",
    hint: "Leave the column empty when it does not apply.",
  },
  subtype_mismatch: {
    severity: "row",
    message: "{file} record {record}: application_subtype {value} is not a subtype of {type}",
    hint: "Use one of the subtypes the specification lists for the application's type.",
  },
  funding_out_of_era: {
    severity: "row",
    message:
      "{file} record {record}: funding source {value} did not exist in fiscal year {fiscal_year} ({era})",
    hint: "Check the funding source and fiscal year.",
  },
  retired_ladder_level: {
    severity: "row",
    message:
      "{file} record {record}: career-ladder level {value} was retired and cannot take effect on {date}",
    hint: "Levels 2 and 4 were retired in 2015; correct the placement.",
  },
  invalid_qsm_expiry: {
    severity: "row",
    message: "{file} record {record}, column qsm_eligible_through: {value} is not one of {allowed}",
    hint: "Use one of the registry's QSM expiry dates, or leave it empty.",
  },
  // ---- row level: across rows and files -------------------------------------------------------
  duplicate_key_conflict: {
    severity: "row",
    message:
      "{file} record {record}: key {key} appears {count} times with different values; every copy is set aside",
    hint: "The registry exported the same key twice with different contents; fix the source and re-export.",
  },
  event_changed: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: event {key} was loaded from {extract} with {was}, and this copy has {value}; events do not change, so the loaded one stays and this copy is set aside",
    hint: "A correction to an event is a new event with its own id; fix the export so it sends events already delivered unchanged.",
  },
  duplicate_identical: {
    severity: "row",
    message: "{file} record {record}: key {key} repeats an identical record; one copy was kept",
    hint: "Nothing to do for the data; the export job should not write a record twice.",
  },
  orphan_reference: {
    severity: "row",
    message: "{file} record {record}, column {column}: {value} does not exist in {target}",
    hint: "The referenced record is missing from the registry's export; re-export it or correct the reference.",
  },
  parent_set_aside: {
    severity: "row",
    message:
      "{file} record {record}, column {column}: {value} is {parent}, which was set aside ({parent_reason}); this record was set aside with it",
    hint: "Correct the record it refers to (that record's own quarantine entry says what is wrong). This record loads when the registry sends it again with or after that one: a delta carries it only if it changed, the next full extract always does.",
  },
  qsm_overlap: {
    severity: "row",
    message:
      "{file} record {record}: a second DESIGNATED_QSM for classroom {value} overlaps assignment {other} (from {date})",
    hint: "A room has one designated Qualified Staff Member at a time; end the earlier assignment first.",
  },
  // ---- whole file ---------------------------------------------------------------------------
  file_missing: {
    severity: "file",
    message: "{extract}: the manifest lists {file} but the file is absent",
    hint: "Ask the registry to re-deliver the extract with every listed file.",
  },
  file_unlisted: {
    severity: "file",
    message: "{extract}: {file} is in the folder but not in the manifest; it was not loaded",
    hint: "Remove the stray file, or ask for a manifest that lists it.",
  },
  file_unknown: {
    severity: "file",
    message: "{extract}: the manifest lists {file}, which the export specification does not define",
    hint: "Check the spec version of the extract.",
  },
  sha256_mismatch: {
    severity: "file",
    message: "{extract}/{file}: sha256 is {actual} but the manifest says {expected}",
    hint: "The file changed after the manifest was written (or was corrupted in transfer); ask for a re-delivery.",
  },
  row_count_mismatch: {
    severity: "file",
    message: "{extract}/{file}: {actual} data record(s) but the manifest says {expected}",
    hint: "The file is incomplete or the manifest is wrong; ask for a re-delivery.",
  },
  file_truncated: {
    severity: "file",
    message: "{extract}/{file}: the file ends in the middle of a record (record {record})",
    hint: "The transfer was cut short; ask for a re-delivery.",
  },
  file_empty: {
    severity: "file",
    message: "{extract}/{file}: the file is empty (no header row)",
    hint: "Ask for a re-delivery; even a file with no records needs its header row.",
  },
  header_only: {
    severity: "file",
    message: "{extract}/{file}: the file has only a header but the manifest says {expected} records",
    hint: "The export wrote no records; ask for a re-delivery.",
  },
  column_missing: {
    severity: "file",
    message:
      "{extract}/{file}: {columns} missing from the header ({which}); the extract is held because loading a file without a column would blank that column on every record it holds",
    hint: "The export's header drifted from the specification (optional columns are still written, empty); ask for a corrected export.",
  },
  column_renamed: {
    severity: "file",
    message:
      "{extract}/{file}: column {column} is missing and an unknown column {found} is present (renamed?)",
    hint: "The export renamed a column; ask for a corrected export.",
  },
  column_duplicated: {
    severity: "file",
    message: "{extract}/{file}: column {column} appears {count} times in the header",
    hint: "Ask for a corrected export with each column once.",
  },
  column_extra: {
    severity: "file",
    message: "{extract}/{file}: unknown column {column} was ignored",
    hint: "Nothing was lost; if the column matters, the specification needs a new version.",
  },
  manifest_invalid: {
    severity: "extract",
    message: "{extract}: manifest.json is not valid ({detail})",
    hint: "Ask the registry for a corrected manifest.",
  },
  unknown_spec_version: {
    severity: "extract",
    message: "{extract}: spec_version {value} is not supported (supported: {supported})",
    hint: "Upgrade the warehouse or ask for an export in a supported version.",
  },
  delta_gap: {
    severity: "extract",
    message:
      "{extract}: a delta since {since}, but the last loaded extract is as of {last}; waiting for the missing extract",
    hint: "Deliver the missing extract(s) in between, or a new full extract.",
  },
  delta_overlap: {
    severity: "extract",
    message:
      "{extract}: a delta since {since}, but the last loaded extract is as of {last}, later; it overlaps what is loaded, and its events from after {since} up to {last} would load twice; not loaded",
    hint: "No missing extract can fix this: ask the registry for a delta since {last}, or a new full extract.",
  },
  extract_held: {
    severity: "extract",
    message:
      "{extract}: held, not loaded, because {file} was rejected ({reason}); loading the rest would lose its changes",
    hint: "Ask the registry to re-deliver the extract; it will load on the next run.",
  },
  extract_already_loaded: {
    severity: "extract",
    message: "{extract}: already loaded (same extract id and bytes); skipped",
    hint: "Nothing to do; an extract is loaded at most once.",
  },
  extract_changed: {
    severity: "extract",
    message:
      "{extract}: already loaded, but the delivered manifest differs (sha256 {actual}, loaded {expected}); not loaded again",
    hint: "An extract id must never be reused for different data; ask the registry which delivery is right.",
  },
  extract_stale: {
    severity: "extract",
    message:
      "{extract}: as of {as_of}, but an extract as of {last} is already loaded; an older extract cannot be applied",
    hint: "Nothing was changed; if the older extract matters, rebuild the warehouse from a full extract.",
  },
  waiting_behind_gap: {
    severity: "extract",
    message: "{extract}: not loaded; it waits behind {gap}, which cannot be applied yet",
    hint: "Clear what holds {gap} (its own entry says: a held extract to re-deliver, or a missing extract to deliver); the waiting ones load on the next run.",
  },
  reject_rate_exceeded: {
    severity: "file",
    message: "{extract}/{file}: {rate} of records were quarantined, above the limit of {limit}",
    hint: "Something is systematically wrong with this file; inspect `workforce quarantine --extract {extract}`.",
  },
  full_extract_shrinks: {
    severity: "file",
    message:
      "{extract}/{file}: this full extract holds {records} record(s) and would end {ending} of the {current} current ones ({rate}, above the limit of {limit}), since a full extract ends every record it does not contain",
    hint: "If the export is incomplete, ask for a re-delivery. If the registry really ended those records, load it with `workforce ingest --accept-shrink {extract}/{file}`.",
  },
  // ---- transforms ---------------------------------------------------------------------------
  unknown_reference: {
    severity: "cli",
    message: "{file}:{line}: unknown table {ref}{suggestion}",
    hint: "Reference a model (staging./marts./reporting.), a source (raw.), a seed (seeds.) or meta table by its exact name.",
  },
  model_invalid: {
    severity: "cli",
    message: "model {model}: {detail}",
    hint: "Each model is <table>.sql with <table>.ts metadata beside it (grain, a description starting 'One row per').",
  },
  model_failed: {
    severity: "cli",
    message: "model {model} failed to build: {detail}",
    hint: "Fix the SQL in {file}; the previous build stays in place.",
  },
  tests_failed: {
    severity: "cli",
    message: "{count} blocking test(s) failed; the new build was discarded and the previous one stays",
    hint: "Run `workforce test` for the failures and their first offending rows.",
  },
  warehouse_outdated: {
    severity: "cli",
    message:
      "the warehouse {path} was written by an older version of ingest (lineage columns _extract_id and _file)",
    hint: "Run `workforce ingest` once: it upgrades the warehouse in place (lineage becomes _load_id, see meta.load_log), then build again.",
  },
  no_warehouse: {
    severity: "cli",
    message: "there is no warehouse in {path}: nothing was ingested into this data directory",
    hint: "Run `workforce ingest --inbox DIR` first (`npm start` simulates an extract and ingests it), or pass the data directory you ingested into (--data-dir or WORKFORCE_DATA_DIR).",
  },
  no_build: {
    severity: "cli",
    message: "there is no build yet in {path}",
    hint: "Run `workforce build` first (after `workforce ingest`).",
  },
  // ---- command line -------------------------------------------------------------------------
  usage: {
    severity: "cli",
    message: "{detail}",
    hint: "Run `workforce {command} --help` for the options.",
  },
  data_dir_missing: {
    severity: "cli",
    message: "the data directory {path} does not exist",
    hint: "Check --data-dir (or WORKFORCE_DATA_DIR; the default is ./data). A data directory is created by `npm start`, by `workforce simulate` without --out, by `workforce schedule`, or by `workforce ingest --inbox DIR` (or `run --inbox DIR`) when DIR holds an extract to load.",
  },
  unknown_program: {
    severity: "cli",
    message: "program {program} is not in the warehouse{suggestion}",
    hint: "Program ids are P followed by 6 digits; this build has {count} programs, {first} to {last}. Check the id on the registry's program page.",
  },
  target_invalid: {
    severity: "cli",
    message: "{file}: {detail}",
    hint: "A target schedule has one row per role_code x qualification_level_code ('*' = any) and exactly one of target_hourly_wage_usd or k12_parity_pct; see `workforce cost --help`.",
  },
  lock_held: {
    severity: "cli",
    message: "another run holds the lock on {path} (pid {pid}, since {since})",
    hint: "Wait for it to finish; if it died, the lock expires on its own after {stale}.",
  },
  // ---- operations (run, publish, schedule, status, sql) ---------------------------------------
  run_lock_held: {
    severity: "cli",
    message: "another run holds the run lock on {path}: {holder} (pid {pid} on {host}, since {since})",
    hint: "Wait for it to finish (`workforce status` shows it); a lock left by a process that died is taken over on the next run.",
  },
  run_step_failed: {
    severity: "cli",
    message: "the {step} step failed unexpectedly: {detail}",
    hint: "See <data-dir>/logs/workforce.jsonl; the published data stays as it was. Report it if it persists.",
  },
  inbox_not_found: {
    severity: "cli",
    message: "the inbox {inbox} {problem}",
    hint: "Pass the folder the registry's extracts are delivered to (--inbox DIR, or <data-dir>/inbox by default): it holds one registry-extract-* folder with a manifest.json per extract.",
  },
  nothing_loaded: {
    severity: "cli",
    message: "the warehouse holds no loaded extract and the inbox {inbox} has none to load; nothing to build",
    hint: "Deliver an extract folder (with its manifest.json) to the inbox, or write a simulated one with `workforce simulate --out <inbox>`, then run again.",
  },
  ingest_failed: {
    severity: "cli",
    message: "ingest did not load every complete extract: {detail}",
    hint: "Run `{retry}` to see each extract's reason and what to do (it loads nothing twice). What did load is still built and published; the extract, and every delta after it, is tried again on the next run.",
  },
  publish_unclassified_column: {
    severity: "cli",
    message:
      "{table}.{column} looks like {kind} ({evidence}) and has no publishing decision{more}; nothing was published",
    hint: "Remove the column from the model, or add a decision for it to PUBLISH_DECISIONS in warehouse/publish-policy.ts (personal data can only be dropped).",
  },
  publish_leak: {
    severity: "cli",
    message:
      "{table}.{column}: {count} value(s) equal {kind} of the registry extract (first: {example}); nothing was published",
    hint: "A model copies personal data into the analyst zone; drop or pseudonymise the column (warehouse/publish-policy.ts) and run again.",
  },
  pseudonym_key_invalid: {
    severity: "cli",
    message: "WORKFORCE_PSEUDONYM_KEY is {detail}",
    hint: "Set WORKFORCE_PSEUDONYM_KEY to a random secret of at least 32 characters (e.g. `openssl rand -hex 32`), kept outside the repository.",
  },
  site_build_failed: {
    severity: "cli",
    message: "the site build failed: {detail}",
    hint: "Run `npm run build:site` to see the full log; the published site stays as it was.",
  },
  no_published: {
    severity: "cli",
    message: "there is no published analyst copy in {path}",
    hint: "Run `workforce publish` (or `workforce run`) first.",
  },
  sql_not_read_only: {
    severity: "cli",
    message: "refused: {statement} {detail}; the analyst copy is read-only",
    hint: "Only queries run here (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN, PIVOT); to keep a result use `--output FILE` or `--format csv`.",
  },
  sql_empty: {
    severity: "cli",
    message: "the query is empty (nothing but spaces or comments)",
    hint: 'Pass one query, quoted: workforce sql "select count(*) from reporting.rpt_workforce_by_setting_role".',
  },
  sql_several_statements: {
    severity: "cli",
    message: "the query holds {count} statements; one runs at a time, and nothing was run",
    hint: "Run each with its own `workforce sql`, or combine them into one query (UNION ALL, or WITH ... SELECT).",
  },
  sql_file_access: {
    severity: "cli",
    message:
      "refused: the query reads {path}; `workforce sql` reads the analyst copy's tables only, not files",
    hint: "Query the tables by name (`workforce tables` lists them); the same tables are in <data-dir>/published/parquet/ for other tools.",
  },
  sql_error: {
    severity: "cli",
    message: "{detail}",
    hint: "`workforce tables` lists the tables and `workforce describe TABLE` their columns.",
  },
  unknown_table: {
    severity: "cli",
    message: "no table {table} in the analyst copy{suggestion}",
    hint: "`workforce tables` lists the tables.",
  },
  invalid_schedule: {
    severity: "cli",
    message: "{expression} is not a valid cron expression ({detail})",
    hint: "Use five or six fields, e.g. `0 2 * * *` for 02:00 every night (set with --cron or WORKFORCE_SCHEDULE).",
  },
  invalid_timezone: {
    severity: "cli",
    message: "unknown time zone {timezone}",
    hint: "Give an IANA time zone name with --timezone, e.g. `America/New_York` (the default).",
  },
  output_unwritable: {
    severity: "cli",
    message: "cannot write {path}: {detail}",
    hint: "Name a file in a folder that exists and that you may write to.",
  },
  nothing_published: {
    severity: "cli",
    message: "nothing has been published from {path} yet",
    hint: "Run `workforce run` (or `npm start`) to load the extracts in the inbox, build and publish; with no extract in the inbox, `npm start` simulates one.",
  },
  last_run_failed: {
    severity: "cli",
    message:
      "the last run, {run_id}, ended {status}{step} at {ended_at}{error}; the published data is still current to the end of {as_of} (New York time) and passes the limit of {limit} at {stale_at}",
    hint: "The run's details are in <data-dir>/logs/workforce.jsonl (and `workforce quarantine` for a held extract); fix the cause and run `workforce run` again before the limit, or the dashboards go stale.",
  },
  data_stale: {
    severity: "cli",
    message:
      "the published data is current to the end of {as_of} (New York time), {age} ago, longer than the limit of {limit}",
    hint: "If the last run above failed, its details are in <data-dir>/logs/workforce.jsonl; if it succeeded, no newer extract was delivered: check the registry's delivery of extracts (simulated extracts keep their as-of date: raise the limit with --max-age-hours or WORKFORCE_MAX_DATA_AGE_HOURS).",
  },
} as const satisfies Record<string, ReasonDef>;

export type ReasonCode = keyof typeof REASONS;

/** Fill a template's `{name}` placeholders; unknown names are left visible so nothing is hidden. */
export function formatReason(code: ReasonCode, params: Record<string, unknown>): string {
  return REASONS[code].message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function hintFor(code: ReasonCode, params: Record<string, unknown> = {}): string {
  return REASONS[code].hint.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** An error that carries a catalogue code and the exit code the CLI should end with. */
export class WorkforceError extends Error {
  constructor(
    readonly code: ReasonCode,
    readonly params: Record<string, unknown>,
    // A usage error is the caller's: exit 2 whoever raises it.
    readonly exitCode: number = code === "usage" ? EXIT.usage : EXIT.dataFailure,
  ) {
    super(formatReason(code, params));
    this.name = "WorkforceError";
  }
  get hint(): string {
    return hintFor(this.code, this.params);
  }
}

/** `output_unwritable` (exit 2) for a file that could not be written, saying why in words. */
export function outputError(path: string, e: unknown): WorkforceError {
  const err = e as NodeJS.ErrnoException;
  const detail =
    err.code === "ENOENT"
      ? "its folder does not exist"
      : err.code === "EISDIR"
        ? "it is a folder"
        : err.code === "EACCES" || err.code === "EPERM"
          ? "permission denied"
          : err.code === "ENOSPC"
            ? "no space left on the device"
            : err.message;
  return new WorkforceError("output_unwritable", { path, detail }, EXIT.usage);
}

export function usageError(detail: string, command = ""): WorkforceError {
  return new WorkforceError("usage", { detail, command }, EXIT.usage);
}
