// Units as printed (g/dl, x10^9/L, µmol/L, UI/L, G/L...) and as OCR misreads them (pmol/L for µmol/L,
// x10M9/L, x109/L with the superscript flattened), resolved to UCUM codes of the project's unit set.
import { ucumUnit } from '../../domain/value-sets/index.ts';
import { UNIT_SPELLINGS } from './dictionary.ts';
import { editDistance } from './text.ts';

export interface ResolvedUnit {
  /** UCUM code. */
  code: string;
  /** The code is in resources/value-sets/ucum.json (otherwise it is only used for plausibility). */
  inValueSet: boolean;
  /** Recognised only as a known OCR misreading: accept it where the analyte is reported in that unit. */
  misread: boolean;
}

/**
 * The comparison key of a unit: compatibility forms folded (⁹ → 9, µ → μ), micro as u, lower case, no
 * spaces or power signs, "e" of "10E9" dropped, a final 1 or I misread for l repaired.
 */
export function unitKey(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[µμ]/g, 'u')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s^*×]/g, '')
    .replace(/^[xхχ](?=[\dιil|])/, '')
    // "ΧΊ0Δ3/μι": Greek iota for the 1 of "10" and for the l of "/µl".
    .replace(/^[ιil|](?=[0oοо])/, '1')
    .replace(/^1[oοо]/, '10')
    .replace(/ι$/, 'l')
    .replace(/^10e(?=\d)/, '10')
    .replace(/^mc(?=mol|g\/|l)/, 'u')
    .replace(/(\/[udm]?)[1i!|]$/, '$1l')
    .replace(/[.,;:]+$/, '');
}

/** Further repairs that only a known unit's shape justifies: µ read as p, a lost final l. */
function repairedKey(key: string): string {
  return key.replace(/\/py?(l|mol)$/, '/u$1').replace(/\/$/, '/l');
}

interface UnitTables {
  exact: Map<string, ResolvedUnit>;
  byKey: Map<string, ResolvedUnit>;
  misreads: Map<string, ResolvedUnit>;
}

let tables: UnitTables | undefined;

function buildTables(): UnitTables {
  const exact = new Map<string, ResolvedUnit>();
  const byKey = new Map<string, ResolvedUnit>();
  const misreads = new Map<string, ResolvedUnit>();
  const entry = (code: string, misread = false): ResolvedUnit => ({ code, inValueSet: ucumUnit(code) !== undefined, misread });
  for (const [code, spellings] of Object.entries(UNIT_SPELLINGS.caseSensitive)) for (const s of spellings) exact.set(s, entry(code));
  for (const group of [UNIT_SPELLINGS.spellings, UNIT_SPELLINGS.outsideValueSet]) {
    for (const [code, spellings] of Object.entries(group)) {
      byKey.set(unitKey(code), entry(code));
      for (const s of spellings) byKey.set(unitKey(s), entry(code));
    }
  }
  for (const [code, spellings] of Object.entries(UNIT_SPELLINGS.ocrMisreads)) {
    for (const s of spellings) {
      const key = unitKey(s);
      // "96" for "%" is a number: the row parser decides where it stands for a unit.
      if (!byKey.has(key) && !/^\d+$/.test(key)) misreads.set(key, entry(code, true));
    }
  }
  // Giga and tera per litre written in lower case: only the analyte can tell g/L (grams) from G/L.
  misreads.set('t/l', entry('10*12/L', true));
  return { exact, byKey, misreads };
}

/**
 * ×10ⁿ/L and ×10ⁿ/µL whatever became of the superscript: x109/L, 10^9/l, x10E9/L, x10M9/L, and the
 * caret read as a digit (x1079/L, 1043/mm3, 10412/l, 10812/l).
 */
function powerOfTen(key: string): ResolvedUnit | undefined {
  const match = /^1[0o](\p{L}|[°'"’^]|[478](?=(?:3|6|9|12)\/))?(3|6|9|12)\/(l|u?l[l1]?|mm3)$/u.exec(key);
  if (!match) return undefined;
  const exponent = match[2];
  const code = match[3] === 'l' ? `10*${exponent}/L` : `10*${exponent}/uL`;
  if (match[3] !== 'l' && match[3] !== 'ul' && match[3] !== 'mm3') return { code, inValueSet: ucumUnit(code) !== undefined, misread: true };
  const misread = match[1] !== undefined && match[1] !== '^';
  return { code, inValueSet: ucumUnit(code) !== undefined, misread };
}

/** Strip what surrounds a unit in a cell: brackets, a trailing full stop or colon. */
function bare(text: string): string {
  return text.trim().replace(/^[([{"'“”‘’]+/, '').replace(/[)\]},;:"'“”‘’]+$/, '').trim();
}

/**
 * The unit a text stands for, or undefined. With `allowed` (the analyte's units), a misreading is
 * accepted only when it turns into one of them, and g/L becomes ×10⁹/L for a cell count.
 */
export function resolveUnit(text: string, allowed?: readonly string[]): ResolvedUnit | undefined {
  tables ??= buildTables();
  const written = bare(text);
  if (written === '' || written.length > 16) return undefined;
  const exact = tables.exact.get(written);
  const key = unitKey(written);
  const repaired = repairedKey(key);
  const found =
    exact ??
    tables.byKey.get(key) ??
    powerOfTen(key) ??
    tables.misreads.get(key) ??
    (repaired !== key ? misread(tables.byKey.get(repaired) ?? powerOfTen(repaired)) : undefined) ??
    flattenedPower(repaired, allowed);
  if (!found) return undefined;
  if (allowed === undefined) return found;
  if (found.code === 'g/L' && !allowed.includes('g/L') && allowed.includes('10*9/L')) return { code: '10*9/L', inValueSet: true, misread: true };
  // An enzyme's "UI/L" (unités internationales) is the U/L the value set records it in.
  if (found.code === '[IU]/L' && !allowed.includes('[IU]/L') && allowed.includes('U/L')) return { code: 'U/L', inValueSet: true, misread: false };
  if (found.misread && !allowed.includes(found.code)) return flattenedPower(key, allowed);
  return found;
}

function misread(unit: ResolvedUnit | undefined): ResolvedUnit | undefined {
  return unit && { ...unit, misread: true };
}

/** "x10°/L", "x10/L": the exponent is lost; the analyte's own ×10ⁿ/L unit is the only reading. */
function flattenedPower(key: string, allowed?: readonly string[]): ResolvedUnit | undefined {
  if (!allowed || !/^1[0o][^/]{0,2}\/?(l|ul)$/.test(key)) return undefined;
  const perMicrolitre = key.endsWith('/ul');
  const code = allowed.find((unit) => (perMicrolitre ? /^10\*\d+\/uL$/ : /^10\*\d+\/L$/).test(unit));
  return code === undefined ? undefined : { code, inValueSet: ucumUnit(code) !== undefined, misread: true };
}

/**
 * For a unit OCR garbled beyond the known misreadings ("mulymL", "x1076/puL"): the analyte's unit whose
 * spelling is nearest, if it is near enough (edit distance at most 40% of the spelling) and no other
 * unit is as near ("gl" is as near to g% as to g/l: no guess).
 */
export function nearestUnit(text: string, allowed: readonly string[]): ResolvedUnit | undefined {
  const key = unitKey(bare(text));
  if (key.length < 2) return undefined;
  const best = new Map<string, number>();
  for (const code of allowed) {
    const spellings = [code, ...(UNIT_SPELLINGS.spellings[code] ?? []), ...(UNIT_SPELLINGS.caseSensitive[code] ?? []), ...(UNIT_SPELLINGS.outsideValueSet[code] ?? [])];
    for (const spelling of spellings) {
      const target = unitKey(spelling);
      const max = Math.max(1, Math.floor(0.4 * target.length));
      const distance = editDistance(key, target, max);
      if (distance <= max && distance < (best.get(code) ?? Number.POSITIVE_INFINITY)) best.set(code, distance);
    }
  }
  const ranked = [...best.entries()].sort((a, b) => a[1] - b[1]);
  const [first, second] = ranked;
  if (!first || (second && second[1] === first[1])) return undefined;
  return { code: first[0], inValueSet: ucumUnit(first[0]) !== undefined, misread: true };
}

/** A token reads as a unit in some analyte's context (used to tell units from words before the analyte is known). */
export function looksLikeUnit(text: string): boolean {
  return resolveUnit(text) !== undefined || flattenedPower(unitKey(bare(text)), ['10*9/L', '10*3/uL']) !== undefined;
}
