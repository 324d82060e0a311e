// Vital signs: the LOINC codes and UCUM units the record uses, BMI, and age-aware warnings. The
// thresholds are screening flags for a clinician to look at, not diagnoses.
import type { Age } from './age.ts';

export const VITALS = {
  temperature: { loinc: '8310-5', unit: 'Cel' },
  pulse: { loinc: '8867-4', unit: '/min' },
  systolic: { loinc: '8480-6', unit: 'mm[Hg]' },
  diastolic: { loinc: '8462-4', unit: 'mm[Hg]' },
  respiratoryRate: { loinc: '9279-1', unit: '/min' },
  spo2: { loinc: '59408-5', unit: '%' },
  weight: { loinc: '29463-7', unit: 'kg' },
  height: { loinc: '8302-2', unit: 'cm' },
  bmi: { loinc: '39156-5', unit: 'kg/m2' },
  headCircumference: { loinc: '9843-4', unit: 'cm' },
} as const;

export type VitalName = keyof typeof VITALS;
export type Vitals = Partial<Record<VitalName, number>>;

export function bmi(weightKg: number, heightCm: number): number | undefined {
  if (!(weightKg > 0) || !(heightCm > 0)) return undefined;
  return Math.round((weightKg / (heightCm / 100) ** 2) * 10) / 10;
}

export interface VitalWarning {
  vital: VitalName;
  /** An i18n key in the `vitals` namespace, e.g. vitals.warning.spo2Low. */
  key: string;
  severity: 'attention' | 'urgent';
}

interface Band {
  /** Inclusive upper age in years for this band. */
  maxYears: number;
  pulse: [number, number];
  respiratoryRate: [number, number];
}

// Normal ranges at rest by age (paediatric bands after the WHO/APLS tables).
const BANDS: Band[] = [
  { maxYears: 0, pulse: [100, 160], respiratoryRate: [30, 60] },
  { maxYears: 2, pulse: [90, 150], respiratoryRate: [24, 40] },
  { maxYears: 5, pulse: [80, 140], respiratoryRate: [22, 34] },
  { maxYears: 12, pulse: [70, 120], respiratoryRate: [18, 30] },
  { maxYears: 200, pulse: [50, 100], respiratoryRate: [12, 20] },
];

export function vitalWarnings(vitals: Vitals, age: Age): VitalWarning[] {
  const warnings: VitalWarning[] = [];
  const add = (vital: VitalName, key: string, severity: VitalWarning['severity'] = 'attention') => warnings.push({ vital, key: `vitals.warning.${key}`, severity });
  const band = BANDS.find((b) => age.years <= b.maxYears) as Band;

  if (vitals.spo2 !== undefined) {
    if (vitals.spo2 < 90) add('spo2', 'spo2Low', 'urgent');
    else if (vitals.spo2 < 94) add('spo2', 'spo2Low');
  }
  if (vitals.temperature !== undefined) {
    if (vitals.temperature >= 39) add('temperature', 'fever', 'urgent');
    else if (vitals.temperature >= 38) add('temperature', 'fever');
    else if (vitals.temperature < 35) add('temperature', 'hypothermia', 'urgent');
  }
  if (vitals.pulse !== undefined) {
    if (vitals.pulse > band.pulse[1]) add('pulse', 'pulseHigh');
    if (vitals.pulse < band.pulse[0]) add('pulse', 'pulseLow');
  }
  if (vitals.respiratoryRate !== undefined && vitals.respiratoryRate > band.respiratoryRate[1]) add('respiratoryRate', 'breathingFast');
  if (age.years >= 18) {
    if (vitals.systolic !== undefined && vitals.systolic >= 180) add('systolic', 'bloodPressureCrisis', 'urgent');
    else if ((vitals.systolic ?? 0) >= 140 || (vitals.diastolic ?? 0) >= 90) add('systolic', 'bloodPressureHigh');
    if (vitals.systolic !== undefined && vitals.systolic < 90) add('systolic', 'bloodPressureLow');
    const value = vitals.bmi ?? (vitals.weight && vitals.height ? bmi(vitals.weight, vitals.height) : undefined);
    if (value !== undefined) {
      if (value < 16) add('bmi', 'bmiSeverelyLow', 'urgent');
      else if (value < 18.5) add('bmi', 'bmiLow');
      else if (value >= 30) add('bmi', 'bmiHigh');
    }
  }
  return warnings;
}
