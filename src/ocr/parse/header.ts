// What the report's header says besides results: the date the sample was collected and the
// laboratory's name. Labels are looked for in each language of the programme; a date belongs to the
// nearest label before it on its row (or, when its row has none, on the row above).
import type { Row } from './layout.ts';

/** Lower case without diacritics, one code unit for one code unit, so positions carry over to the original. */
function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const base = (char.normalize('NFD')[0] ?? char).toLowerCase();
    out += base.length === char.length ? base : char;
  }
  return out.replace(/ς/g, 'σ').replace(/[أإآ]/g, 'ا');
}

const COLLECTION_LABELS = [
  'date of collection', 'collection date', 'date collected', 'collected on', 'collected', 'sample date', 'sampling date', 'specimen date', 'date sampled', 'specimen collected', 'sample collected', 'date of sampling', 'sample taken', 'specimen taken', 'sample received',
  'date de prelevement', 'date du prelevement', 'preleve le', 'prelevement du', 'prelevement le', 'prelevement',
  'ημερομηνια ληψης', 'ημ/νια ληψης', 'ημ. ληψης', 'ληψη δειγματος', 'ημερομηνια αιμοληψιας', 'ημ. αιμοληψιας', 'αιμοληψια', 'ληψη',
  'датум узорковања', 'датум пријема узорка', 'датум узимања узорка', 'датум узимања', 'узорковано', 'узорак узет', 'datum uzorkovanja', 'datum uzimanja uzorka', 'datum uzimanja', 'uzorkovano', 'uzorak uzet',
  'data prelievo', 'data del prelievo', 'prelievo', 'data recoltarii', 'data recoltare', 'recoltat', 'datum odvzema', 'odvzem',
  'дата на вземане', 'дата на вземане на пробата', 'entnahmedatum', 'abnahmedatum', 'entnahme', 'probenahme',
  'تاريخ السحب', 'تاريخ سحب العينة', 'تاريخ اخذ العينة', 'تاريخ جمع العينة', 'تاريخ العينة', 'تاريخ الجمع',
].map(fold);

const BIRTH_LABELS = [
  'date of birth', 'dob', 'd.o.b', 'born', 'birth', 'date de naissance', 'ne le', 'nee le', 'ne(e) le', 'naissance',
  'ημερομηνια γεννησης', 'ημ. γεννησης', 'γεννηση', 'датум рођења', 'рођен', 'рођена', 'datum rodenja', 'roden', 'rodena', 'datum rođenja', 'rođen',
  'data di nascita', 'nato il', 'data nasterii', 'data nașterii', 'datum rojstva', 'дата на раждане', 'geburtsdatum', 'geboren',
  'تاريخ الميلاد', 'تاريخ الولادة', 'الميلاد',
].map(fold);

const OTHER_DATE_LABELS = [
  'report date', 'date of report', 'reported', 'printed', 'received', 'validated', 'date reported', 'issued', 'print date',
  'date du compte rendu', 'edite le', 'imprime le', 'recu le', 'valide le', 'date d\'edition',
  'ημερομηνια εκδοσης', 'ημ. εκδοσης', 'εκδοση', 'εκτυπωση', 'παραλαβη', 'датум издавања', 'штампано', 'примљено', 'datum izdavanja', 'stampano', 'primljeno',
  'تاريخ التقرير', 'تاريخ الطباعة', 'تاريخ الاستلام', 'تاريخ الاصدار',
].map(fold);

const MONTHS: [string, number][] = (
  [
    ['january jan janvier janv gennaio gen ianuarie ian januar jan. januari siječanj siječnja sijecanj sijecnja јануар januar јануари ιανουαριοσ ιανουαριου ιαν januar', 1],
    ['february feb fevrier fevr febbraio februarie februar фебруар veljača veljace veljaca февруари φεβρουαριοσ φεβρουαριου φεβ', 2],
    ['march mar mars marzo martie mart март marec ozujak ozujka ožujak ožujka märz marz μαρτιοσ μαρτιου μαρ', 3],
    ['april apr avril aprile aprilie април travanj travnja απριλιοσ απριλιου απρ', 4],
    ['may mai maggio мај maj май svibanj svibnja μαιοσ μαιου μαι', 5],
    ['june jun juin giugno iunie јун junij юни lipanj lipnja juni ιουνιοσ ιουνιου ιουν', 6],
    ['july jul juillet juil luglio iulie јул julij юли srpanj srpnja juli ιουλιοσ ιουλιου ιουλ', 7],
    ['august aug aout août agosto август avgust kolovoz kolovoza αυγουστοσ αυγουστου αυγ', 8],
    ['september sep sept septembre settembre septembrie септембар septembar септември rujan rujna σεπτεμβριοσ σεπτεμβριου σεπ', 9],
    ['october oct octobre ottobre octombrie октобар oktobar oktober октомври listopad listopada οκτωβριοσ οκτωβριου οκτ okt', 10],
    ['november nov novembre noiembrie новембар novembar ноември studeni studenoga νοεμβριοσ νοεμβριου νοε', 11],
    ['december dec decembre dicembre decembrie децембар decembar декември prosinac prosinca dezember δεκεμβριοσ δεκεμβριου δεκ dez', 12],
  ] as [string, number][]
).flatMap(([names, month]) => names.split(' ').map((name) => [fold(name), month] as [string, number]));

const ARABIC_MONTHS: [string, number][] = [
  ['يناير', 1], ['فبراير', 2], ['مارس', 3], ['ابريل', 4], ['أبريل', 4], ['مايو', 5], ['يونيو', 6], ['يوليو', 7], ['اغسطس', 8], ['أغسطس', 8], ['سبتمبر', 9], ['اكتوبر', 10], ['أكتوبر', 10], ['نوفمبر', 11], ['ديسمبر', 12],
  ['كانون الثاني', 1], ['شباط', 2], ['اذار', 3], ['آذار', 3], ['نيسان', 4], ['ايار', 5], ['أيار', 5], ['حزيران', 6], ['تموز', 7], ['اب', 8], ['آب', 8], ['ايلول', 9], ['أيلول', 9], ['تشرين الاول', 10], ['تشرين الأول', 10], ['تشرين الثاني', 11], ['كانون الاول', 12], ['كانون الأول', 12],
  ['جانفي', 1], ['فيفري', 2], ['أفريل', 4], ['ماي', 5], ['جوان', 6], ['جويلية', 7], ['أوت', 8],
].map(([name, month]) => [fold(name as string), month as number]);

function monthNumber(word: string): number | undefined {
  const key = fold(word).replace(/\.$/, '');
  const arabic = ARABIC_MONTHS.find(([name]) => name === key);
  if (arabic) return arabic[1];
  const exact = MONTHS.find(([name]) => name === key);
  if (exact) return exact[1];
  if (key.length < 3) return undefined;
  const months = new Set(MONTHS.filter(([name]) => name.startsWith(key) || (key.startsWith(name) && name.length >= 4)).map(([, m]) => m));
  return months.size === 1 ? [...months][0] : undefined;
}

function iso(year: number, month: number, day: number): string | undefined {
  if (year < 100) year += year < 70 ? 2000 : 1900;
  if (month < 1 || month > 12 || day < 1) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface FoundDate {
  iso: string;
  index: number;
}

/**
 * Every date in a text: 2024-03-12, 12/03/2024, 12.03.24, 12 mars 2024, 12. март 2024., March 12, 2024,
 * 12-Mar-2024, ١٢ آذار ٢٠٢٤ (digits already Latin). Numeric dates are read day first, as European and
 * Middle-Eastern laboratories print them, unless the first number cannot be a day-of-month order.
 */
export function findDates(text: string): FoundDate[] {
  const found: FoundDate[] = [];
  const taken: [number, number][] = [];
  const add = (date: string | undefined, index: number, length: number) => {
    if (date === undefined || taken.some(([a, b]) => index < b && index + length > a)) return;
    taken.push([index, index + length]);
    found.push({ iso: date, index });
  };
  for (const m of text.matchAll(/(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g)) add(iso(Number(m[1]), Number(m[2]), Number(m[3])), m.index, m[0].length);
  for (const m of text.matchAll(/(?<![\d.])(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})(?![\d])/g)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = Number(m[3]);
    const dayFirst = !(b > 12 && a <= 12);
    add(dayFirst ? iso(year, b, a) : iso(year, a, b), m.index, m[0].length);
  }
  for (const m of text.matchAll(/(?<!\d)(\d{1,2})\.?[\s\-/]*(\p{L}+\.?(?:\s(?:الثاني|الاول|الأول))?)[\s\-/,]*(\d{4})(?!\d)/gu)) {
    const month = monthNumber(m[2] ?? '');
    if (month !== undefined) add(iso(Number(m[3]), month, Number(m[1])), m.index, m[0].length);
  }
  for (const m of text.matchAll(/(\p{L}+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)/gu)) {
    const month = monthNumber(m[1] ?? '');
    if (month !== undefined) add(iso(Number(m[3]), month, Number(m[2])), m.index, m[0].length);
  }
  return found.sort((a, b) => a.index - b.index);
}

type LabelKind = 'collection' | 'birth' | 'other';

function labelsIn(text: string): { kind: LabelKind; index: number; end: number }[] {
  const folded = fold(text);
  const out: { kind: LabelKind; index: number; end: number }[] = [];
  for (const [kind, labels] of [
    ['collection', COLLECTION_LABELS],
    ['birth', BIRTH_LABELS],
    ['other', OTHER_DATE_LABELS],
  ] as const) {
    for (const label of labels) {
      let from = 0;
      for (;;) {
        const index = folded.indexOf(label, from);
        if (index < 0) break;
        const before = folded[index - 1];
        if (before === undefined || !/\p{L}/u.test(before)) out.push({ kind, index, end: index + label.length });
        from = index + 1;
      }
    }
  }
  // The longest label at a place wins ("date of birth" over "birth").
  return out.filter((l) => !out.some((o) => o !== l && o.index <= l.index && o.end >= l.end && o.end - o.index > l.end - l.index));
}

const RANK: Record<LabelKind | 'none', number> = { collection: 0, none: 2, other: 3, birth: 99 };

/** The ISO date the sample was collected on, from the rows of every page. */
export function findCollectionDate(rows: readonly Row[], resultRows: ReadonlySet<Row>): string | undefined {
  let best: { iso: string; rank: number } | undefined;
  rows.forEach((row, r) => {
    // A result row's "4.5-11.0" is no date.
    if (resultRows.has(row)) return;
    const dates = findDates(row.text);
    if (dates.length === 0) return;
    const labels = labelsIn(row.text);
    const previous = rows[r - 1];
    const above = previous && previous.page === row.page && findDates(previous.text).length === 0 ? labelsIn(previous.text) : [];
    for (const date of dates) {
      const before = labels.filter((l) => l.end <= date.index).sort((a, b) => b.end - a.end)[0];
      const kind: LabelKind | 'none' = before?.kind ?? (labels.length === 0 && above.length > 0 ? (above[above.length - 1] as { kind: LabelKind }).kind : 'none');
      const rank = RANK[kind];
      if (rank < 99 && (!best || rank < best.rank)) best = { iso: date.iso, rank };
    }
  });
  return best?.iso;
}

const LAB_WORDS = [
  'laboratory', 'laboratories', 'lab', 'laboratoire', 'laboratoires', 'εργαστηριο', 'εργαστηρια', 'лабораторија', 'laboratorija', 'laboratorio', 'laborator', 'laboratorij', 'лаборатория', 'labor', 'laboratorium',
  'مختبر', 'المختبر', 'مختبرات', 'معمل', 'مخبر', 'biolab', 'medilab', 'biologie medicale', 'clinical pathology', 'diagnostic centre', 'diagnostic center', 'диагностички центар',
].map(fold);

const TITLE_WORDS = [
  'report', 'results', 'result', 'test results', 'εξετασεις', 'εξετασεων', 'εργαστηριακεσ', 'лабораторијски', 'лабораторијских', 'laboratorijski', 'rapport', 'compte rendu', 'resultats', 'αποτελεσματα', 'αποτελεσμα', 'налаз', 'резултати', 'nalaz', 'rezultati', 'referto', 'risultati', 'buletin', 'rezultate', 'izvid',
  'تقرير', 'نتائج', 'نتيجة', 'patient', 'ασθενησ', 'пацијент', 'pacijent', 'المريض',
].map(fold);

function containsWord(folded: string, word: string): boolean {
  let from = 0;
  for (;;) {
    const index = folded.indexOf(word, from);
    if (index < 0) return false;
    const before = folded[index - 1];
    const after = folded[index + word.length];
    const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
    // Arabic words take prefixes and suffixes; Latin and Greek words are matched whole or as a stem.
    if (!isLetter(before) || /[\u0600-\u06ff]/.test(word)) return !isLetter(after) || word.length >= 5 || /[\u0600-\u06ff]/.test(word);
    from = index + 1;
  }
}

function tidy(text: string): string {
  const out = text.replace(/\s+/g, ' ').replace(/^[\s\-–—•|:.,]+|[\s\-–—•|:,]+$/g, '').trim();
  // A speck read as a full stop after the name; abbreviations keep theirs ("Ltd.").
  return /\p{Ll}{3}\.$/u.test(out) && !/\b(ltd|inc|corp)\.$/i.test(out) ? out.slice(0, -1) : out;
}

interface NameCandidate {
  text: string;
  score: number;
  order: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The laboratory's name, from the first page's header (the rows above the first result). Each line,
 * or the value of a "Laboratory: ..." field, is a candidate: naming a laboratory counts for it, being
 * a report title ("Laboratory report", "Εργαστηριακές εξετάσεις") against, and so do dates and fields;
 * the top line and the largest print count for it. The best wins, the higher one on a tie.
 */
export function findLabName(rows: readonly Row[], resultRows: ReadonlySet<Row>): string | undefined {
  const firstPage = rows.filter((row) => row.page === (rows[0]?.page ?? 1));
  const firstResult = firstPage.findIndex((row) => resultRows.has(row));
  const header = firstPage.slice(0, firstResult >= 0 ? firstResult : Math.min(firstPage.length, 8));
  const size = (row: Row) => median(row.words.map((w) => w.box.y1 - w.box.y0));
  const largest = Math.max(0, ...header.map(size));
  const candidates: NameCandidate[] = [];
  header.forEach((row, index) => {
    // A line on its own (no field in it) is one name even when wide letter spacing cut it into cells.
    const parts = row.cells.every((cell) => !cell.some((w) => w.text.includes(':'))) ? [row.words] : row.cells;
    for (const part of parts) {
      // Specks at either end ("'.", "Λ'." read at 0% confidence) are not part of the name.
      const junk = (w: Row['words'][number]) => !/[\p{L}\p{N}]{2}/u.test(w.text) || ([...w.text].length <= 3 && w.confidence < 30);
      let [from, to] = [0, part.length];
      while (from < to && junk(part[from] as Row['words'][number])) from++;
      while (to > from && junk(part[to - 1] as Row['words'][number])) to--;
      const cell = part.slice(from, to);
      if (cell.length === 0) continue;
      const whole = tidy(cell.map((w) => w.text).join(' '));
      // A field ("Lab No.: 2504-2673", "Laboratory: Saint-Michel"): only its value can be a name.
      const colon = whole.indexOf(':');
      const text = colon >= 0 ? tidy(whole.slice(colon + 1)) : whole;
      if (!/\p{L}{3}/u.test(text) || findDates(whole).length > 0) continue;
      const folded = fold(whole);
      let score = 0;
      if (LAB_WORDS.some((w) => containsWord(folded, w))) score += 2;
      if (TITLE_WORDS.some((w) => containsWord(folded, w))) score -= 3;
      if (colon >= 0 && !(LAB_WORDS.some((w) => containsWord(fold(whole.slice(0, colon)), w)))) score -= 3;
      if (/\d{3,}/.test(text)) score -= 1;
      if (index === 0) score += 1;
      // A line OCR could hardly read is better left out than shown garbled.
      if (cell.reduce((n, w) => n + w.confidence, 0) / cell.length < 65) score -= 2;
      if (size(row) >= largest * 0.95) score += 1;
      candidates.push({ text, score, order: index });
    }
  });
  const best = candidates.sort((a, b) => b.score - a.score || a.order - b.order)[0];
  return best && best.score > 0 ? best.text : undefined;
}
