// Demo episodes: an initial health assessment (consent, vital signs, conditions, vaccinations,
// allergies, treatment, referrals), follow-ups, and lab-only visits, coded as the record codes them:
// LOINC (../domain/vitals.ts, ../domain/value-sets/loinc.ts), ICD-10 from the curated list, antigens
// and CVX products of the vaccine value set.
import type { EntryBody, Episode } from '../domain/entries.ts';
import type { Sex } from '../domain/person.ts';
import { icd10Entry, loincAnswers, loincItem, vaccine, type LoincItem, type ValueRange } from '../domain/value-sets/index.ts';
import { bmi, VITALS, type VitalName } from '../domain/vitals.ts';
import { addDays, at, daysBetween } from './dates.ts';
import type { Random } from './random.ts';

export interface DemoEpisode {
  episode: Episode;
  entries: EntryBody[];
}

export interface Patient {
  sex: Sex;
  age: number;
  /** The person's first language, for the episode. */
  language?: string;
  registeredOn: string;
}

interface ConditionRule {
  icd10: string;
  weight: number;
  /** Who can have it. */
  when?: (p: Patient) => boolean;
  complaint?: string;
  medication?: { name: string; dose?: string; status: 'current' | 'given' | 'prescribed' };
  referral?: { to: string; specialty: string; urgency: 'routine' | 'urgent' | 'emergency'; reason: string };
  /** Vital signs it shifts. */
  fever?: boolean;
  hypertension?: boolean;
}

const adult = (p: Patient) => p.age >= 18;
const child = (p: Patient) => p.age < 18;
const over35 = (p: Patient) => p.age >= 35;
const femaleOfChildbearingAge = (p: Patient) => p.sex === 'female' && p.age >= 16 && p.age <= 44;

const CONDITIONS: readonly ConditionRule[] = [
  { icd10: 'B86', weight: 10, complaint: 'Itching all over for two weeks, worse at night.', medication: { name: 'Permethrin 5% cream', status: 'given' } },
  { icd10: 'J06.9', weight: 10, complaint: 'Sore throat, runny nose and cough for three days.', medication: { name: 'Paracetamol', dose: '500 mg up to 4 times a day', status: 'given' }, fever: true },
  { icd10: 'K02.9', weight: 8, complaint: 'Toothache.', referral: { to: 'Dental clinic', specialty: 'dentistry', urgency: 'routine', reason: 'Dental caries, several teeth.' } },
  { icd10: 'F43.1', weight: 5, when: (p) => p.age >= 12, complaint: 'Nightmares and poor sleep since the journey.', referral: { to: 'Psychologist of the centre', specialty: 'psychology', urgency: 'routine', reason: 'Symptoms of post-traumatic stress.' } },
  { icd10: 'F43.2', weight: 4, when: (p) => p.age >= 12, complaint: 'Low mood, worried about family at home.' },
  { icd10: 'F32.1', weight: 2, when: adult, medication: { name: 'Sertraline', dose: '50 mg daily', status: 'prescribed' } },
  { icd10: 'F41.1', weight: 2, when: adult },
  { icd10: 'T14.1', weight: 4, complaint: 'Wound on the leg from the border fence.', medication: { name: 'Wound dressing', status: 'given' } },
  { icd10: 'T14.0', weight: 3, complaint: 'Bruises and scratches from the journey.' },
  { icd10: 'S93.4', weight: 2, when: (p) => p.age >= 10, complaint: 'Painful swollen ankle after a fall.', medication: { name: 'Ibuprofen', dose: '400 mg three times a day', status: 'given' } },
  { icd10: 'L30.9', weight: 3, medication: { name: 'Hydrocortisone 1% cream', status: 'given' } },
  { icd10: 'B35.3', weight: 3, when: (p) => p.age >= 10, complaint: 'Itchy peeling skin between the toes.', medication: { name: 'Clotrimazole 1% cream', status: 'given' } },
  { icd10: 'L02.9', weight: 2, medication: { name: 'Flucloxacillin', dose: '500 mg four times a day for 7 days', status: 'prescribed' } },
  { icd10: 'L01.0', weight: 2, when: child, medication: { name: 'Fusidic acid 2% cream', status: 'given' } },
  { icd10: 'M54.5', weight: 4, when: adult, complaint: 'Low back pain from sleeping outside.', medication: { name: 'Ibuprofen', dose: '400 mg three times a day', status: 'given' } },
  { icd10: 'R51', weight: 3, complaint: 'Headaches most days.', medication: { name: 'Paracetamol', dose: '500 mg when needed', status: 'given' } },
  { icd10: 'R10.4', weight: 2, complaint: 'Stomach pain for a week.' },
  { icd10: 'I10', weight: 4, when: over35, medication: { name: 'Amlodipine', dose: '5 mg daily', status: 'current' }, hypertension: true },
  { icd10: 'E11.9', weight: 3, when: over35, medication: { name: 'Metformin', dose: '500 mg twice a day', status: 'current' } },
  { icd10: 'J45.9', weight: 2, medication: { name: 'Salbutamol inhaler', dose: '100 µg, 2 puffs when needed', status: 'current' } },
  { icd10: 'D50.9', weight: 3, when: (p) => p.sex === 'female' || p.age < 12, medication: { name: 'Ferrous sulfate', dose: '200 mg daily', status: 'prescribed' } },
  { icd10: 'B18.1', weight: 1.5, when: adult, referral: { to: 'Infectious diseases clinic', specialty: 'hepatology', urgency: 'routine', reason: 'HBsAg positive, for assessment of chronic hepatitis B.' } },
  { icd10: 'B18.2', weight: 0.5, when: adult },
  { icd10: 'Z22.7', weight: 1, when: (p) => p.age >= 5 },
  { icd10: 'A15.0', weight: 0.3, when: (p) => p.age >= 12, complaint: 'Cough for six weeks, night sweats, weight loss.', referral: { to: 'TB programme', specialty: 'pulmonology', urgency: 'urgent', reason: 'Suspected pulmonary tuberculosis, sputum positive.' }, fever: true },
  { icd10: 'B77.9', weight: 1, when: child, medication: { name: 'Albendazole', dose: '400 mg single dose', status: 'given' } },
  { icd10: 'B65.0', weight: 0.5, medication: { name: 'Praziquantel', dose: '40 mg/kg single dose', status: 'given' } },
  { icd10: 'Z34.9', weight: 6, when: femaleOfChildbearingAge, referral: { to: 'Antenatal clinic', specialty: 'obstetrics', urgency: 'routine', reason: 'Pregnancy, first antenatal visit.' } },
  { icd10: 'E44.0', weight: 1, when: (p) => p.age < 5 },
  { icd10: 'T69.1', weight: 1, complaint: 'Red painful toes after the cold nights.' },
  { icd10: 'H10.9', weight: 1, medication: { name: 'Chloramphenicol eye drops', status: 'given' } },
  { icd10: 'N39.0', weight: 2, when: (p) => p.sex === 'female' && p.age >= 14, complaint: 'Burning when passing urine.', medication: { name: 'Nitrofurantoin', dose: '100 mg twice a day for 5 days', status: 'prescribed' } },
  { icd10: 'Z59.0', weight: 1, when: adult },
];

function quantity(code: string, value: number, unit: string, effectiveAt: string, category: 'vital-signs' | 'laboratory', range?: ValueRange): EntryBody {
  const interpretation = range && ((range.low !== undefined && value < range.low) ? 'low' : range.high !== undefined && value > range.high ? 'high' : 'normal');
  return {
    kind: 'observation',
    category,
    code,
    value: { type: 'quantity', value, unit },
    ...(range && (range.low !== undefined || range.high !== undefined) && { referenceRange: { ...(range.low !== undefined && { low: range.low }), ...(range.high !== undefined && { high: range.high }) } }),
    ...(interpretation && { interpretation }),
    effectiveAt,
  };
}

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Typical height (cm) and weight (kg) by age and sex, roughly after WHO growth references. */
function body(rng: Random, p: Patient): { height: number; weight: number; months: number } {
  const months = p.age * 12 + rng.int(0, 11);
  const female = p.sex === 'female';
  let height: number;
  let weight: number;
  if (months < 24) {
    height = 50 + months * (months < 12 ? 2.1 : 1.0) + (months >= 12 ? 12 : 0);
    weight = 3.4 + months * (months < 12 ? 0.55 : 0.2) + (months >= 12 ? 2.4 : 0);
  } else if (p.age < 18) {
    height = 87 + (p.age - 2) * 6 + (p.age > 12 ? (p.age - 12) * (female ? -2 : 0.5) : 0);
    weight = 12 + (p.age - 2) * (p.age > 10 ? 4.5 : 2.4);
  } else {
    height = female ? 160 : 173;
    weight = female ? 63 : 72;
    if (p.age > 40) weight += 6;
  }
  height = rng.normal(height, p.age < 2 ? 2 : p.age < 18 ? 4 : 7);
  weight = Math.max(2.5, rng.normal(weight, p.age < 2 ? 0.6 : p.age < 18 ? 2.5 : 11));
  return { height: round(height, 1), weight: round(weight, 1), months };
}

function vitals(rng: Random, p: Patient, effectiveAt: string, opts: { fever: boolean; hypertension: boolean; full: boolean }): EntryBody[] {
  const out: EntryBody[] = [];
  const add = (name: VitalName, value: number) => out.push(quantity(VITALS[name].loinc, value, VITALS[name].unit, effectiveAt, 'vital-signs'));
  add('temperature', round(opts.fever ? rng.normal(38.3, 0.4) : rng.normal(36.7, 0.25), 1));
  const childPulse = p.age < 2 ? 125 : p.age < 6 ? 105 : p.age < 13 ? 90 : 78;
  add('pulse', Math.round(rng.normal(childPulse + (opts.fever ? 12 : 0), 9)));
  if (p.age >= 3) {
    const systolic = Math.round(rng.normal((p.age < 18 ? 108 : 121) + (opts.hypertension ? 24 : 0), 11));
    add('systolic', systolic);
    add('diastolic', Math.round(Math.min(systolic - 25, rng.normal((p.age < 18 ? 66 : 77) + (opts.hypertension ? 13 : 0), 8))));
  }
  if (opts.full) {
    add('respiratoryRate', Math.round(rng.normal(p.age < 2 ? 34 : p.age < 6 ? 25 : p.age < 13 ? 20 : 15, 2)));
    add('spo2', Math.min(100, Math.round(rng.normal(98, 1))));
    const { height, weight, months } = body(rng, p);
    add('weight', weight);
    add('height', height);
    const b = bmi(weight, height);
    if (b !== undefined && p.age >= 2) add('bmi', b);
    if (months < 24) add('headCircumference', round(Math.min(48, 35 + months * (months < 12 ? 0.9 : 0.3) + (months >= 12 ? 7 : 0)) + rng.normal(0, 0.8), 1));
  }
  return out;
}

function labRange(item: LoincItem, sex: Sex): ValueRange | undefined {
  const r = item.referenceRange;
  if (!r) return undefined;
  if (sex === 'female' && r.female) return r.female;
  if (sex === 'male' && r.male) return r.male;
  return r.low !== undefined || r.high !== undefined ? { low: r.low, high: r.high } : undefined;
}

function labQuantity(rng: Random, code: string, p: Patient, effectiveAt: string, shift = 0): EntryBody | undefined {
  const item = loincItem(code);
  if (!item?.unit) return undefined;
  const range = labRange(item, p.sex);
  const low = range?.low ?? 0;
  const high = range?.high ?? (low > 0 ? low * 2 : 40);
  const mid = (low + high) / 2;
  const spread = (high - low) / 3.5;
  const digits = mid < 10 ? 1 : 0;
  const value = round(Math.max(0, rng.normal(mid + shift * spread, spread)), digits);
  return quantity(code, value, item.unit, effectiveAt, 'laboratory', range && { ...(range.low !== undefined && { low: range.low }), ...(range.high !== undefined && { high: range.high }) });
}

function labCoded(code: string, answer: string, effectiveAt: string): EntryBody | undefined {
  if (!loincAnswers(code).some((a) => a.code === answer)) return undefined;
  const interpretation = answer === 'negative' || answer === 'normal' ? 'normal' : 'abnormal';
  return { kind: 'observation', category: 'laboratory', code, value: { type: 'coded', code: answer }, interpretation, effectiveAt };
}

function labs(rng: Random, p: Patient, effectiveAt: string, conditions: readonly string[]): EntryBody[] {
  const has = (code: string) => conditions.includes(code);
  const out: (EntryBody | undefined)[] = [];
  // Blood count.
  out.push(labQuantity(rng, '718-7', p, effectiveAt, has('D50.9') ? -2.5 : 0));
  out.push(labQuantity(rng, '4544-3', p, effectiveAt, has('D50.9') ? -2 : 0));
  out.push(labQuantity(rng, '6690-2', p, effectiveAt));
  out.push(labQuantity(rng, '777-3', p, effectiveAt));
  if (p.age >= 18) {
    out.push(labQuantity(rng, '2345-7', p, effectiveAt, has('E11.9') ? 3 : 0));
    if (has('E11.9')) out.push(labQuantity(rng, '4548-4', p, effectiveAt, 4));
    if (rng.chance(0.4)) out.push(labQuantity(rng, '2160-0', p, effectiveAt));
    if (rng.chance(0.4)) out.push(labQuantity(rng, '1742-6', p, effectiveAt, has('B18.1') || has('B18.2') ? 2 : 0));
  }
  // Screening serology.
  out.push(labCoded('5196-1', has('B18.1') ? 'positive' : 'negative', effectiveAt));
  if (p.age >= 12) {
    out.push(labCoded('13955-0', has('B18.2') ? 'positive' : 'negative', effectiveAt));
    if (rng.chance(0.6)) out.push(labCoded('56888-1', 'negative', effectiveAt));
    if (rng.chance(0.4)) out.push(labCoded('22587-0', rng.chance(0.02) ? 'positive' : 'negative', effectiveAt));
  }
  if (has('Z22.7') || has('A15.0') || rng.chance(0.3)) out.push(labCoded('71773-6', has('Z22.7') || has('A15.0') ? 'positive' : 'negative', effectiveAt));
  if (has('A15.0')) {
    out.push(labCoded('38379-4', 'positive', effectiveAt));
    out.push(labCoded('36643-5', 'abnormal-tb', effectiveAt));
  } else if (p.age >= 15 && rng.chance(0.3)) {
    out.push(labCoded('36643-5', 'normal', effectiveAt));
  }
  if (femaleOfChildbearingAge(p)) out.push(labCoded('2106-3', has('Z34.9') ? 'positive' : 'negative', effectiveAt));
  if (has('N39.0')) {
    out.push(labCoded('5799-2', '2+', effectiveAt));
    out.push(labCoded('5802-4', 'positive', effectiveAt));
  }
  if (has('B77.9') || has('B65.0') || (p.age < 12 && rng.chance(0.3))) out.push(labCoded('10704-5', has('B77.9') || has('B65.0') ? 'positive' : 'negative', effectiveAt));
  return out.filter((e): e is EntryBody => e !== undefined);
}

/** Vaccinations as reported or seen on a card, and those given today. */
function immunizations(rng: Random, p: Patient, date: string): EntryBody[] {
  const out: EntryBody[] = [];
  const reported = (antigen: string, doses: number) => {
    if (!vaccine(antigen)) return;
    const evidence = rng.chance(0.35) ? 'documented' : 'reported';
    for (let dose = 1; dose <= doses; dose++) out.push({ kind: 'immunization', antigen, dose, evidence });
  };
  const given = (antigen: string, cvx: string, dose: number) => {
    if (!vaccine(antigen)) return;
    out.push({ kind: 'immunization', antigen, cvx, dose, date, evidence: 'given', lot: `L${rng.int(10000, 99999)}`, site: rng.pick(['left-arm', 'right-arm', 'left-thigh']) });
  };
  if (p.age < 18) {
    if (rng.chance(0.6)) {
      reported('tuberculosis', 1);
      reported('polio', Math.min(3, 1 + Math.floor(p.age / 2)));
      reported('diphtheria', Math.min(3, 1 + Math.floor(p.age / 2)));
      reported('tetanus', Math.min(3, 1 + Math.floor(p.age / 2)));
      if (p.age >= 1) reported('measles', p.age >= 5 ? 2 : 1);
    }
    if (p.age >= 1 && rng.chance(0.5)) given('measles', '03', 1);
    if (rng.chance(0.4)) given('polio', '10', 1);
  } else {
    if (rng.chance(0.3)) given('tetanus', '09', 1);
    if (p.age < 45 && rng.chance(0.2)) given('measles', '03', 1);
    if (rng.chance(0.15)) reported('covid-19', rng.int(1, 3));
  }
  return out;
}

function pickConditions(rng: Random, p: Patient): ConditionRule[] {
  const possible = CONDITIONS.filter((c) => (c.when?.(p) ?? true) && icd10Entry(c.icd10) !== undefined);
  const count = rng.weighted({ '0': 0.25, '1': 0.4, '2': 0.25, '3': 0.1 } as const);
  const chosen: ConditionRule[] = [];
  const weights = Object.fromEntries(possible.map((c) => [c.icd10, c.weight])) as Record<string, number>;
  for (let i = 0; i < Number(count); i++) {
    const code = rng.weighted(weights);
    const rule = possible.find((c) => c.icd10 === code) as ConditionRule;
    if (!chosen.includes(rule)) chosen.push(rule);
  }
  return chosen;
}

const free = (text: string) => ({ text, lang: 'en' });

function initialAssessment(rng: Random, p: Patient, date: string, conditions: ConditionRule[]): DemoEpisode {
  const effectiveAt = at(date, rng.int(8, 15), rng.pick([0, 10, 15, 20, 30, 40, 45, 50]));
  const mediator = p.language !== undefined && rng.chance(0.8);
  const entries: EntryBody[] = [
    { kind: 'consent', purpose: 'assessment', decision: 'given', date, interpreterPresent: mediator },
    ...(rng.chance(0.6) ? [{ kind: 'consent' as const, purpose: 'sharing-with-centres' as const, decision: rng.chance(0.9) ? ('given' as const) : ('refused' as const), date, interpreterPresent: mediator }] : []),
    ...vitals(rng, p, effectiveAt, { fever: conditions.some((c) => c.fever), hypertension: conditions.some((c) => c.hypertension), full: true }),
  ];
  for (const c of conditions) {
    const known = c.medication?.status === 'current';
    entries.push({ kind: 'condition', icd10: c.icd10, novelty: known ? 'known' : 'new', certainty: rng.chance(0.8) ? 'confirmed' : 'provisional' });
    if (c.medication) entries.push({ kind: 'medication', name: c.medication.name, ...(c.medication.dose && { dose: c.medication.dose }), status: c.medication.status, ...(c.medication.status !== 'current' && { start: date }) });
    if (c.referral) entries.push({ kind: 'referral', to: c.referral.to, specialty: c.referral.specialty, urgency: c.referral.urgency, reason: free(c.referral.reason) });
  }
  if (rng.chance(0.9)) entries.push({ kind: 'allergy', assertion: 'none-known' });
  else entries.push({ kind: 'allergy', assertion: 'present', substance: rng.pick(['Penicillin', 'Sulfonamides', 'Peanuts', 'Aspirin']), category: 'medication', criticality: 'low', reaction: free('Rash') });
  entries.push(...immunizations(rng, p, date));
  if (rng.chance(0.35)) entries.push(...labs(rng, p, effectiveAt, conditions.map((c) => c.icd10)));
  const complaints = conditions.map((c) => c.complaint).filter((c): c is string => c !== undefined);
  const episode: Episode = {
    type: 'initial-assessment',
    date,
    ...(p.language && { language: p.language }),
    mediatorPresent: mediator,
    ...(complaints.length > 0 && { complaints: free(complaints.join(' ')) }),
    ...(rng.chance(0.5) && { counselling: free(rng.pick(['Hygiene and scabies prevention.', 'Where to find help at night.', 'Vaccination schedule of the host country.', 'Sexual and reproductive health.', 'Healthy eating with the food at the centre.'])) }),
  };
  return { episode, entries };
}

function followUp(rng: Random, p: Patient, date: string, conditions: ConditionRule[]): DemoEpisode {
  const effectiveAt = at(date, rng.int(8, 16), rng.pick([0, 15, 30, 45]));
  const entries: EntryBody[] = vitals(rng, p, effectiveAt, { fever: false, hypertension: conditions.some((c) => c.hypertension), full: rng.chance(0.3) });
  const c = conditions.length > 0 && rng.chance(0.7) ? rng.pick(conditions) : undefined;
  if (c) {
    entries.push({ kind: 'condition', icd10: c.icd10, novelty: 'known', certainty: 'confirmed' });
    if (c.medication && c.medication.status !== 'given') entries.push({ kind: 'medication', name: c.medication.name, ...(c.medication.dose && { dose: c.medication.dose }), status: 'current' });
  } else {
    const other = pickConditions(rng, p)[0];
    if (other) {
      entries.push({ kind: 'condition', icd10: other.icd10, novelty: 'new', certainty: 'confirmed' });
      if (other.medication) entries.push({ kind: 'medication', name: other.medication.name, ...(other.medication.dose && { dose: other.medication.dose }), status: other.medication.status, start: date });
    }
  }
  return { episode: { type: 'follow-up', date, ...(p.language && { language: p.language }), mediatorPresent: p.language !== undefined && rng.chance(0.6), ...(c?.complaint && { complaints: free(followUpComplaint(c.complaint)) }) }, entries };
}

function followUpComplaint(complaint: string): string {
  return `Follow-up: ${complaint.charAt(0).toLowerCase()}${complaint.slice(1)}`;
}

function labOnly(rng: Random, p: Patient, date: string, conditions: ConditionRule[]): DemoEpisode {
  const effectiveAt = at(date, rng.int(7, 11), rng.pick([0, 15, 30, 45]));
  return { episode: { type: 'lab-only', date, mediatorPresent: false }, entries: labs(rng, p, effectiveAt, conditions.map((c) => c.icd10)) };
}

/** A person's visits from registration up to `today`, oldest first. */
export function drawEpisodes(rng: Random, p: Patient, today: string): DemoEpisode[] {
  if (p.registeredOn > today) return [];
  const conditions = pickConditions(rng, p);
  const episodes: DemoEpisode[] = [initialAssessment(rng, p, p.registeredOn, conditions)];
  const span = daysBetween(p.registeredOn, today);
  if (span >= 3 && rng.chance(0.4)) episodes.push(labOnly(rng, p, addDays(p.registeredOn, rng.int(1, Math.min(14, span))), conditions));
  let date = p.registeredOn;
  for (let i = 0; i < 3 && rng.chance(i === 0 ? 0.5 : 0.35); i++) {
    const next = addDays(date, rng.int(7, 60));
    if (next > today) break;
    episodes.push(followUp(rng, p, next, conditions));
    date = next;
  }
  return episodes.sort((a, b) => a.episode.date.localeCompare(b.episode.date));
}
