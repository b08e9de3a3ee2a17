/** The reason-code catalogue (warehouse/errors.ts) as Markdown, for `workforce docs`. */
import { REASONS, type ReasonDef, type Severity } from "../warehouse/errors.ts";
import { fileFaultOutcome } from "./policy.ts";

const SECTIONS: { severity: Severity; title: string; intro: string }[] = [
  {
    severity: "row",
    title: "Record reasons (quarantine)",
    intro:
      "A record is set aside once, with the first reason found: format, then each column in contract order, then the source's row rules, then the checks across rows and files. Each lands in `meta.quarantine` with extract, file, record, column and value.",
  },
  {
    severity: "file",
    title: "File reasons (load log)",
    intro:
      "Reported in `meta.load_log`. A holding fault holds the whole extract (nothing of it is loaded); the others are reported and the extract still loads.",
  },
  {
    severity: "extract",
    title: "Extract reasons (ledger)",
    intro: "About an extract as a whole: its manifest, its place in the sequence of extracts.",
  },
  { severity: "cli", title: "Command-line errors", intro: "Usage and locking." },
];

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

export function reasonsMarkdown(): string {
  const out = [
    "# Reason codes",
    "",
    "Generated from `warehouse/errors.ts`, the one catalogue of every reason this project reports. `{name}` marks a value filled in per case.",
    "",
  ];
  for (const section of SECTIONS) {
    const entries = Object.entries(REASONS as Record<string, ReasonDef>).filter(
      ([, d]) => d.severity === section.severity,
    );
    out.push(`## ${section.title}`, "", section.intro, "");
    const withOutcome = section.severity === "file";
    out.push(withOutcome ? "| code | message | hint | outcome |" : "| code | message | hint |");
    out.push(withOutcome ? "|---|---|---|---|" : "|---|---|---|");
    for (const [code, d] of entries) {
      const cells = [`\`${code}\``, cell(d.message), cell(d.hint)];
      if (withOutcome) cells.push(fileFaultOutcome(code).replaceAll("_", " "));
      out.push(`| ${cells.join(" | ")} |`);
    }
    out.push("");
  }
  return out.join("\n");
}
