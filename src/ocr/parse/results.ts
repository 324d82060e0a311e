// The results a row holds: a label, a value (a number, "<5", or a word such as "Negative"), and around
// the value, in whatever order the laboratory prints them, a unit, a reference range and a flag. A row
// may hold two results side by side (two-column reports): a new label after a complete result starts
// the next one.
import { answerCode, matchAnalyte, type Analyte, type AnalyteMatch } from './dictionary.ts';
import { nameKey } from './text.ts';
import { lowerBoundWord, isRangeWord, parseNumber, upperBoundWord, type ParsedNumber } from './numbers.ts';
import type { PrintedFlag, RowToken } from './tokens.ts';
import { resolveUnit } from './units.ts';

export interface PrintedRange {
  low?: ParsedNumber;
  high?: ParsedNumber;
  /** A range printed as words ("Negative", "Négatif" for a qualitative test). */
  text?: string;
  /** One bound whose comparison sign was lost ("Τ.Α. 10" for "> 10"): its side is decided by the analyte. */
  sideUnknown?: boolean;
}

export interface RawResult {
  labelTokens: RowToken[];
  match?: AnalyteMatch;
  valueTokens: RowToken[];
  number?: ParsedNumber;
  comparator?: string;
  answer?: string;
  unitTokens: RowToken[];
  /** "96" standing where "%" was printed. */
  percentMisread?: boolean;
  range?: PrintedRange;
  flags: PrintedFlag[];
  tokens: RowToken[];
}

/** Words that introduce a range or qualify it and are not a new label: "ref. 12-16", "VR 12-16", "Τ.Α. 12-16". */
const RANGE_PREFIXES = new Set(
  ['adults', 'adult', 'adultes', 'adulte', 'ενήλικες', 'одрасли', 'odrasli', 'بالغين', 'البالغين', 'ref', 'réf', 'norm', 'normal', 'vr', 'τ.α', 'τα', 'реф', 'ref range', 'refs'].map(nameKey),
);

/** Words that mark a row as patient or report administration rather than a result. */
const ADMIN_WORDS = new Set(
  [
    'patient', 'name', 'nom', 'prénom', 'age', 'âge', 'sex', 'sexe', 'dob', 'born', 'doctor', 'physician', 'médecin', 'docteur', 'tel', 'tél', 'phone', 'fax', 'address', 'adresse', 'page', 'id',
    'ασθενής', 'όνομα', 'επώνυμο', 'ηλικία', 'φύλο', 'ιατρός', 'τηλ', 'διεύθυνση', 'σελίδα',
    'пацијент', 'име', 'презиме', 'старост', 'пол', 'лекар', 'тел', 'адреса', 'страна', 'pacijent', 'ime', 'prezime', 'starost', 'pol', 'lekar', 'adresa', 'strana',
    'paziente', 'nome', 'cognome', 'età', 'sesso', 'medico', 'pacient', 'nume', 'vârsta', 'medic', 'spol', 'liječnik',
    'المريض', 'الاسم', 'اسم', 'العمر', 'الجنس', 'الطبيب', 'هاتف', 'العنوان', 'صفحة',
    'weight', 'height', 'poids', 'taille', 'βάρος', 'ύψος', 'тежина', 'висина', 'الوزن', 'الطول',
  ].map((w) => w.toLowerCase()),
);

export function isAdministrative(labelTokens: readonly RowToken[]): boolean {
  return labelTokens.some((t) => ADMIN_WORDS.has(t.text.toLowerCase().replace(/[:.]$/, '')));
}

/** The longest answer phrase (up to four words) starting at `i`. */
function answerAt(tokens: readonly RowToken[], i: number): { code: string; length: number } | undefined {
  for (let length = Math.min(4, tokens.length - i); length >= 1; length--) {
    const slice = tokens.slice(i, i + length);
    if (slice.some((t) => t.kind !== 'word' && t.kind !== 'flag' && !(t.kind === 'dash' && length > 1))) continue;
    const code = answerCode(slice.map((t) => t.text).join(' '));
    if (code !== undefined) return { code, length };
  }
  // "+", "++" are words to the tokenizer only when alone.
  const token = tokens[i];
  if (token && /^\(?\+{1,4}\)?$/.test(token.text)) {
    const code = answerCode(token.text);
    if (code !== undefined) return { code, length: 1 };
  }
  return undefined;
}

/**
 * "35.096" for "35.0 %": OCR reads a percent sign fused to the value as 96. Taken as such when the
 * analyte is reported in % and the number has two decimals more than it is printed with, or is
 * impossible while the number without "96" is possible.
 */
function fusedPercent(text: string, match: AnalyteMatch | undefined): ParsedNumber | undefined {
  const variants = (match?.analytes ?? []).flatMap((a) => a.variants).filter((v) => '%' in v.units && v.plausible);
  const found = /^(\d+(?:[.,]\d+)?)96$/.exec(text);
  if (variants.length === 0 || !found) return undefined;
  const whole = parseNumber(text);
  const stripped = parseNumber(found[1] ?? '');
  if (!whole || !stripped) return undefined;
  const possible = (n: number) => variants.some((v) => v.plausible !== null && n >= v.plausible[0] && n <= v.plausible[1]);
  const decimals = Math.max(...variants.map((v) => v.decimals));
  return whole.decimals >= decimals + 2 || (!possible(whole.value) && possible(stripped.value)) ? stripped : undefined;
}

/** A slash or percent sign, or a power of ten, and few letters: a unit OCR garbled. */
function looksUnitShaped(text: string): boolean {
  return (/[/%]/.test(text) || /^[x×]?10/.test(text)) && (text.match(/\p{L}/gu) ?? []).length <= 5 && !/^\d+\/\d+$/.test(text);
}

function allowedUnits(match: AnalyteMatch | undefined): string[] {
  return [...new Set((match?.analytes ?? []).flatMap((a: Analyte) => a.variants.flatMap((v) => Object.keys(v.units))))];
}

/**
 * The label before a value, and the analyte it names. What precedes the value may start with the
 * remains of a result OCR garbled ("ABE SH De] 18-75 Anti-HCV"): the label is then the longest run
 * that names an analyte and starts after a number, range or unit, or at a cell.
 */
function label(before: RowToken[]): { labelTokens: RowToken[]; match?: AnalyteMatch } {
  // A unit among the label's words ("Hb (g/dL)", a table drawn from the right with no result read) is not part of the name.
  const words = (from: number) => before.slice(from).map((t) => (t.kind === 'unit' ? '' : t.bracketed ? `(${t.text})` : t.text));
  const whole = matchAnalyte(words(0));
  if (whole) return { labelTokens: before, match: whole };
  for (let from = 1; from < before.length; from++) {
    const previous = before[from - 1] as RowToken;
    const boundary = previous.kind !== 'word' && previous.kind !== 'flag' ? true : previous.cell !== (before[from] as RowToken).cell;
    if (!boundary) continue;
    const match = matchAnalyte(words(from));
    if (match) return { labelTokens: before.slice(from), match };
  }
  return { labelTokens: before };
}

/** Where a label ends: a number or "<5", or an answer word, once the label has a word. */
function isValueStart(tokens: readonly RowToken[], i: number, labelLength: number): boolean {
  const token = tokens[i] as RowToken;
  // "80.0 - 100.0" is a range, not a value followed by one: the value was not read.
  if (token.kind === 'number' && tokens[i + 1]?.kind === 'dash' && tokens[i + 2]?.kind === 'number') return false;
  if (token.kind === 'number' || token.kind === 'comparison') return labelLength > 0;
  if (labelLength === 0) return false;
  if (token.kind === 'word' || token.kind === 'flag') return answerAt(tokens, i) !== undefined;
  return false;
}

/** Cuts a row's tokens into results. */
export function rowResults(tokens: readonly RowToken[]): RawResult[] {
  const results: RawResult[] = [];
  let i = 0;
  while (i < tokens.length) {
    const before: RowToken[] = [];
    while (i < tokens.length && !isValueStart(tokens, i, before.length)) before.push(tokens[i++] as RowToken);
    if (i >= tokens.length) break;
    const { labelTokens, match } = label(before);
    const result = readResult(tokens, i, labelTokens, match);
    results.push(result);
    i = Math.max(...result.tokens.map((t) => tokens.indexOf(t))) + 1;
  }
  return results;
}

/** The value at `i` (a value start, see isValueStart): a number, "<5", or an answer, maybe with its reading ("0.35 Negative"). */
function readValue(tokens: readonly RowToken[], i: number, match: AnalyteMatch | undefined): Pick<RawResult, 'number' | 'comparator' | 'answer' | 'percentMisread' | 'valueTokens'> {
  const first = tokens[i] as RowToken;
  let value: Pick<RawResult, 'number' | 'comparator' | 'answer' | 'percentMisread' | 'valueTokens'>;
  if (first.kind === 'number') {
    const percent = tokens[i + 1]?.kind === 'unit' ? undefined : fusedPercent(first.text, match);
    value = { number: percent ?? first.number, valueTokens: [first], ...(percent ? { percentMisread: true } : {}) };
  } else if (first.kind === 'comparison') {
    value = { number: first.number, comparator: first.comparator, valueTokens: [first] };
  } else {
    const answer = answerAt(tokens, i) as { code: string; length: number };
    return { answer: answer.code, valueTokens: tokens.slice(i, i + answer.length) };
  }
  const reading = answerAt(tokens, i + 1);
  if (reading && reading.code !== '1+' && reading.code !== '2+') {
    value.answer = reading.code;
    value.valueTokens = [first, ...tokens.slice(i + 1, i + 1 + reading.length)];
  }
  return value;
}

/** How many tokens from `i` spell a unit: one, or two or three pieces ("x10^9 /L", "g / dL"); 0 for none. */
function unitLengthAt(tokens: readonly RowToken[], i: number, allowed: readonly string[]): number {
  for (let length = Math.min(3, tokens.length - i); length >= 1; length--) {
    const pieces = tokens.slice(i, i + length);
    if (pieces.some((p) => p.kind !== 'unit' && p.kind !== 'word' && p.kind !== 'dash')) continue;
    if (resolveUnit(pieces.map((p) => p.text).join(''), allowed.length > 0 ? allowed : undefined)) return length;
  }
  return 0;
}

/**
 * A reference range starting at `i`: "3.9-5.5" as one word or three ("3.9 - 5.5", "12 to 16"), two
 * numbers whose dash was lost, "< 35" or "<35", "up to 40", "> 10", or a qualitative reference
 * ("Négatif"). `length` 0 with no range: the tokens are a range OCR broke ("40.0-0") and are skipped.
 */
function rangeAt(tokens: readonly RowToken[], i: number): { range?: PrintedRange; length: number } | undefined {
  const token = tokens[i] as RowToken;
  const next = tokens[i + 1];
  const afterNext = tokens[i + 2];
  if (token.kind === 'range') {
    // "40.0-0": a bound lost inside the word; a range never ends at zero.
    if (token.high.value === 0 && token.low.value > 0) return { length: 1 };
    return { range: { low: token.low, high: token.high }, length: 1 };
  }
  if (token.kind === 'comparison') return { range: token.comparator === '<' || token.comparator === '≤' ? { high: token.number } : { low: token.number }, length: 1 };
  if (token.kind === 'number' && next && afterNext?.kind === 'number' && (next.kind === 'dash' || (next.kind === 'word' && isRangeWord(next.text)))) {
    if (afterNext.number.value === 0 && token.number.value > 0) return { length: 3 };
    return { range: { low: token.number, high: afterNext.number }, length: 3 };
  }
  if (token.kind === 'number' && next?.kind === 'number' && next.number.value > token.number.value && next.cell === token.cell) {
    return { range: { low: token.number, high: next.number }, length: 2 };
  }
  if ((token.kind === 'word' || token.kind === 'dash') && next?.kind === 'number') {
    // "- 5.5" whose low bound was lost reads as an upper bound, like "< 5.5".
    if (/^(<=?|=<|≤)$/.test(token.text) || upperBoundWord(token.text) || (token.kind === 'dash' && afterNext?.kind !== 'number')) return { range: { high: next.number }, length: 2 };
    if (/^(>=?|=>|≥)$/.test(token.text) || lowerBoundWord(token.text)) return { range: { low: next.number }, length: 2 };
  }
  if (token.kind === 'word' && next?.kind === 'word' && afterNext?.kind === 'number') {
    const words = `${token.text} ${next.text}`;
    if (upperBoundWord(words)) return { range: { high: afterNext.number }, length: 3 };
    if (lowerBoundWord(words)) return { range: { low: afterNext.number }, length: 3 };
  }
  const reference = token.kind === 'word' ? answerAt(tokens, i) : undefined;
  if (reference) return { range: { text: tokens.slice(i, i + reference.length).map((p) => p.text).join(' ') }, length: reference.length };
  return undefined;
}

/** Whether the tokens at `i` open a range (used to see what an unknown word stands before). */
function opensRange(tokens: readonly RowToken[], i: number): boolean {
  const token = tokens[i];
  if (!token) return false;
  return token.kind === 'range' || token.kind === 'comparison' || (token.kind === 'number' && tokens[i + 1]?.kind === 'dash') || (token.kind === 'word' && /^(<=?|≤|>=?|≥)$/.test(token.text) && tokens[i + 1]?.kind === 'number');
}

function readResult(tokens: readonly RowToken[], start: number, labelTokens: RowToken[], match: AnalyteMatch | undefined): RawResult {
  const allowed = allowedUnits(match);
  const result: RawResult = { labelTokens, match, valueTokens: [], unitTokens: [], flags: [], tokens: [...labelTokens] };
  // A unit among the label words ("Hb (g/dL)", "Neutrophiles %"), unless it is part of the name.
  labelTokens.forEach((token, index) => {
    const inName = match !== undefined && index >= match.from && index < match.to;
    if (token.kind === 'unit' && !inName && resolveUnit(token.text, allowed.length > 0 ? allowed : undefined)) result.unitTokens = [token];
  });
  // A flag before the value ("H 13.2") ends the label.
  const lastLabel = labelTokens[labelTokens.length - 1];
  if (lastLabel?.kind === 'flag' && labelTokens.length > 1 && (!match || match.to < labelTokens.length)) result.flags.push(lastLabel.flag);

  Object.assign(result, readValue(tokens, start, match));
  result.tokens.push(...result.valueTokens);
  let i = start + result.valueTokens.length;
  let range: PrintedRange | undefined;
  // A unit read in the label gives way to the one after the value ("Neutrophiles %: 60,7 %").
  let unitFromLabel = result.unitTokens.length > 0;
  const take = (count: number) => {
    result.tokens.push(...tokens.slice(i, i + count));
    i += count;
  };
  while (i < tokens.length) {
    const token = tokens[i] as RowToken;
    const next = tokens[i + 1];
    const afterNext = tokens[i + 2];
    if (token.kind === 'flag') {
      result.flags.push(token.flag);
      take(1);
      continue;
    }
    if ((result.unitTokens.length === 0 || unitFromLabel) && (token.kind === 'unit' || token.kind === 'word')) {
      let length = unitLengthAt(tokens, i, allowed);
      // Right after the value, something shaped like a unit no table knows ("10412/", "x10%/pL") is kept
      // as the unit as printed, so that the range after it is still read.
      if (length === 0 && !range && result.unitTokens.length === 0 && token.kind === 'word' && looksUnitShaped(token.text)) length = 1;
      if (length > 0) {
        result.unitTokens = tokens.slice(i, i + length);
        unitFromLabel = false;
        take(length);
        continue;
      }
    }
    // "96" standing for "%" (not the low bound of "96 - 100").
    const percentMisread = /^(96|9%|%6)$/.test(token.text) && token.kind === 'number' && !(next?.kind === 'dash' || (next?.kind === 'number' && next.number.value > 96));
    if (percentMisread && result.unitTokens.length === 0 && !range && allowed.includes('%')) {
      result.unitTokens = [token];
      result.percentMisread = true;
      take(1);
      continue;
    }
    if (!range) {
      const found = rangeAt(tokens, i);
      if (found) {
        range = found.range;
        take(Math.max(1, found.length));
        continue;
      }
    }
    // A speck read as a letter between value and unit ("26,0 ι pg").
    if (token.kind === 'word' && [...token.text].length <= 2 && !/\d/.test(token.text) && next?.kind === 'unit' && result.unitTokens.length === 0) {
      take(1);
      continue;
    }
    // A range prefix, or a lone sign OCR made a letter of ("Ξ 35" for "< 35"), before a single number:
    // one bound, its side left to the analyte.
    const single = next?.kind === 'number' && afterNext?.kind !== 'dash' && afterNext?.kind !== 'number' && afterNext?.kind !== 'range';
    if (!range && token.kind === 'word' && single && next?.kind === 'number' && (RANGE_PREFIXES.has(nameKey(token.text)) || ([...token.text].length === 1 && !/\d/.test(token.text)))) {
      range = { low: next.number, sideUnknown: true };
      take(2);
      continue;
    }
    if (token.kind === 'word' && RANGE_PREFIXES.has(nameKey(token.text))) {
      take(1);
      continue;
    }
    // A short unknown word before the range: a garbled unit ("υπ" for U/l) when no unit was read, else
    // a garbled range prefix ("ped" for "реф."). Either way the range after it is read.
    if (token.kind === 'word' && !range && [...token.text].length <= 6 && opensRange(tokens, i + 1) && matchAnalyte([token.text]) === undefined) {
      if (result.unitTokens.length === 0) result.unitTokens = [token];
      take(1);
      continue;
    }
    if (token.kind === 'dash' && next?.kind !== 'number') {
      take(1);
      continue;
    }
    break;
  }
  if (range) result.range = range;
  return result;
}
