/** Code lists of the extract contract (registry-export-spec.md §3), shared by contract, simulator and models. */

export const GENDERS = ["F", "M", "X", "U"] as const;
export const RACE_ETHNICITIES = [
  "HISPANIC",
  "AMERICAN_INDIAN_ALASKA_NATIVE",
  "ASIAN",
  "BLACK",
  "NATIVE_HAWAIIAN_PACIFIC_ISLANDER",
  "WHITE",
  "MULTIRACIAL",
  "NOT_DISCLOSED",
] as const;
export const LANGUAGES = [
  "ENGLISH",
  "SPANISH",
  "PORTUGUESE",
  "POLISH",
  "HAITIAN_CREOLE",
  "CHINESE",
  "ARABIC",
  "OTHER",
] as const;
export const MEMBER_STATUSES = ["ACTIVE", "INACTIVE", "MERGED"] as const;
export const PROGRAM_TYPES = [
  "CENTER",
  "GROUP_HOME",
  "FAMILY_HOME",
  "PUBLIC_SCHOOL",
  "EXEMPT_OTHER",
] as const;
export const SETTINGS = ["COMMUNITY", "PUBLIC_SCHOOL", "FAMILY_CHILD_CARE"] as const;
export const AUSPICES = ["NONPROFIT", "FOR_PROFIT", "PUBLIC", "FAITH_BASED"] as const;
export const FUNDING_SOURCES = ["CDC", "SR", "SS", "SHS", "ESCT", "HS", "EHS", "C4K", "PRIVATE"] as const;
export const CLASSROOM_AGE_GROUPS = ["INFANT_TODDLER", "PRESCHOOL", "SCHOOL_AGE", "MIXED"] as const;
export const ASSIGNMENT_ROLES = ["DESIGNATED_QSM", "TEACHER", "ASSISTANT"] as const;
export const ROLES = [
  "TEACHER",
  "ASSISTANT_TEACHER",
  "DIRECTOR",
  "ASSISTANT_DIRECTOR",
  "EDUCATION_COORDINATOR",
  "FCC_PROVIDER",
  "FCC_ASSISTANT",
  "AIDE",
  "SUBSTITUTE",
  "FAMILY_SERVICES",
  "OTHER",
] as const;
export const AGE_GROUPS_SERVED = ["INFANT_TODDLER", "PRESCHOOL", "SCHOOL_AGE", "MIXED", "NONE"] as const;
export const PAY_UNITS = ["HOUR", "WEEK", "MONTH", "YEAR"] as const;
export const REPORTERS = ["MEMBER", "PROGRAM"] as const;
export const AWARD_LEVELS = [
  "HS_DIPLOMA",
  "GED",
  "CDA",
  "CERTIFICATE",
  "ASSOCIATE",
  "BACHELOR",
  "MASTER",
  "DOCTORATE",
] as const;
export const FIELDS = [
  "EARLY_CHILDHOOD",
  "CHILD_DEVELOPMENT",
  "CHILD_STUDIES",
  "HUMAN_DEVELOPMENT_FAMILY",
  "EARLY_CHILDHOOD_SPECIAL_ED",
  "ELEMENTARY_ED",
  "SPECIAL_ED",
  "PSYCHOLOGY",
  "SOCIAL_WORK",
  "BUSINESS",
  "OTHER",
  "NONE",
] as const;
export const CREDIT_AREAS = ["EARLY_CHILDHOOD", "ADMINISTRATION", "SCHOOL_AGE", "GENERAL"] as const;
export const CREDENTIAL_TYPES = [
  "ECTC_ASSOCIATE",
  "ECTC_BACHELOR",
  "HEAD_TEACHER_CENTER",
  "HEAD_TEACHER_SCHOOL_AGE",
  "TEACHING_CERT_ECE",
  "TEACHING_CERT_ECSE",
  "TA_TRAINER",
  "TA_COACH",
  "TA_MENTOR",
  "TA_EDUCATION_CONSULTANT",
] as const;
export const ENDORSEMENTS = ["INFANT_TODDLER", "PRESCHOOL", "BOTH"] as const;
export const CREDENTIAL_STATUSES = ["ACTIVE", "EXPIRED", "REVOKED"] as const;
export const TOPIC_AREAS = [
  "CHILD_DEVELOPMENT",
  "HEALTH_SAFETY",
  "CURRICULUM",
  "FAMILY_ENGAGEMENT",
  "ASSESSMENT",
  "INCLUSION_SPECIAL_NEEDS",
  "PROFESSIONALISM",
  "ADMINISTRATION",
  "INFANT_TODDLER",
  "CDA_PREP",
  "OTHER",
] as const;
export const APPLICATION_TYPES = ["SCHOLARSHIP", "HEAD_TEACHER", "ECTC", "TA_PROVIDER"] as const;
export const APPLICATION_SUBTYPES = {
  SCHOLARSHIP: ["DEGREE_COURSEWORK", "FOUNDATIONAL_12_CREDITS", "CDA_ASSESSMENT", "ADMINISTRATIVE"],
  HEAD_TEACHER: ["CENTER", "SCHOOL_AGE"],
  ECTC: ["ASSOCIATE", "BACHELOR"],
  TA_PROVIDER: ["TRAINER", "COACH", "MENTOR", "EDUCATION_CONSULTANT"],
} as const;
export const ALL_APPLICATION_SUBTYPES = [...new Set(Object.values(APPLICATION_SUBTYPES).flat())];
export const APPLICATION_STATUSES = [
  "SUBMITTED",
  "PENDING_DOCUMENTS",
  "UNDER_REVIEW",
  "APPROVED",
  "DENIED",
  "WITHDRAWN",
  "PAID",
  "COMPLETED",
  "APPEALED",
  "APPEAL_UPHELD",
  "APPEAL_DENIED",
] as const;
export const DENIAL_REASONS = [
  "INELIGIBLE_EMPLOYMENT",
  "INCOMPLETE_DOCUMENTS",
  "FUNDS_EXHAUSTED",
  "NOT_SELECTED_IN_LOTTERY",
  "DOES_NOT_MEET_REQUIREMENTS",
  "OTHER",
] as const;
export const RECORD_TYPES = ["EDUCATION", "COURSEWORK", "TRAINING", "EMPLOYMENT", "CREDENTIAL"] as const;
export const OUTCOMES = ["VERIFIED", "REJECTED", "NEEDS_INFORMATION"] as const;
export const VERIFIERS = ["REGISTRY_STAFF", "PROGRAM_ADMIN"] as const;
export const DOCUMENT_TYPES = [
  "TRANSCRIPT",
  "DIPLOMA",
  "CERTIFICATE",
  "EMPLOYER_CONFIRMATION",
  "OTHER",
] as const;
/** The registry's QSM expiry codes (spec §3.12). */
export const QSM_EXPIRIES = ["2025-06-30", "2029-06-30", "2099-12-31"] as const;

/** Identifier formats: prefix and digit count of each primary key. */
export const ID_FORMATS = {
  registry_id: { prefix: "CT", digits: 7 },
  program_id: { prefix: "P", digits: 6 },
  classroom_id: { prefix: "R", digits: 7 },
  assignment_id: { prefix: "A", digits: 8 },
  employment_id: { prefix: "E", digits: 8 },
  compensation_id: { prefix: "W", digits: 9 },
  education_id: { prefix: "D", digits: 8 },
  course_record_id: { prefix: "C", digits: 9 },
  credential_id: { prefix: "K", digits: 8 },
  training_record_id: { prefix: "T", digits: 9 },
  application_id: { prefix: "AP", digits: 8 },
  event_id: { prefix: "AE", digits: 9 },
  verification_id: { prefix: "V", digits: 9 },
} as const;

/** The id format of the record a verification points to, by record_type. */
export const VERIFIED_RECORD_IDS = {
  EDUCATION: ID_FORMATS.education_id,
  COURSEWORK: ID_FORMATS.course_record_id,
  TRAINING: ID_FORMATS.training_record_id,
  EMPLOYMENT: ID_FORMATS.employment_id,
  CREDENTIAL: ID_FORMATS.credential_id,
} as const;

/**
 * Funding eras (spec §3.3): the fiscal years in which a source can appear. A policy fact, kept
 * here next to the code list it qualifies.
 */
export const FUNDING_ERAS: Record<string, { from?: number; to?: number; note: string }> = {
  CDC: { to: 2025, note: "Child Day Care contracts ended with fiscal 2025" },
  SR: { to: 2025, note: "School Readiness ended with fiscal 2025" },
  SHS: { to: 2025, note: "the State Head Start supplement ended with fiscal 2025" },
  ESCT: { from: 2026, note: "Early Start CT starts with fiscal 2026" },
  SS: { from: 2015, to: 2024, note: "Smart Start ran fiscal 2015 to 2024" },
};

/** State-funded sources (metrics.md): Care 4 Kids alone does not count. */
export const STATE_FUNDED_SOURCES = ["CDC", "SR", "SS", "SHS", "ESCT"] as const;

/**
 * Plausible pay_rate ranges by pay_unit, used to catch a wage entered in the wrong unit (an annual
 * salary with pay_unit HOUR). A data-quality policy, not a law: wide enough for every real wage in
 * the domain brief (family child care providers can earn well under the minimum wage).
 */
export const PAY_PLAUSIBLE = {
  HOUR: { min: 3, max: 150 },
  WEEK: { min: 60, max: 6000 },
  MONTH: { min: 250, max: 25000 },
  YEAR: { min: 3000, max: 300000 },
} as const;
