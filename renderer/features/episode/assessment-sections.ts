// The 16 sections of the health assessment (shared/notes/domain.md) as data: which observations
// each asks, with their codes, types and units. The form is drawn from this table and its values are
// turned into entries from it, so a question added here is asked, validated, saved and shown.
import type { EpisodeType } from '../chart/chart.component.tsx';
import { VITALS } from '../../../src/domain/vitals.ts';

export type ObservationCategory = 'vital-signs' | 'exam' | 'screening' | 'laboratory' | 'social-history';

export type QuestionField =
  | { type: 'number'; name: string; code: string; unit: string; min: number; max: number; step?: number; label: [string, string] }
  | { type: 'yesno'; name: string; code: string; label: [string, string] }
  | { type: 'choice'; name: string; code: string; options: readonly string[]; label: [string, string] }
  | { type: 'text'; name: string; code: string; label: [string, string] }
  | { type: 'date'; name: string; code: string; label: [string, string] };

export type ListKind = 'knownConditions' | 'allergies' | 'currentMedications' | 'vaccinations' | 'labs' | 'diagnoses' | 'treatments' | 'referrals';

export interface Section {
  id: string;
  /** i18n key and English title. */
  title: [string, string];
  category: ObservationCategory;
  fields: readonly QuestionField[];
  lists?: readonly ListKind[];
  /** Episode types that show this section. */
  in: readonly EpisodeType[];
  /** Shown only for this sex (women's health). */
  sex?: 'female';
}

const ALL: readonly EpisodeType[] = ['initial-assessment', 'follow-up', 'lab-only'];
const CLINICAL: readonly EpisodeType[] = ['initial-assessment', 'follow-up'];
const INITIAL: readonly EpisodeType[] = ['initial-assessment'];

const num = (name: keyof typeof VITALS, min: number, max: number, label: string, step = 1): QuestionField => ({
  type: 'number',
  name,
  code: VITALS[name].loinc,
  unit: VITALS[name].unit,
  min,
  max,
  step,
  label: [`vitals.name.${name}`, label],
});

const yesno = (name: string, label: string): QuestionField => ({ type: 'yesno', name, code: name.replace(/_/g, '.'), label: [`assessment.q.${name}`, label] });
const text = (name: string, label: string): QuestionField => ({ type: 'text', name, code: name.replace(/_/g, '.'), label: [`assessment.q.${name}`, label] });

export const EXAM_FINDINGS = ['normal', 'abnormal', 'not-examined'] as const;
const exam = (system: string, label: string): QuestionField => ({
  type: 'choice',
  name: `exam_${system}`,
  code: `exam.${system}`,
  options: EXAM_FINDINGS,
  label: [`assessment.exam.${system}`, label],
});

export const SECTIONS: readonly Section[] = [
  { id: 'complaints', title: ['assessment.section.complaints', '2. Current complaints'], category: 'screening', fields: [], in: ALL },
  {
    id: 'history',
    title: ['assessment.section.history', '3. Medical history'],
    category: 'social-history',
    fields: [
      yesno('history_tb', 'Tuberculosis in the past'),
      yesno('history_hepatitis', 'Hepatitis in the past'),
      yesno('history_hiv', 'HIV known'),
      text('history_surgery', 'Surgery and hospital stays'),
      text('history_injuries', 'Injuries, including from violence'),
      text('history_disability', 'Disabilities'),
      text('history_family', 'Family history'),
    ],
    lists: ['knownConditions', 'allergies', 'currentMedications'],
    in: INITIAL,
  },
  {
    id: 'women',
    title: ['assessment.section.women', "4. Women's and reproductive health"],
    category: 'social-history',
    sex: 'female',
    fields: [
      { type: 'choice', name: 'women_pregnant', code: 'women.pregnant', options: ['yes', 'no', 'unknown'], label: ['assessment.q.women_pregnant', 'Pregnant'] },
      { type: 'date', name: 'women_lmp', code: 'women.lmp', label: ['assessment.q.women_lmp', 'Last menstrual period'] },
      { type: 'number', name: 'women_gravidity', code: 'women.gravidity', unit: '{#}', min: 0, max: 30, label: ['assessment.q.women_gravidity', 'Pregnancies (gravidity)'] },
      { type: 'number', name: 'women_parity', code: 'women.parity', unit: '{#}', min: 0, max: 30, label: ['assessment.q.women_parity', 'Births (parity)'] },
      yesno('women_breastfeeding', 'Breastfeeding'),
      text('women_contraception', 'Contraception'),
    ],
    in: CLINICAL,
  },
  { id: 'vaccinations', title: ['assessment.section.vaccinations', '5. Vaccinations'], category: 'screening', fields: [], lists: ['vaccinations'], in: CLINICAL },
  {
    id: 'vitals',
    title: ['assessment.section.vitals', '6. Vital signs and measurements'],
    category: 'vital-signs',
    fields: [
      num('temperature', 30, 45, 'Temperature', 0.1),
      num('pulse', 20, 250, 'Pulse'),
      num('systolic', 50, 260, 'Systolic blood pressure'),
      num('diastolic', 20, 160, 'Diastolic blood pressure'),
      num('respiratoryRate', 4, 100, 'Respiratory rate'),
      num('spo2', 50, 100, 'Oxygen saturation'),
      num('weight', 0.3, 300, 'Weight', 0.1),
      num('height', 20, 250, 'Height', 0.5),
      num('headCircumference', 20, 70, 'Head circumference', 0.1),
    ],
    in: CLINICAL,
  },
  {
    id: 'exam',
    title: ['assessment.section.exam', '7. Physical examination'],
    category: 'exam',
    fields: [
      exam('skin', 'Skin, including scabies and lice'),
      exam('eyes', 'Eyes'),
      exam('ent', 'Ears, nose, throat'),
      exam('teeth', 'Teeth and mouth'),
      exam('lymph', 'Lymph nodes'),
      exam('heart', 'Heart'),
      exam('lungs', 'Lungs'),
      exam('abdomen', 'Abdomen'),
      exam('genitourinary', 'Genitourinary'),
      exam('musculoskeletal', 'Musculoskeletal'),
      exam('neuro', 'Neurological'),
      text('exam_notes', 'Findings'),
    ],
    in: CLINICAL,
  },
  {
    id: 'tb',
    title: ['assessment.section.tb', '8. TB and communicable diseases'],
    category: 'screening',
    fields: [
      yesno('tb_cough', 'Cough for more than 2 weeks'),
      yesno('tb_fever', 'Fever'),
      yesno('tb_nightSweats', 'Night sweats'),
      yesno('tb_weightLoss', 'Weight loss'),
      yesno('tb_haemoptysis', 'Coughing blood'),
      yesno('tb_contact', 'Contact with a person with TB'),
      { type: 'choice', name: 'tb_xray', code: 'tb.xray', options: ['normal', 'suggestive', 'not-done'], label: ['assessment.q.tb_xray', 'Chest X-ray'] },
      yesno('tb_referred', 'Referred for TB'),
    ],
    in: CLINICAL,
  },
  {
    id: 'mental',
    title: ['assessment.section.mental', '9. Mental health'],
    category: 'screening',
    fields: [
      yesno('mental_screenPositive', 'Screening positive'),
      yesno('mental_distress', 'Distress observed'),
      yesno('mental_referred', 'Referred to psychosocial support'),
      text('mental_notes', 'Notes'),
    ],
    in: CLINICAL,
  },
  { id: 'labs', title: ['assessment.section.labs', '10. Laboratory and other tests'], category: 'laboratory', fields: [], lists: ['labs'], in: ALL },
  { id: 'diagnoses', title: ['assessment.section.diagnoses', '11. Diagnoses'], category: 'screening', fields: [], lists: ['diagnoses'], in: ALL },
  { id: 'treatment', title: ['assessment.section.treatment', '12. Treatment and counselling'], category: 'screening', fields: [], lists: ['treatments'], in: CLINICAL },
  { id: 'referral', title: ['assessment.section.referral', '13. Referrals'], category: 'screening', fields: [], lists: ['referrals'], in: ALL },
  { id: 'followup', title: ['assessment.section.followup', '14. Follow-up'], category: 'screening', fields: [], in: ALL },
  {
    id: 'covid',
    title: ['assessment.section.covid', '15. COVID-19'],
    category: 'screening',
    fields: [
      yesno('covid_symptoms', 'Symptoms of COVID-19'),
      { type: 'choice', name: 'covid_test', code: 'covid.test', options: ['positive', 'negative', 'not-done'], label: ['assessment.q.covid_test', 'Test'] },
      yesno('covid_vaccinated', 'Vaccinated against COVID-19'),
    ],
    in: CLINICAL,
  },
];

export const ALL_FIELDS: readonly (QuestionField & { category: ObservationCategory })[] = SECTIONS.flatMap((s) => s.fields.map((f) => ({ ...f, category: s.category })));
