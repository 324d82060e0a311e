// The paper booklet from a real record: built from the chart the contract returns, printed in pairs of
// languages (including right-to-left ones) and read back with poppler: labels and coded values in both
// languages, fonts embedded, problems only with consent, the A4 imposition's sheet count.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { join } from 'node:path';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chart, EpisodeRecord, PersonRecord } from '../../src/api/schemas/record.ts';
import { translator } from '../../src/app/translations.ts';
import { bookletContent, bookletLanguages } from '../../src/booklet/booklet-content.ts';
import { bookletA4, bookletPdf } from '../../src/booklet/booklet-pdf.ts';
import { antigenLabel, icd10Label, loincLabel } from '../../src/domain/value-sets/index.ts';
import { mm } from '../../src/pdf/index.ts';
import { countryName } from '../../src/domain/value-sets/countries.ts';
import { LANGUAGE_CODES, type LanguageCode } from '../../src/i18n/languages.ts';
import { setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

const CENTRE = 'Lesvos Reception Centre';
const FIXED = new Date('2026-12-01T00:00:00Z');
const REACTION = 'طفح جلدي شديد';

let store: TestStore;
let out: { dir: string; cleanup: () => void };
let personId: string;
let episodeId: string;

async function chart(): Promise<Chart> {
  return store.value<Chart>('person.chart', { personId });
}

function write(bytes: Uint8Array, name: string): string {
  const file = join(out.dir, name);
  writeFileSync(file, bytes);
  return file;
}

function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

function pageCount(file: string): number {
  return Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
}

/** Every word of `phrase` is in the extracted text (right-to-left lines come back in poppler's own word order). */
function expectWords(text: string, phrase: string): void {
  const flat = text.replace(/[\u202A-\u202E\u2066-\u2069]/g, '');
  for (const word of phrase.split(/\s+/).map((w) => w.replace(/[()،:,]/g, '')).filter(Boolean)) expect(flat, `"${word}" of "${phrase}"`).toContain(word);
}

beforeAll(async () => {
  store = await setUpStore();
  out = makeTempDir('carnet-booklet-');
  const person = await store.value<PersonRecord>('person.register', {
    person: {
      names: [
        { given: 'Ahmad', family: 'Karimi', script: 'Latn', source: 'document', preferred: true },
        { given: 'احمد', family: 'کریمی', script: 'Arab', source: 'spoken' },
      ],
      birth: { kind: 'date', date: '1990-03-02' },
      sex: 'male',
      nationality: 'AF',
      languages: ['fa', 'en'],
      arrivalDate: '2026-11-01',
    },
  });
  personId = person.id;
  const episode = await store.value<EpisodeRecord>('episode.create', {
    personId,
    episode: { type: 'initial-assessment', date: '2026-11-20', language: 'fa', nextVisit: '2026-12-04' },
    entries: [
      { kind: 'observation', category: 'vital-signs', code: '8867-4', value: { type: 'quantity', value: 88, unit: '/min' }, effectiveAt: '2026-11-20T09:30:00.000Z' },
      { kind: 'observation', category: 'vital-signs', code: '8480-6', value: { type: 'quantity', value: 128, unit: 'mm[Hg]' }, effectiveAt: '2026-11-20T09:30:00.000Z' },
      { kind: 'observation', category: 'vital-signs', code: '8462-4', value: { type: 'quantity', value: 82, unit: 'mm[Hg]' }, effectiveAt: '2026-11-20T09:30:00.000Z' },
      { kind: 'observation', category: 'vital-signs', code: '29463-7', value: { type: 'quantity', value: 71.5, unit: 'kg' }, effectiveAt: '2026-11-20T09:30:00.000Z' },
      { kind: 'observation', category: 'laboratory', code: '718-7', value: { type: 'quantity', value: 13.4, unit: 'g/dL' }, effectiveAt: '2026-11-20T10:00:00.000Z' },
      { kind: 'immunization', antigen: 'measles', dose: 1, date: '1991-04-10', evidence: 'documented' },
      { kind: 'immunization', antigen: 'tetanus', dose: 3, date: '2026-11-20', evidence: 'given', product: 'Td', lot: 'AB123' },
      { kind: 'allergy', assertion: 'present', substance: 'Penicillin', category: 'medication', criticality: 'high', reaction: { text: REACTION, lang: 'fa' } },
      { kind: 'condition', icd10: 'J45.9', novelty: 'known', certainty: 'confirmed' },
      { kind: 'medication', name: 'Salbutamol inhaler', dose: '100 µg, 2 puffs as needed', status: 'current' },
      { kind: 'referral', to: 'Mytilene General Hospital', specialty: 'pulmonology', urgency: 'routine', reason: { text: 'Asthma review', lang: 'en' } },
    ],
  });
  episodeId = episode.id;
  await store.value('episode.create', { personId, episode: { type: 'follow-up', date: '2026-11-27' } });
}, 60_000);
afterAll(() => {
  store.cleanup();
  out.cleanup();
});

describe('the booklet’s content', () => {
  it('follows the health assessment’s order and leaves problems out without consent', async () => {
    const content = bookletContent(await chart(), { centre: CENTRE, lngA: 'el', lngB: 'fa' });
    expect(content.sections.map((s) => s.id)).toEqual(['personal', 'allergies', 'vaccinations', 'vitals', 'medications', 'labs', 'referrals', 'followUps']);
    expect(content.problemsConsent).toBe(false);
    const vaccinations = content.sections.find((s) => s.id === 'vaccinations');
    expect(vaccinations?.kind === 'table' && vaccinations.rows[0]?.[1]).toEqual({ kind: 'coded', code: 'measles', a: 'Ιλαρά', b: 'سرخک' });
  });

  it('prints the centre’s language and the person’s, English second when they are the same', () => {
    expect(bookletLanguages('el', ['fa', 'en'])).toEqual({ lngA: 'el', lngB: 'fa' });
    expect(bookletLanguages('ar', ['ar'])).toEqual({ lngA: 'ar', lngB: 'en' });
    expect(bookletLanguages('sr', [])).toEqual({ lngA: 'sr', lngB: 'en' });
  });
});

// Every language of the project with English (English itself with Arabic), and centre/person pairs
// of two non-English languages in both directions.
const PAIRS: [LanguageCode, LanguageCode][] = [
  ...LANGUAGE_CODES.map((lng): [LanguageCode, LanguageCode] => [lng, lng === 'en' ? 'ar' : 'en']),
  ['el', 'fa'],
  ['sr', 'ps'],
  ['it', 'ur'],
];

describe('the booklet as a PDF', { timeout: 30_000 }, () => {
  const translators = new Map<string, TFunction>();
  const t = async (lng: string): Promise<TFunction> => {
    const found = translators.get(lng) ?? (await translator(lng));
    translators.set(lng, found);
    return found;
  };

  it.each(PAIRS)('prints labels and coded values in %s and %s side by side, with every font embedded', async (lngA, lngB) => {
    const c = await chart();
    const file = write(await bookletPdf(c, { centre: CENTRE, lngA, lngB, fixedDate: FIXED }), `booklet-${lngA}-${lngB}.pdf`);
    const text = pdfText(file);
    for (const lng of [lngA, lngB]) {
      const tr = await t(lng);
      for (const key of ['chart.vaccinations', 'person.birthDate', 'person.nationality', 'chart.personal']) expectWords(text, tr(key));
      expectWords(text, tr('booklet.page', { n: 1, count: pageCount(file), defaultValue: 'Page {{n}} of {{count}}' }));
      expectWords(text, antigenLabel('measles', lng) as string);
      expectWords(text, antigenLabel('tetanus', lng) as string);
      expectWords(text, loincLabel('8867-4', lng) as string);
      expectWords(text, loincLabel('718-7', lng) as string);
      expectWords(text, countryName('AF', lng) as string);
    }
    for (const value of ['Ahmad Karimi', 'احمد کریمی', '1990-03-02', '2026-12-04', 'Penicillin', 'Salbutamol inhaler', 'Mytilene General Hospital', '[en]', '[fa]', CENTRE]) {
      expectWords(text, value);
    }
    expectWords(text, REACTION);
    expect(text).not.toContain('J45.9');
    // No character went without a glyph (the engine prints U+FFFD rather than a .notdef box).
    expect(text).not.toContain('\uFFFD');

    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/yes\s+yes\s+yes/);
    if ([lngA, lngB].some((l) => ['ar', 'fa', 'ps'].includes(l))) expect(fonts.join('\n')).toMatch(/NotoNaskhArabic/);
    // Urdu is printed in Nastaliq.
    if ([lngA, lngB].includes('ur')) expect(fonts.join('\n')).toMatch(/NotoNastaliqUrdu/);
  });

  it('lays the labels out from the right when the centre’s language is Arabic, and from the left otherwise', async () => {
    const c = await chart();
    const at = async (lngA: LanguageCode, lngB: LanguageCode, word: string): Promise<{ xMin: number; xMax: number; width: number }> => {
      const file = write(await bookletPdf(c, { centre: CENTRE, lngA, lngB, fixedDate: FIXED }), `layout-${lngA}.pdf`);
      const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
      const width = Number(/<page width="([\d.]+)"/.exec(html)?.[1]);
      const hit = [...html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)].find((m) => m[3] === word);
      if (!hit) throw new Error(`"${word}" not on page 1`);
      return { xMin: Number(hit[1]), xMax: Number(hit[2]), width };
    };
    const rtl = await at('ar', 'en', '1990-03-02');
    const ltr = await at('en', 'ar', '1990-03-02');
    // The value column is the last one from the start side: on the left half in Arabic, on the right half in English.
    expect(rtl.xMax).toBeLessThan(rtl.width / 2);
    expect(ltr.xMin).toBeGreaterThan(ltr.width / 2);
  });

  it('prints problems only while the person’s consent to print them stands', async () => {
    const diagnosis = (lng: LanguageCode) => icd10Label('J45.9', lng) as string;
    const print = async (name: string) => pdfText(write(await bookletPdf(await chart(), { centre: CENTRE, lngA: 'el', lngB: 'ar', fixedDate: FIXED }), name));
    expect(await print('no-consent.pdf')).not.toContain('J45.9');

    await store.value('entry.add', { episodeId, entries: [{ kind: 'consent', purpose: 'booklet-problems', decision: 'given', date: '2026-11-20' }] });
    const given = await print('consent.pdf');
    expect(given).toContain('J45.9');
    expectWords(given, diagnosis('el'));
    expectWords(given, diagnosis('ar'));
    expectWords(given, (await t('el'))('chart.problems'));

    await store.value('entry.add', { episodeId, entries: [{ kind: 'consent', purpose: 'booklet-problems', decision: 'withdrawn', date: '2026-11-25' }] });
    expect(await print('withdrawn.pdf')).not.toContain('J45.9');
  });

  it('imposes the booklet on A4 sheets for saddle stitching: two A4 pages per four A5 pages', async () => {
    const c = await chart();
    for (const [lngA, lngB] of [
      ['el', 'fa'],
      ['ar', 'en'],
    ] as const) {
      const a5 = write(await bookletPdf(c, { centre: CENTRE, lngA, lngB, fixedDate: FIXED }), `a5-${lngA}.pdf`);
      const a4 = write(await bookletA4(c, { centre: CENTRE, lngA, lngB, fixedDate: FIXED }), `a4-${lngA}.pdf`);
      const pages = pageCount(a5);
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pageCount(a4)).toBe(Math.ceil(pages / 4) * 2);
      expect(execFileSync('pdfinfo', [a4], { encoding: 'utf8' })).toMatch(/Page size:\s+841\.89 x 595\.27/);
      const text = pdfText(a4);
      expectWords(text, antigenLabel('measles', lngB) as string);
    }
  });
});

// The first page of each language's booklet (with English), rendered by poppler and compared with a
// reviewed reference (tests/fixtures/booklet-golden/<lng>.png; CARNET_UPDATE_GOLDEN=1 rewrites them
// after a reviewed change). Dates, font names and the QR code are fixed, so the same input draws the
// same page; a small tolerance absorbs anti-aliasing differences between poppler builds.
const GOLDEN_DIR = join(import.meta.dirname, '..', 'fixtures', 'booklet-golden');
const GOLDEN_DPI = 50;
const FIXED_QR = 'CB1:golden-page-reference-code-0123456789';

async function greyPixels(png: Uint8Array): Promise<{ width: number; height: number; grey: Uint8Array }> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const rgba = context.getImageData(0, 0, image.width, image.height).data;
  const grey = new Uint8Array(image.width * image.height);
  for (let i = 0; i < grey.length; i++) grey[i] = Math.round((rgba[i * 4]! + rgba[i * 4 + 1]! + rgba[i * 4 + 2]!) / 3);
  return { width: image.width, height: image.height, grey };
}

function firstPagePng(pdf: string, dpi: number): Buffer {
  return execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', '-singlefile', pdf]);
}

describe('the first page in every language', { timeout: 60_000 }, () => {
  it.each(LANGUAGE_CODES)('draws %s as its reviewed reference', async (lng) => {
    const lngB: LanguageCode = lng === 'en' ? 'ar' : 'en';
    const file = write(await bookletPdf(await chart(), { centre: CENTRE, lngA: lng, lngB, fixedDate: FIXED, qr: FIXED_QR }), `golden-${lng}.pdf`);
    const png = firstPagePng(file, GOLDEN_DPI);
    const golden = join(GOLDEN_DIR, `${lng}.png`);
    if (process.env['CARNET_UPDATE_GOLDEN'] === '1') {
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(golden, png);
    }
    const [now, reference] = [await greyPixels(png), await greyPixels(readFileSync(golden))];
    expect([now.width, now.height]).toEqual([reference.width, reference.height]);
    let differing = 0;
    for (let i = 0; i < now.grey.length; i++) if (Math.abs(now.grey[i]! - reference.grey[i]!) > 64) differing++;
    expect(differing / now.grey.length, `${lng}: share of pixels that differ`).toBeLessThan(0.005);
    // The Arabic and Persian first pages, for people to look at (test-results/ is kept by CI).
    if (lng === 'ar' || lng === 'fa') {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(join(RESULTS_DIR, `booklet-${lng}-page1.png`), firstPagePng(file, 100));
    }
  });
});

const RESULTS_DIR = join(import.meta.dirname, '..', '..', 'test-results');

describe('hostile names', { timeout: 60_000 }, () => {
  it('prints markup, a right-to-left override, emoji and a 500-character name as text, inside the page', async () => {
    const long = 'Abdulrahman'.repeat(18).slice(0, 200);
    const hostile = await store.value<PersonRecord>('person.register', {
      person: {
        names: [
          { given: '<script>alert(1)</script>', family: `Ali\u202Eevil\u202C ${'Q'.repeat(120)}`, script: 'Latn', source: 'document', preferred: true },
          { given: long, family: long, script: 'Latn', source: 'spoken' },
          { given: 'Sara 😀🇸🇾', family: 'Haddad', script: 'Latn', source: 'spoken' },
        ],
        birth: { kind: 'date', date: '2001-01-01' },
        sex: 'female',
        languages: ['ar'],
      },
    });
    const hostileChart = await store.value<Chart>('person.chart', { personId: hostile.id });
    for (const [lngA, lngB] of [
      ['en', 'ar'],
      ['ar', 'en'],
    ] as const) {
      const file = write(await bookletPdf(hostileChart, { centre: CENTRE, lngA, lngB, fixedDate: FIXED }), `hostile-${lngA}.pdf`);
      const text = pdfText(file);
      expect(text).toContain('<script>alert(1)</script>');
      expect(text.replace(/\s+/g, '')).toContain(long.slice(0, 60));
      // Every word stays inside the page (the margins are 12 mm; a little slack for the last glyph).
      const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
      const width = Number(/<page width="([\d.]+)"/.exec(html)?.[1]);
      for (const m of html.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<\/word>/g)) {
        expect(Number(m[1]), m[3]).toBeGreaterThanOrEqual(mm(12) - 1);
        expect(Number(m[2]), m[3]).toBeLessThanOrEqual(width - mm(12) + 1);
      }
      // The override is contained: the label after the name reads in its own direction.
      const tr = await translator(lngA);
      expectWords(text, tr('person.birthDate'));
    }
  });
});
