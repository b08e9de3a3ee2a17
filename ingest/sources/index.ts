/** Every extract file of the contract, in specification order. */
import { application_events } from "./application_events.ts";
import { applications } from "./applications.ts";
import { career_ladder } from "./career_ladder.ts";
import { classroom_staffing } from "./classroom_staffing.ts";
import { classrooms } from "./classrooms.ts";
import { compensation } from "./compensation.ts";
import type { SourceSpec } from "./contract.ts";
import { coursework } from "./coursework.ts";
import { credentials } from "./credentials.ts";
import { deletions } from "./deletions.ts";
import { education } from "./education.ts";
import { employment } from "./employment.ts";
import { people } from "./people.ts";
import { program_funding } from "./program_funding.ts";
import { programs } from "./programs.ts";
import { training } from "./training.ts";
import { verifications } from "./verifications.ts";

export {
  application_events,
  applications,
  career_ladder,
  classroom_staffing,
  classrooms,
  compensation,
  coursework,
  credentials,
  deletions,
  education,
  employment,
  people,
  program_funding,
  programs,
  training,
  verifications,
};

export const SOURCES = [
  people,
  programs,
  program_funding,
  classrooms,
  classroom_staffing,
  employment,
  compensation,
  education,
  coursework,
  credentials,
  training,
  career_ladder,
  applications,
  application_events,
  verifications,
  deletions,
] as const satisfies readonly SourceSpec[];

export type SourceName = (typeof SOURCES)[number]["name"];

export const SOURCE_BY_NAME: ReadonlyMap<string, SourceSpec> = new Map(SOURCES.map((s) => [s.name, s]));
export const SOURCE_BY_FILE: ReadonlyMap<string, SourceSpec> = new Map(SOURCES.map((s) => [s.file, s]));

export const SPEC_VERSIONS = ["1"] as const;
