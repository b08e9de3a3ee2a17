/**
 * Simulation parameters, anchored on docs/spec/domain-brief.md (see the comments for each anchor).
 * They are inputs to a simulation, not findings: the brief's figures are the targets.
 */

export type Setting = "COMMUNITY" | "PUBLIC_SCHOOL" | "FAMILY_CHILD_CARE";

/** Career archetypes: where a member works and how their career and education tend to go. */
export interface Track {
  name: string;
  weight: number;
  setting: Setting;
  /** Role of the first spell. */
  role: string;
  /** Mean spell length in years (turnover: 15-30% a year overall). */
  spellYears: number;
  /** Share of members of this track whose spells are part-time. */
  partTime: number;
  /** Initial highest award distribution at joining: [award, weight]. */
  education: readonly (readonly [string, number])[];
  /** Yearly chance of taking college courses while employed. */
  courseChance: number;
}

const EDU_ASSISTANT = [
  ["HS", 55],
  ["CDA", 22],
  ["CERTIFICATE", 4],
  ["ASSOCIATE", 12],
  ["BACHELOR", 7],
] as const;
const EDU_COMMUNITY_TEACHER = [
  ["HS", 14],
  ["CDA", 22],
  ["CERTIFICATE", 6],
  ["ASSOCIATE", 26],
  ["BACHELOR", 28],
  ["MASTER", 4],
] as const;
const EDU_DIRECTOR = [
  ["CDA", 4],
  ["ASSOCIATE", 14],
  ["BACHELOR", 52],
  ["MASTER", 28],
  ["DOCTORATE", 2],
] as const;
const EDU_PUBLIC_TEACHER = [
  ["BACHELOR", 45],
  ["MASTER", 53],
  ["DOCTORATE", 2],
] as const;
const EDU_FCC = [
  ["HS", 58],
  ["CDA", 24],
  ["ASSOCIATE", 10],
  ["BACHELOR", 8],
] as const;

export const TRACKS: readonly Track[] = [
  { name: "fcc_provider", weight: 11, setting: "FAMILY_CHILD_CARE", role: "FCC_PROVIDER", spellYears: 9, partTime: 0, education: EDU_FCC, courseChance: 0.08 },
  { name: "fcc_assistant", weight: 3, setting: "FAMILY_CHILD_CARE", role: "FCC_ASSISTANT", spellYears: 2.5, partTime: 0.5, education: EDU_ASSISTANT, courseChance: 0.05 },
  { name: "teacher", weight: 33, setting: "COMMUNITY", role: "TEACHER", spellYears: 3.8, partTime: 0.08, education: EDU_COMMUNITY_TEACHER, courseChance: 0.22 },
  { name: "assistant_teacher", weight: 17, setting: "COMMUNITY", role: "ASSISTANT_TEACHER", spellYears: 2.8, partTime: 0.2, education: EDU_ASSISTANT, courseChance: 0.16 },
  { name: "aide", weight: 5, setting: "COMMUNITY", role: "AIDE", spellYears: 2, partTime: 0.55, education: EDU_ASSISTANT, courseChance: 0.05 },
  { name: "substitute", weight: 3, setting: "COMMUNITY", role: "SUBSTITUTE", spellYears: 1.5, partTime: 0.8, education: EDU_ASSISTANT, courseChance: 0.04 },
  { name: "director", weight: 6, setting: "COMMUNITY", role: "DIRECTOR", spellYears: 6, partTime: 0.02, education: EDU_DIRECTOR, courseChance: 0.08 },
  { name: "assistant_director", weight: 2, setting: "COMMUNITY", role: "ASSISTANT_DIRECTOR", spellYears: 4, partTime: 0.05, education: EDU_DIRECTOR, courseChance: 0.1 },
  { name: "education_coordinator", weight: 2, setting: "COMMUNITY", role: "EDUCATION_COORDINATOR", spellYears: 4, partTime: 0.05, education: EDU_DIRECTOR, courseChance: 0.08 },
  { name: "family_services", weight: 2, setting: "COMMUNITY", role: "FAMILY_SERVICES", spellYears: 3.5, partTime: 0.15, education: EDU_COMMUNITY_TEACHER, courseChance: 0.05 },
  { name: "other", weight: 1.5, setting: "COMMUNITY", role: "OTHER", spellYears: 3, partTime: 0.3, education: EDU_ASSISTANT, courseChance: 0.03 },
  { name: "public_teacher", weight: 8, setting: "PUBLIC_SCHOOL", role: "TEACHER", spellYears: 7, partTime: 0.03, education: EDU_PUBLIC_TEACHER, courseChance: 0.06 },
  { name: "public_assistant", weight: 5, setting: "PUBLIC_SCHOOL", role: "ASSISTANT_TEACHER", spellYears: 4.5, partTime: 0.15, education: EDU_ASSISTANT, courseChance: 0.08 },
  { name: "ta_provider", weight: 0.6, setting: "COMMUNITY", role: "EDUCATION_COORDINATOR", spellYears: 6, partTime: 0.3, education: EDU_DIRECTOR, courseChance: 0.02 },
]; // biome-ignore format: a table

/**
 * Median hourly wage in 2025 dollars by role and setting (domain brief, "Simulation targets for
 * 2025"): assistants and aides about $16.50-19, community lead teachers $18-26, directors $25-40,
 * public-school preschool teachers $45,000-85,000 a year over about 40 weeks; family child care
 * providers are self-employed and can fall below the minimum wage.
 */
export const WAGE_2025: Record<string, Record<Setting, number>> = {
  TEACHER: { COMMUNITY: 20.5, PUBLIC_SCHOOL: 44, FAMILY_CHILD_CARE: 18 },
  ASSISTANT_TEACHER: { COMMUNITY: 17.4, PUBLIC_SCHOOL: 20.5, FAMILY_CHILD_CARE: 16.6 },
  AIDE: { COMMUNITY: 16.9, PUBLIC_SCHOOL: 18.5, FAMILY_CHILD_CARE: 16.5 },
  SUBSTITUTE: { COMMUNITY: 17, PUBLIC_SCHOOL: 19, FAMILY_CHILD_CARE: 16.5 },
  DIRECTOR: { COMMUNITY: 31, PUBLIC_SCHOOL: 52, FAMILY_CHILD_CARE: 26 },
  ASSISTANT_DIRECTOR: { COMMUNITY: 25, PUBLIC_SCHOOL: 40, FAMILY_CHILD_CARE: 22 },
  EDUCATION_COORDINATOR: { COMMUNITY: 26, PUBLIC_SCHOOL: 40, FAMILY_CHILD_CARE: 22 },
  FAMILY_SERVICES: { COMMUNITY: 21, PUBLIC_SCHOOL: 26, FAMILY_CHILD_CARE: 19 },
  OTHER: { COMMUNITY: 18, PUBLIC_SCHOOL: 22, FAMILY_CHILD_CARE: 17 },
  FCC_PROVIDER: { COMMUNITY: 15.5, PUBLIC_SCHOOL: 15.5, FAMILY_CHILD_CARE: 15.5 },
  FCC_ASSISTANT: { COMMUNITY: 16.4, PUBLIC_SCHOOL: 16.4, FAMILY_CHILD_CARE: 16.4 },
};

/** Head Start teachers a little higher (domain brief). */
export const HEAD_START_PREMIUM = 1.06;

/** Wage gradient by planning region: Fairfield/Southwest highest, Eastern lowest (domain brief). */
export const REGION_WAGE: Record<string, number> = {
  "Western Connecticut Planning Region": 1.11,
  "Greater Bridgeport Planning Region": 1.09,
  "South Central Connecticut Planning Region": 1.03,
  "Capitol Planning Region": 1.0,
  "Lower Connecticut River Valley Planning Region": 1.0,
  "Naugatuck Valley Planning Region": 0.97,
  "Southeastern Connecticut Planning Region": 0.96,
  "Northwest Hills Planning Region": 0.95,
  "Northeastern Connecticut Planning Region": 0.92,
};

/** Premium by highest award. */
export const AWARD_WAGE: Record<string, number> = {
  HS: 1.0,
  CDA: 1.02,
  CERTIFICATE: 1.03,
  ASSOCIATE: 1.06,
  BACHELOR: 1.13,
  MASTER: 1.19,
  DOCTORATE: 1.22,
};

/** Nominal wage growth per year (so a 2025 wage of $20.50 was about $13.50 in 2013). */
export const WAGE_GROWTH = 0.035;

/**
 * Connecticut minimum wage by effective date: the domain brief gives PA 19-4 ($11 Oct 2019 to $15
 * June 2023) and $15.69 (2024), $16.35 (2025), $16.94 (2026); earlier steps are the state's
 * published schedule ($8.25 in 2010 to $10.10 in 2017).
 */
export const MINIMUM_WAGE: readonly (readonly [string, number])[] = [
  ["2010-01-01", 8.25],
  ["2014-01-01", 8.7],
  ["2015-01-01", 9.15],
  ["2016-01-01", 9.6],
  ["2017-01-01", 10.1],
  ["2019-10-01", 11],
  ["2020-09-01", 12],
  ["2021-08-01", 13],
  ["2022-07-01", 14],
  ["2023-06-01", 15],
  ["2024-01-01", 15.69],
  ["2025-01-01", 16.35],
  ["2026-01-01", 16.94],
];

export function minimumWage(date: string): number {
  let w = MINIMUM_WAGE[0]![1];
  for (const [from, v] of MINIMUM_WAGE) if (date >= from) w = v;
  return w;
}

/** Scholarship denial mix by era: lotteries when demand outran funds (simulation assumption). */
export function scholarshipDenials(fy: number): readonly (readonly [string, number])[] {
  const lottery = fy >= 2019 && fy <= 2021;
  return [
    ["INELIGIBLE_EMPLOYMENT", 3],
    ["INCOMPLETE_DOCUMENTS", 4],
    ["FUNDS_EXHAUSTED", lottery ? 2 : 3],
    ["NOT_SELECTED_IN_LOTTERY", lottery ? 14 : 0],
    ["DOES_NOT_MEET_REQUIREMENTS", 3],
    ["OTHER", 1],
  ];
}

export const COURSE_TITLES: Record<string, readonly (readonly [string, string])[]> = {
  EARLY_CHILDHOOD: [
    ["ECE 101", "Introduction to Early Childhood Education"],
    ["ECE 103", "Creative Experiences for Children"],
    ["ECE 106", "Music and Movement for Children"],
    ["ECE 141", "Infant/Toddler Growth & Development"],
    ["ECE 176", "Health, Safety and Nutrition"],
    ["ECE 182", "Child Development"],
    ["ECE 206", "Administration & Supervision of Early Childhood Programs"],
    ["ECE 210", "Observation, Participation and Seminar"],
    ["ECE 215", "The Exceptional Learner"],
    ["ECE 222", "Methods and Techniques in Early Childhood Education"],
    ["ECE 231", "Early Language and Literacy Development"],
    ["ECE 295", "Student Teaching Practicum"],
    ["PSY 204", "Child and Adolescent Development"],
  ],
  ADMINISTRATION: [
    ["ECE 206", "Administration & Supervision of Early Childhood Programs"],
    ["ECE 207", "Leadership, Advocacy, and Policy"],
    ["BUS 101", "Introduction to Business"],
    ["ACC 113", "Principles of Financial Accounting"],
  ],
  SCHOOL_AGE: [["ECE 120", "School-Age Programming"]],
  GENERAL: [
    ["ENG 101", "Composition"],
    ["MAT 137", "Intermediate Algebra"],
    ["PSY 111", "General Psychology I"],
    ["SOC 101", "Principles of Sociology"],
    ["COM 173", "Public Speaking"],
    ["BIO 105", "Introduction to Biology"],
  ],
};

export const INSTITUTIONS: readonly (readonly [string, boolean])[] = [
  ["Capital Community College", true],
  ["Gateway Community College", true],
  ["Housatonic Community College", true],
  ["Manchester Community College", true],
  ["Naugatuck Valley Community College", true],
  ["Norwalk Community College", true],
  ["Three Rivers Community College", true],
  ["Tunxis Community College", true],
  ["Quinebaug Valley Community College", true],
  ["CT State Community College", true],
  ["Central Connecticut State University", true],
  ["Eastern Connecticut State University", true],
  ["Southern Connecticut State University", true],
  ["Western Connecticut State University", true],
  ["University of Connecticut", true],
  ["University of Hartford", true],
  ["University of Saint Joseph", true],
  ["Charter Oak State College", true],
  ["Post University", true],
  ["Universidad de Puerto Rico, Río Piedras", true],
  ["Instituto Superior de Educação (Brazil)", false],
  ["Online Learning Academy", false],
];

export const TRAINING_TITLES: Record<string, readonly string[]> = {
  CHILD_DEVELOPMENT: ["Understanding Child Development, Birth to Five", "Brain Development in the Early Years"],
  HEALTH_SAFETY: ["Pediatric First Aid & CPR", "Medication Administration", "Safe Sleep Practices", "Health & Safety Orientation"],
  CURRICULUM: ["CT ELDS: Early Learning & Development Standards", "Creative Curriculum in Practice", "STEM with Young Children"],
  FAMILY_ENGAGEMENT: ["Partnering with Families", "Strengthening Families Protective Factors"],
  ASSESSMENT: ["CT Documentation and Observation for Teaching System (CT DOTS)", "Using Observation to Plan"],
  INCLUSION_SPECIAL_NEEDS: ["Birth to Three: Referral and Inclusion", "Supporting Children with Challenging Behavior"],
  PROFESSIONALISM: ["Ethics in Early Childhood: the NAEYC Code", "Reflective Supervision"],
  ADMINISTRATION: ["Business Practices for Child Care", "Program Administration Scale Training"],
  INFANT_TODDLER: ["Responsive Caregiving for Infants & Toddlers", "Infant/Toddler Language, \"Serve and Return\""],
  CDA_PREP: ["CDA Preparation: 120 Clock Hours", "CDA Renewal Hours"],
  OTHER: ["Mandated Reporter Training", "Emergency Preparedness, Response, and Recovery"],
}; // biome-ignore format: a table

export const ROOM_NAMES: Record<string, readonly string[]> = {
  INFANT_TODDLER: [
    "Infants",
    "Butterflies",
    "Caterpillars",
    "Little Stars",
    "Toddlers",
    "Ladybugs",
    "Sprouts",
  ],
  PRESCHOOL: ["Preschool A", "Preschool B", "Sunflowers", "Dolphins", "Explorers", "Rainbow Room", "Pre-K"],
  SCHOOL_AGE: ["School Age", "Before & After", "Discovery Club"],
  MIXED: ["Family Group", "Mixed Ages", "Home Room"],
};
