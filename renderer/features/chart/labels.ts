// Coded values as the user reads them, in the interface language: one place for every screen.
import { useTranslation } from 'react-i18next';
import type { EntryRecord } from '../../../src/api/schemas/record.ts';
import type { EntryBody } from '../../../src/domain/entries.ts';
import { VITALS, type VitalName } from '../../../src/domain/vitals.ts';
import { icd10Label } from '../../../src/domain/value-sets/icd10.ts';
import { loincAnswerLabel, loincLabel } from '../../../src/domain/value-sets/loinc.ts';
import { antigenLabel } from '../../../src/domain/value-sets/vaccines.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { ALL_FIELDS } from '../episode/assessment-sections.ts';

const QUESTION_BY_CODE = new Map(ALL_FIELDS.map((f) => [f.code, f]));

const VITAL_BY_LOINC = new Map(Object.entries(VITALS).map(([name, v]) => [v.loinc as string, name as VitalName]));

export function vitalOf(code: string): VitalName | undefined {
  return VITAL_BY_LOINC.get(code);
}

export function useVitalLabel(): (vital: VitalName) => string {
  const { t } = useTranslation();
  const labels: Record<VitalName, string> = {
    temperature: t('vitals.name.temperature', 'Temperature'),
    pulse: t('vitals.name.pulse', 'Pulse'),
    systolic: t('vitals.name.systolic', 'Systolic blood pressure'),
    diastolic: t('vitals.name.diastolic', 'Diastolic blood pressure'),
    respiratoryRate: t('vitals.name.respiratoryRate', 'Respiratory rate'),
    spo2: t('vitals.name.spo2', 'Oxygen saturation'),
    weight: t('vitals.name.weight', 'Weight'),
    height: t('vitals.name.height', 'Height'),
    bmi: t('vitals.name.bmi', 'Body mass index'),
    headCircumference: t('vitals.name.headCircumference', 'Head circumference'),
  };
  return (vital) => labels[vital];
}

/**
 * UCUM units shown the way clinicians write them, isolated left-to-right (U+2066...U+2069) so that
 * "/min" stays "/min" inside Arabic text. A count (`{#}`) has no unit to show: empty.
 */
export function unitText(unit: string): string {
  if (unit === '{#}') return '';
  const shown: Record<string, string> = { Cel: '°C', 'mm[Hg]': 'mmHg', '/min': '/min', 'kg/m2': 'kg/m²', '10*9/L': '×10⁹/L', '10*12/L': '×10¹²/L' };
  return `\u2066${shown[unit] ?? unit}\u2069`;
}

/** What one entry says, in one line. */
export function useEntryText(): (body: EntryBody) => { title: string; detail: string } {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const vitalLabel = useVitalLabel();
  const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const date = (iso: string | undefined) => (iso ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)) : '');
  return (body) => {
    switch (body.kind) {
      case 'observation': {
        const vital = vitalOf(body.code);
        const question = QUESTION_BY_CODE.get(body.code);
        const title = vital ? vitalLabel(vital) : question ? t(question.label[0], question.label[1]) : (loincLabel(body.code, lng) ?? body.code);
        const v = body.value;
        const detail =
          v.type === 'quantity'
            ? `${number.format(v.value)} ${unitText(v.unit)}`
            : v.type === 'boolean'
              ? v.value
                ? t('common.yes', 'Yes')
                : t('common.no', 'No')
              : v.type === 'coded'
                ? (loincAnswerLabel(v.code, lng) ?? t(`assessment.answer.${v.code}`, { defaultValue: v.code }))
                : v.type === 'date'
                  ? date(v.date)
                  : v.text.text;
        return { title, detail: body.interpretation && body.interpretation !== 'normal' ? `${detail} (${t(`entry.interpretation.${body.interpretation}`)})` : detail };
      }
      case 'condition':
        return {
          title: `${body.icd10} ${icd10Label(body.icd10, lng) ?? ''}`.trim(),
          detail: [t(`entry.novelty.${body.novelty}`), t(`entry.certainty.${body.certainty}`)].join(', '),
        };
      case 'immunization':
        return {
          title: antigenLabel(body.antigen, lng) ?? body.antigen,
          detail: [body.dose && t('entry.dose', { n: body.dose, defaultValue: 'dose {{n}}' }), date(body.date), t(`entry.evidence.${body.evidence}`), body.lot && t('entry.lot', { lot: body.lot, defaultValue: 'lot {{lot}}' })]
            .filter(Boolean)
            .join(' · '),
        };
      case 'medication':
        return { title: body.name, detail: [body.dose, t(`entry.medicationStatus.${body.status}`)].filter(Boolean).join(' · ') };
      case 'referral':
        return { title: t('entry.referralTo', { to: body.to, defaultValue: 'Referral to {{to}}' }), detail: `${t(`entry.urgency.${body.urgency}`)} · ${body.reason.text}` };
      case 'consent':
        return { title: t(`entry.consentPurpose.${body.purpose}`), detail: `${t(`entry.consentDecision.${body.decision}`)} · ${date(body.date)}` };
      case 'document':
        return { title: body.title, detail: `${body.mediaType} · ${number.format(Math.round(body.bytes / 1024))} KB` };
      case 'allergy':
        return body.assertion === 'none-known'
          ? { title: t('entry.noKnownAllergies', 'No known allergies'), detail: '' }
          : { title: body.substance ?? '', detail: [body.category && t(`entry.allergyCategory.${body.category}`), body.reaction?.text].filter(Boolean).join(' · ') };
    }
  };
}

export function useKindLabel(): (kind: EntryRecord['body']['kind']) => string {
  const { t } = useTranslation();
  return (kind) => t(`entry.kind.${kind}`);
}
