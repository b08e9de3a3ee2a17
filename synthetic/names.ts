/**
 * Name pools for simulated members. Deliberately diverse, because real registries are: apostrophes
 * (O'Brien), diacritics (Nguyễn, Núñez), hyphens (Mary-Kate, Jean-Baptiste), particles
 * (De la Cruz), and very short names (Ng, Li): all legitimate values that naive validation rejects.
 */
import type { Rng } from "./rng.ts";

interface Pool {
  first: readonly string[];
  last: readonly string[];
}

export const NAME_POOLS: Record<string, Pool> = {
  anglo: {
    first: [
      "Mary", "Jennifer", "Sarah", "Jessica", "Ashley", "Emily", "Megan", "Lauren", "Amanda", "Rachel",
      "Kimberly", "Nicole", "Elizabeth", "Heather", "Michelle", "Karen", "Susan", "Linda", "Patricia",
      "Mary-Kate", "Anne-Marie", "Kaitlyn", "Brianna", "Courtney", "Melissa", "Danielle", "Erin", "Kelly",
      "Michael", "David", "James", "John", "Robert", "Christopher", "Daniel", "Matthew", "Jo", "Bo",
    ],
    last: [
      "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
      "Thomas", "Moore", "Martin", "Thompson", "White", "Clark", "Lewis", "Walker", "Hall", "Young",
      "O'Brien", "O'Connor", "O'Neil", "McCarthy", "Sullivan", "Murphy", "Kelly", "Ryan", "Fitzgerald",
      "Smith-Jones", "Baker-Hughes", "St. John", "Dell'Orto", "D'Angelo", "LaRosa", "DiMaggio", "Esposito",
      "Russo", "Romano", "Marino", "Greco", "Ng",
    ],
  },
  hispanic: {
    first: [
      "María", "José", "Ana", "Carmen", "Rosa", "Luz", "Yesenia", "Marisol", "Daniela", "Gabriela",
      "Sofía", "Valentina", "Lucía", "Maribel", "Yolanda", "Ángela", "Inés", "Ramón", "Jesús", "Luis",
      "María José", "Ana Lucía", "Nayeli", "Xiomara",
    ],
    last: [
      "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez",
      "Torres", "Rivera", "Núñez", "Ortiz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Díaz", "Vázquez",
      "Santiago", "Colón", "Meléndez", "De la Cruz", "Del Valle", "Peña", "Ibáñez", "Muñoz",
    ],
  },
  portuguese: {
    first: ["João", "Maria", "Ana", "Conceição", "Fátima", "Luísa", "Inês", "Joana", "Gonçalo", "Lúcia"],
    last: ["Silva", "Santos", "Ferreira", "Pereira", "Gonçalves", "Conceição", "Magalhães", "Araújo", "Simões"],
  },
  polish: {
    first: ["Agnieszka", "Małgorzata", "Katarzyna", "Joanna", "Łucja", "Zofia", "Grażyna", "Bożena", "Tomasz"],
    last: ["Nowak", "Kowalska", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowska", "Zieliński", "Szymańska"],
  },
  haitian: {
    first: ["Marie", "Jean", "Widline", "Nadège", "Fabienne", "Guerline", "Rose-Marie", "Jean-Baptiste", "Mirlande"],
    last: ["Jean-Baptiste", "Pierre", "Joseph", "Louis", "Charles", "Désir", "Étienne", "Saint-Fleur", "Toussaint"],
  },
  vietnamese: {
    first: ["Thảo", "Linh", "Hương", "Lan", "Mai", "Ngọc", "Trang", "Phương", "Anh"],
    last: ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng"],
  },
  chinese: {
    first: ["Mei", "Xiu", "Li", "Yan", "Hui", "Jing", "Ying", "Wei", "Lan"],
    last: ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Ng"],
  },
  arabic: {
    first: ["Fatima", "Aisha", "Mariam", "Noor", "Huda", "Layla", "Yasmin", "Amal", "Rania"],
    last: ["Al-Hassan", "Haddad", "Khoury", "Mansour", "Abdel-Rahman", "El-Amin", "Nasser", "Saleh"],
  },
  black: {
    first: ["Keisha", "Tamika", "Latoya", "Aaliyah", "Imani", "Jasmine", "Ebony", "Shanice", "Destiny", "Monique"],
    last: ["Washington", "Jefferson", "Jackson", "Robinson", "Harris", "Coleman", "Brooks", "Gaines", "Freeman"],
  },
  southasian: {
    first: ["Priya", "Anjali", "Deepa", "Sunita", "Kavya", "Lakshmi"],
    last: ["Patel", "Shah", "Reddy", "Iyer", "Singh", "Rao"],
  },
}; // biome-ignore format: name lists read better packed

/** Pick a heritage pool consistent with race/ethnicity and language. */
export function poolFor(rng: Rng, race: string, language: string): Pool {
  if (language === "SPANISH") return NAME_POOLS.hispanic!;
  if (language === "PORTUGUESE") return NAME_POOLS.portuguese!;
  if (language === "POLISH") return NAME_POOLS.polish!;
  if (language === "HAITIAN_CREOLE") return NAME_POOLS.haitian!;
  if (language === "CHINESE") return NAME_POOLS.chinese!;
  if (language === "ARABIC") return NAME_POOLS.arabic!;
  switch (race) {
    case "HISPANIC":
      return rng.chance(0.8) ? NAME_POOLS.hispanic! : NAME_POOLS.anglo!;
    case "BLACK":
      return rng.chance(0.6) ? NAME_POOLS.black! : rng.chance(0.4) ? NAME_POOLS.haitian! : NAME_POOLS.anglo!;
    case "ASIAN":
      return rng.weighted([
        [NAME_POOLS.vietnamese!, 3],
        [NAME_POOLS.chinese!, 3],
        [NAME_POOLS.southasian!, 3],
        [NAME_POOLS.anglo!, 1],
      ]);
    default:
      return rng.chance(0.93) ? NAME_POOLS.anglo! : NAME_POOLS.polish!;
  }
}

/** ASCII-fold a name for an email address. */
export function emailLocal(first: string, last: string): string {
  const fold = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[đĐ]/g, "d")
      .replace(/[łŁ]/g, "l")
      .toLowerCase()
      .replace(/[^a-z]/g, "");
  return `${fold(first)}.${fold(last)}`;
}
