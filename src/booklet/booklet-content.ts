// What the paper booklet says, before any layout: the sections of the health assessment in the order
// the person and the next clinician read them, built from a chart's active entries. Labels stay i18n
// keys (translated by whoever draws them, once per language); coded values are resolved here from the
// value sets' designations in both languages; free text is kept as written, with its language.
import type { Chart, EntryRecord } from '../api/schemas/record.ts';
import type { EntryBody } from '../domain/entries.ts';
import type { PersonName, Sex } from '../domain/person.ts';
import { antigenLabel, icd10Label, loincAnswerLabel, loincLabel, ucumDisplay } from '../domain/value-sets/index.ts';
import { countryName } from '../domain/value-sets/countries.ts';
import { VITALS } from '../domain/vitals.ts';
import { languageInfo, type LanguageCode } from '../i18n/languages.ts';

/** An interface label: an i18n key with its English default (and interpolation values). */
export interface Label {
  key: string;
  defaultValue: string;
  values?: Record<string, string | number>;
}

/** One printed value. */
export type BookletValue =
  /** A label in both languages (a sex, a status, a certainty). */
  | { kind: 'label'; label: Label }
  /** A coded value, resolved from the value set in each language. */
  | { kind: 'coded'; code: string; a: string; b: string }
  /** Free text as it was written, in the language it was written in. */
  | { kind: 'free'; text: string; lang: string }
  /** Names, numbers, dates and codes: the same in both languages. */
  | { kind: 'plain'; text: string }
  /** Several values on one line. */
  | { kind: 'list'; items: BookletValue[] };

export interface BookletField {
  label: Label;
  value: BookletValue;
}

export const SECTION_IDS = ['personal', 'allergies', 'vaccinations', 'vitals', 'problems', 'medications', 'labs', 'referrals', 'followUps'] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export type BookletSection =
  | { id: SectionId; title: Label; kind: 'fields'; fields: BookletField[] }
  | { id: SectionId; title: Label; kind: 'table'; columns: { label?: Label; plain?: string; width: number }[]; rows: BookletValue[][] };

export interface BookletContent {
  centre: string;
  lngA: LanguageCode;
  lngB: LanguageCode;
  recordNumber: string;
  sections: BookletSection[];
  /** Whether the person agreed to print problems (the problems section is left out otherwise). */
  problemsConsent: boolean;
}

export interface BookletContentOptions {
  centre: string;
  /** The centre's language: first, and the layout's direction. */
  lngA: LanguageCode;
  /** The person's preferred language; English when it is the centre's own. */
  lngB: LanguageCode;
}

const label = (key: string, defaultValue: string, values?: Record<string, string | number>): Label => (values ? { key, defaultValue, values } : { key, defaultValue });
const plain = (text: string): BookletValue => ({ kind: 'plain', text });
const free = (t: { text: string; lang: string } | undefined): BookletValue => (t ? { kind: 'free', text: t.text, lang: t.lang } : plain(''));
const NONE = plain('');

/** The booklet's two languages: the centre's and the person's, English second when they are the same. */
export function bookletLanguages(centreLanguage: LanguageCode, personLanguages: readonly string[]): { lngA: LanguageCode; lngB: LanguageCode } {
  const preferred = personLanguages.map((l) => languageInfo(l)?.code).find((l): l is LanguageCode => l !== undefined);
  return { lngA: centreLanguage, lngB: preferred === undefined || preferred === centreLanguage ? 'en' : preferred };
}

/** Whether the last decision (by its date, then when it was written) on printing problems is a "given". */
export function problemsConsented(entries: readonly EntryRecord[]): boolean {
  const decisions = entries
    .filter((e) => e.status === 'active' && e.body.kind === 'consent' && e.body.purpose === 'booklet-problems')
    .sort((x, y) => consentDate(x).localeCompare(consentDate(y)) || x.updatedAt.localeCompare(y.updatedAt));
  const last = decisions[decisions.length - 1];
  return last?.body.kind === 'consent' && last.body.decision === 'given';
}

function consentDate(e: EntryRecord): string {
  return e.body.kind === 'consent' ? e.body.date : '';
}

/** The name as the person uses it: the preferred spelling, then the others. */
export function displayNames(names: readonly PersonName[]): string[] {
  const ordered = [...names.filter((n) => n.preferred), ...names.filter((n) => !n.preferred)];
  return ordered.map((n) => [n.given, n.family].filter((p) => p !== undefined && p !== '').join(' '));
}

type Of<K extends EntryBody['kind']> = Extract<EntryBody, { kind: K }>;
interface Dated<B> {
  body: B;
  date: string;
  record: EntryRecord;
}

export function bookletContent(chart: Chart, options: BookletContentOptions): BookletContent {
  const { lngA, lngB } = options;
  const coded = (code: string, lookup: (code: string, lng: LanguageCode) => string | undefined): BookletValue => ({
    kind: 'coded',
    code,
    a: lookup(code, lngA) ?? code,
    b: lookup(code, lngB) ?? code,
  });
  const episodes = chart.episodes.filter((e) => e.status === 'active');
  const episodeDate = new Map(episodes.map((e) => [e.id, e.episode.date]));
  const active = chart.entries.filter((e) => e.status === 'active' && episodeDate.has(e.episodeId));
  const entries = <K extends EntryBody['kind']>(kind: K): Dated<Of<K>>[] =>
    active
      .filter((e) => e.body.kind === kind)
      .map((e) => ({ body: e.body as Of<K>, record: e, date: entryDate(e.body, episodeDate.get(e.episodeId) ?? '') }))
      .sort((x, y) => x.date.localeCompare(y.date));
  const consent = problemsConsented(active);
  const person = chart.person.person;
  const sections: BookletSection[] = [];

  // Personal data.
  const fields: BookletField[] = [
    { label: label('person.names', 'Names'), value: { kind: 'list', items: displayNames(person.names).map(plain) } },
    person.birth.kind === 'date'
      ? { label: label('person.birthDate', 'Date of birth'), value: plain(person.birth.date) }
      : {
          label: label('person.birthEstimated', 'Age estimated'),
          value: { kind: 'label', label: label('booklet.estimatedAge', '{{years}} years on {{date}}', { years: person.birth.years, date: person.birth.estimatedOn }) },
        },
    { label: label('person.sex', 'Sex'), value: { kind: 'label', label: SEX_LABELS[person.sex] } },
  ];
  if (person.nationality) fields.push({ label: label('person.nationality', 'Nationality'), value: coded(person.nationality, countryName) });
  if (person.countryOfOrigin) fields.push({ label: label('person.countryOfOrigin', 'Country of origin'), value: coded(person.countryOfOrigin, countryName) });
  if (person.languages.length > 0) {
    fields.push({ label: label('booklet.languages', 'Languages'), value: { kind: 'list', items: person.languages.map((l) => plain(languageInfo(l)?.nativeName ?? l)) } });
  }
  if (person.arrivalDate) fields.push({ label: label('person.arrivalDate', 'Date of arrival'), value: plain(person.arrivalDate) });
  fields.push({ label: label('booklet.recordNumber', 'Record number'), value: plain(chart.person.recordNumber) });
  fields.push({ label: label('booklet.issuedBy', 'Issued by'), value: plain(options.centre) });
  sections.push({ id: 'personal', title: label('chart.personal', 'Personal data'), kind: 'fields', fields });

  // Allergies and alerts: a stated "none known" prints as such; nothing at all prints as "not recorded".
  const allergies = entries('allergy');
  const present = allergies.filter((a) => a.body.assertion === 'present');
  const allergyRows: BookletValue[][] = present.map(({ body }) => [
    plain(body.substance ?? ''),
    body.category ? { kind: 'label', label: label(`entry.allergyCategory.${body.category}`, body.category) } : NONE,
    body.criticality ? { kind: 'label', label: CRITICALITY_LABELS[body.criticality] } : NONE,
    free(body.reaction),
  ]);
  if (present.length === 0) {
    const statement = allergies.length > 0 ? label('entry.noKnownAllergies', 'No known allergies') : label('chart.allergiesUnknown', 'Not recorded');
    allergyRows.push([{ kind: 'label', label: statement }, NONE, NONE, NONE]);
  }
  if (person.unaccompaniedMinor) allergyRows.push([{ kind: 'label', label: label('person.unaccompanied', 'Unaccompanied minor') }, NONE, NONE, NONE]);
  sections.push({
    id: 'allergies',
    title: label('booklet.allergiesAlerts', 'Allergies and alerts'),
    kind: 'table',
    columns: [
      { label: label('booklet.substance', 'Substance'), width: 3 },
      { label: label('booklet.category', 'Category'), width: 2 },
      { label: label('booklet.criticality', 'Criticality'), width: 2 },
      { label: label('booklet.reaction', 'Reaction'), width: 3 },
    ],
    rows: allergyRows,
  });

  // Vaccination record.
  sections.push({
    id: 'vaccinations',
    title: label('chart.vaccinations', 'Vaccinations'),
    kind: 'table',
    columns: [
      { label: label('chart.date', 'Date'), width: 2 },
      { label: label('chart.antigen', 'Against'), width: 3 },
      { label: label('chart.doses', 'Doses'), width: 1 },
      { label: label('booklet.evidence', 'Evidence'), width: 2 },
      { label: label('booklet.product', 'Product / lot'), width: 2 },
    ],
    rows: entries('immunization').map(({ body }) => [
      body.date ? plain(body.date) : { kind: 'label', label: label('chart.dateUnknown', 'date unknown') },
      coded(body.antigen, antigenLabel),
      plain(body.dose === undefined ? '' : String(body.dose)),
      { kind: 'label', label: label(`entry.evidence.${body.evidence}`, body.evidence) },
      plain([body.product, body.lot].filter((p) => p !== undefined && p !== '').join(' / ')),
    ]),
  });

  // Vital signs: one row per measure, one column per day measured (the last four).
  const vitals = entries('observation').filter((o) => o.body.category === 'vital-signs');
  const days = [...new Set(vitals.map((v) => v.date.slice(0, 10)))].slice(-VITAL_DAYS);
  const codes = VITAL_ORDER.filter((code) => vitals.some((v) => v.body.code === code));
  sections.push({
    id: 'vitals',
    title: label('booklet.vitals', 'Vital signs'),
    kind: 'table',
    columns: [{ label: label('booklet.measure', 'Measure'), width: 4 }, ...days.map((d) => ({ plain: d, width: 2 }))],
    rows: codes.map((code) => {
      const unit = vitals.find((v) => v.body.code === code && v.body.value.type === 'quantity')?.body.value;
      const unitCode = unit?.type === 'quantity' ? unit.unit : undefined;
      const name = (lng: LanguageCode) => {
        const text = loincLabel(code, lng) ?? code;
        return unitCode ? `${text} (${ucumDisplay(unitCode, lng)})` : text;
      };
      return [
        { kind: 'coded', code, a: name(lngA), b: name(lngB) } satisfies BookletValue,
        ...days.map((day) => {
          const last = vitals.filter((v) => v.body.code === code && v.date.startsWith(day)).at(-1);
          return last ? observationValue(last.body, coded, false) : NONE;
        }),
      ];
    }),
  });

  // Problems and diagnoses: only with the person's consent to print them.
  if (consent) {
    sections.push({
      id: 'problems',
      title: label('chart.problems', 'Problems and diagnoses'),
      kind: 'table',
      columns: [
        { label: label('booklet.diagnosis', 'Diagnosis'), width: 5 },
        { label: label('booklet.certainty', 'Certainty'), width: 2 },
        { label: label('booklet.since', 'Since'), width: 2 },
        { label: label('booklet.note', 'Note'), width: 3 },
      ],
      rows: entries('condition')
        .filter((c) => c.body.certainty !== 'refuted')
        .map(({ body, date }) => [
          { kind: 'list', items: [plain(body.icd10), coded(body.icd10, icd10Label)] },
          { kind: 'label', label: label(`entry.certainty.${body.certainty}`, body.certainty) },
          plain(body.onset ?? date),
          free(body.note),
        ]),
    });
  }

  sections.push({
    id: 'medications',
    title: label('booklet.medications', 'Medicines'),
    kind: 'table',
    columns: [
      { label: label('booklet.medicine', 'Medicine'), width: 4 },
      { label: label('booklet.dose', 'Dose'), width: 3 },
      { label: label('booklet.status', 'Status'), width: 2 },
      { label: label('booklet.period', 'From – to'), width: 3 },
    ],
    rows: entries('medication').map(({ body, date }) => [
      plain(body.name),
      plain(body.dose ?? ''),
      { kind: 'label', label: label(`entry.medicationStatus.${body.status}`, body.status) },
      plain([body.start ?? date, body.end].filter((d) => d !== undefined).join(' – ')),
    ]),
  });

  sections.push({
    id: 'labs',
    title: label('booklet.labs', 'Laboratory results'),
    kind: 'table',
    columns: [
      { label: label('chart.date', 'Date'), width: 2 },
      { label: label('booklet.test', 'Test'), width: 4 },
      { label: label('booklet.result', 'Result'), width: 3 },
      { label: label('booklet.referenceRange', 'Reference range'), width: 2 },
    ],
    rows: entries('observation')
      .filter((o) => o.body.category === 'laboratory')
      .map(({ body, date }) => [plain(date.slice(0, 10)), coded(body.code, loincLabel), observationValue(body, coded, true), plain(rangeText(body.referenceRange))]),
  });

  sections.push({
    id: 'referrals',
    title: label('booklet.referrals', 'Referrals'),
    kind: 'table',
    columns: [
      { label: label('chart.date', 'Date'), width: 2 },
      { label: label('booklet.referredTo', 'Referred to'), width: 3 },
      { label: label('booklet.urgency', 'Urgency'), width: 2 },
      { label: label('chart.reason', 'Reason'), width: 3 },
      { label: label('booklet.outcome', 'Outcome'), width: 3 },
    ],
    rows: entries('referral').map(({ body, date }) => [
      plain(date),
      plain([body.to, body.specialty].filter((p) => p !== undefined && p !== '').join(', ')),
      { kind: 'label', label: label(`entry.urgency.${body.urgency}`, body.urgency) },
      free(body.reason),
      free(body.outcome),
    ]),
  });

  sections.push({
    id: 'followUps',
    title: label('booklet.followUps', 'Follow-ups and next appointments'),
    kind: 'table',
    columns: [
      { label: label('booklet.visit', 'Visit'), width: 2 },
      { label: label('booklet.visitType', 'Type of visit'), width: 3 },
      { label: label('episode.nextVisit', 'Next appointment'), width: 3 },
    ],
    rows: [...episodes]
      .sort((x, y) => x.episode.date.localeCompare(y.episode.date))
      .map((e) => [plain(e.episode.date), { kind: 'label', label: label(`episode.type.${e.episode.type}`, e.episode.type) }, plain(e.episode.nextVisit ?? '')]),
  });

  return { centre: options.centre, lngA, lngB, recordNumber: chart.person.recordNumber, sections, problemsConsent: consent };
}

const VITAL_DAYS = 4;
const VITAL_ORDER: string[] = Object.values(VITALS).map((v) => v.loinc);

const SEX_LABELS: Record<Sex, Label> = {
  female: label('person.sexFemale', 'Female'),
  male: label('person.sexMale', 'Male'),
  other: label('person.sexOther', 'Other'),
  unknown: label('person.sexUnknown', 'Not known'),
};

const CRITICALITY_LABELS: Record<NonNullable<Of<'allergy'>['criticality']>, Label> = {
  low: label('booklet.criticalityLow', 'Low'),
  high: label('booklet.criticalityHigh', 'High'),
  'unable-to-assess': label('booklet.criticalityUnknown', 'Cannot be assessed'),
};

function entryDate(body: EntryBody, episodeDate: string): string {
  if (body.kind === 'observation') return body.effectiveAt;
  if (body.kind === 'immunization') return body.date ?? '';
  if (body.kind === 'condition') return body.onset ?? episodeDate;
  return episodeDate;
}

function observationValue(body: Of<'observation'>, coded: (code: string, lookup: (code: string, lng: LanguageCode) => string | undefined) => BookletValue, withUnit: boolean): BookletValue {
  const flag: BookletValue[] = body.interpretation && body.interpretation !== 'normal' ? [{ kind: 'label', label: label(`entry.interpretation.${body.interpretation}`, body.interpretation) }] : [];
  const value = body.value;
  switch (value.type) {
    case 'quantity':
      return { kind: 'list', items: [withUnit ? coded(value.unit, (u, lng) => `${formatNumber(value.value)} ${ucumDisplay(u, lng)}`) : plain(formatNumber(value.value)), ...flag] };
    case 'coded':
      return { kind: 'list', items: [coded(value.code, loincAnswerLabel), ...flag] };
    case 'boolean':
      return { kind: 'label', label: value.value ? label('booklet.yes', 'Yes') : label('booklet.no', 'No') };
    case 'text':
      return free(value.text);
    case 'date':
      return plain(value.date);
  }
}

/** Numbers print with a full stop and no grouping in every language: a dose must never be misread. */
function formatNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}

function rangeText(range: { low?: number | undefined; high?: number | undefined; text?: string | undefined } | undefined): string {
  if (!range) return '';
  if (range.low !== undefined && range.high !== undefined) return `${formatNumber(range.low)}–${formatNumber(range.high)}`;
  if (range.low !== undefined) return `≥ ${formatNumber(range.low)}`;
  if (range.high !== undefined) return `≤ ${formatNumber(range.high)}`;
  return range.text ?? '';
}
