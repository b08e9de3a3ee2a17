/**
 * Qualification rules of metrics.md, in TypeScript, for the simulator (to place members on the
 * career ladder consistently with their verified education). The warehouse computes the same rules
 * in SQL; the two are checked against each other in tests.
 */

export const AWARD_RANK: Record<string, number> = {
  HS_DIPLOMA: 1,
  GED: 1,
  CDA: 2,
  CERTIFICATE: 3,
  ASSOCIATE: 4,
  BACHELOR: 5,
  MASTER: 6,
  DOCTORATE: 7,
};

export interface AwardFact {
  level: string;
  ece: boolean;
  accredited: boolean;
  awardedOn: string;
  expiresOn: string | null;
}

export interface QualFacts {
  awards: readonly AwardFact[];
  eceCredits: number;
  /** An active ECE or ECSE teaching certificate. */
  teachingCert: boolean;
  ectcBachelor: boolean;
  ectcAssociate: boolean;
}

function has(f: QualFacts, minRank: number, opts: { ece?: boolean } = {}): boolean {
  return f.awards.some(
    (a) => a.accredited && AWARD_RANK[a.level]! >= minRank && a.level !== "CDA" && (!opts.ece || a.ece),
  );
}

export function currentCda(f: QualFacts, date: string): boolean {
  return f.awards.some(
    (a) => a.level === "CDA" && a.awardedOn <= date && (a.expiresOn === null || a.expiresOn >= date),
  );
}

export function bachelorQualified(f: QualFacts): boolean {
  return has(f, 5, { ece: true }) || (has(f, 5) && f.eceCredits >= 12) || f.teachingCert || f.ectcBachelor;
}

export function associateQualified(f: QualFacts): boolean {
  return (
    !bachelorQualified(f) &&
    (has(f, 4, { ece: true }) || (has(f, 4) && f.eceCredits >= 12) || f.ectcAssociate)
  );
}

/** Career-ladder level computed from verified facts on `date` (metrics.md). */
export function ladderLevel(f: QualFacts, date: string): number {
  const cert = f.teachingCert;
  const cr = f.eceCredits;
  if (has(f, 7, { ece: true }) || (has(f, 7) && cert)) return 15;
  if (has(f, 6, { ece: true }) || (has(f, 6) && cert)) return 14;
  if (has(f, 6) && cr >= 12) return 13;
  if (has(f, 5, { ece: true }) || (has(f, 5) && cert)) return 12;
  if (has(f, 5) && cr >= 12) return 11;
  if (has(f, 4, { ece: true })) return 10;
  if (has(f, 4) && cr >= 12) return 9;
  const cda = currentCda(f, date);
  if (cr >= 30 || f.awards.some((a) => a.level === "CERTIFICATE" && a.ece && a.accredited)) return 8;
  if (cda && cr >= 12) return 7;
  if (cda || cr >= 12) return 6;
  if (cr >= 6) return 5;
  if (cr >= 3) return 3;
  return 1;
}

/** The registry's QSM expiry for a placement (simulation assumption, see synthetic/README.md). */
export function qsmExpiry(f: QualFacts, date: string): string | null {
  if (bachelorQualified(f)) return "2099-12-31";
  if (associateQualified(f)) return "2029-06-30";
  if (currentCda(f, date) && f.eceCredits >= 12 && date < "2025-07-01") return "2025-06-30";
  return null;
}
