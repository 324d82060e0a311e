// Correcting one entry of the chart: the fields a clinician gets wrong in practice (a value, a unit, a
// date, a lot number, a code, a status), per kind of entry, as data. The corrected entry is checked by
// the domain's own schema, then saved as a new version (entry.update); the earlier one stays in History.
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Button, Form } from 'react-aria-components';
import { useForm, type FieldErrors, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { EntryRecord } from '../../../src/api/schemas/record.ts';
import { EntryBodySchema, type EntryBody } from '../../../src/domain/entries.ts';
import { useCall } from '../../api/use-call.ts';
import { DateInput, SelectInput } from '../../components/date-field.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { TextInput, issueMessage } from '../../components/form.tsx';
import { parseDecimal } from '../episode/assessment-model.ts';
import { chartKey } from './chart-keys.ts';

type FieldType = 'text' | 'number' | 'integer' | 'date' | 'select' | 'code';

interface FieldSpec {
  /** Path in the entry body, dot-separated. */
  path: string;
  type: FieldType;
  label: [key: string, english: string];
  /** For selects: the allowed values and the key prefix of their labels. */
  options?: { values: readonly string[]; labels: string };
  optional?: boolean;
}

const f = (path: string, type: FieldType, label: [string, string], extra: Partial<FieldSpec> = {}): FieldSpec => ({ path, type, label, ...extra });

const INTERPRETATION = f('interpretation', 'select', ['assessment.interpretation', 'Flag'], {
  options: { values: ['normal', 'low', 'high', 'abnormal', 'critical'], labels: 'entry.interpretation' },
  optional: true,
});

/** The correctable fields of an entry, from its kind (and an observation's type of value). */
export function correctableFields(body: EntryBody): FieldSpec[] {
  switch (body.kind) {
    case 'observation':
      switch (body.value.type) {
        case 'quantity':
          return [f('value.value', 'number', ['correct.value', 'Value']), f('value.unit', 'text', ['assessment.unit', 'Unit']), INTERPRETATION];
        case 'text':
          return [f('value.text.text', 'text', ['correct.text', 'Text']), INTERPRETATION];
        case 'date':
          return [f('value.date', 'date', ['correct.date', 'Date'])];
        case 'boolean':
          return [f('value.value', 'select', ['correct.value', 'Value'], { options: { values: ['true', 'false'], labels: 'correct.boolean' } }), INTERPRETATION];
        case 'coded':
          return [f('value.code', 'code', ['correct.value', 'Value']), INTERPRETATION];
      }
      break;
    case 'immunization':
      return [
        f('date', 'date', ['assessment.vaccineDate', 'Date'], { optional: true }),
        f('product', 'text', ['correct.product', 'Product'], { optional: true }),
        f('lot', 'text', ['assessment.lot', 'Lot'], { optional: true }),
        f('dose', 'integer', ['assessment.doseNumber', 'Dose number'], { optional: true }),
        f('evidence', 'select', ['assessment.evidence', 'Source'], { options: { values: ['documented', 'reported', 'given', 'unknown'], labels: 'entry.evidence' } }),
      ];
    case 'condition':
      return [
        f('icd10', 'code', ['assessment.icd10', 'Diagnosis (ICD-10)']),
        f('novelty', 'select', ['assessment.novelty', 'New or known'], { options: { values: ['new', 'known'], labels: 'entry.novelty' } }),
        f('certainty', 'select', ['assessment.certainty', 'Certainty'], {
          options: { values: ['confirmed', 'provisional', 'differential', 'refuted'], labels: 'entry.certainty' },
        }),
        f('onset', 'date', ['correct.onset', 'Since'], { optional: true }),
      ];
    case 'medication':
      return [
        f('name', 'text', ['assessment.medicine', 'Medicine']),
        f('dose', 'text', ['assessment.dose', 'Dose and how often'], { optional: true }),
        f('status', 'select', ['correct.status', 'Status'], { options: { values: ['current', 'given', 'prescribed', 'stopped'], labels: 'entry.medicationStatus' } }),
        f('start', 'date', ['correct.start', 'Started'], { optional: true }),
        f('end', 'date', ['correct.end', 'Stopped on'], { optional: true }),
      ];
    case 'referral':
      return [
        f('to', 'text', ['assessment.referTo', 'To (service or doctor)']),
        f('specialty', 'text', ['assessment.specialty', 'Specialty'], { optional: true }),
        f('urgency', 'select', ['assessment.urgency', 'Urgency'], { options: { values: ['routine', 'urgent', 'emergency'], labels: 'entry.urgency' } }),
      ];
    case 'allergy':
      return body.assertion === 'present' ? [f('substance', 'text', ['assessment.substance', 'Allergic to'])] : [];
    case 'consent':
      return [
        f('decision', 'select', ['correct.decision', 'Decision'], { options: { values: ['given', 'refused', 'withdrawn'], labels: 'entry.consentDecision' } }),
        f('date', 'date', ['correct.date', 'Date']),
      ];
    case 'document':
      return [f('title', 'text', ['documents.title', 'Title'])];
  }
  return [];
}

/** Form field names cannot hold dots (react-hook-form reads them as nesting). */
const fieldName = (path: string) => path.replaceAll('.', '__');

function read(body: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), body);
}

function write(body: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let o = body;
  for (const k of keys) o = o[k] as Record<string, unknown>;
  if (value === undefined) delete o[last];
  else o[last] = value;
}

function toText(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A form value as the body's: numbers parsed (decimal commas too), booleans, empty optionals dropped. */
function fromText(spec: FieldSpec, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return spec.optional ? undefined : '';
  switch (spec.type) {
    case 'number':
      return parseDecimal(trimmed) ?? trimmed;
    case 'integer':
      return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
    case 'code':
      return spec.path === 'icd10' ? trimmed.toUpperCase() : trimmed;
    case 'select':
      return spec.options?.labels === 'correct.boolean' ? trimmed === 'true' : trimmed;
    default:
      return trimmed;
  }
}

/** The corrected body, or the translated message of every field that does not pass the domain schema. */
export function correctedBody(
  body: EntryBody,
  fields: readonly FieldSpec[],
  values: Record<string, string>,
  t: TFunction,
): { ok: true; body: EntryBody } | { ok: false; errors: Record<string, string> } {
  const next = structuredClone(body) as unknown as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const spec of fields) {
    const value = fromText(spec, values[fieldName(spec.path)] ?? '');
    if ((spec.type === 'number' || spec.type === 'integer') && typeof value === 'string') {
      errors[fieldName(spec.path)] = t('correct.notNumber', 'Write a number, with a decimal comma or point.');
    }
    write(next, spec.path, value);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const parsed = EntryBodySchema.safeParse(next);
  if (parsed.success) return { ok: true, body: parsed.data };
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const spec = fields.find((s) => path === s.path || path.startsWith(`${s.path}.`)) ?? fields[0];
    if (spec && !errors[fieldName(spec.path)]) errors[fieldName(spec.path)] = issueMessage(t, issue as never);
  }
  return { ok: false, errors };
}

export function CorrectEntry({ entry, onDone }: { entry: EntryRecord; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const fields = correctableFields(entry.body);
  const defaults = Object.fromEntries(fields.map((s) => [fieldName(s.path), toText(read(entry.body, s.path))]));
  const resolver: Resolver<Record<string, string>, unknown, EntryBody> = async (values) => {
    const result = correctedBody(entry.body, fields, values, t);
    if (result.ok) return { values: result.body, errors: {} };
    const errors: FieldErrors<Record<string, string>> = {};
    for (const [name, message] of Object.entries(result.errors)) errors[name] = { type: 'validate', message };
    return { values: {}, errors };
  };
  const form = useForm<Record<string, string>, unknown, EntryBody>({ defaultValues: defaults, resolver, mode: 'onTouched' });
  const update = useCall('entry.update', {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: chartKey(entry.personId) });
      void queryClient.invalidateQueries({ queryKey: ['record.history', 'entry', entry.id] });
      onDone();
    },
  });
  const unchanged = (body: EntryBody) => JSON.stringify(body) === JSON.stringify(entry.body);
  return (
    <Form
      className="form"
      onSubmit={form.handleSubmit(async (body) => {
        if (unchanged(body)) onDone();
        else await update.run({ entryId: entry.id, baseVersion: entry.version, body });
      })}
    >
      <p>{t('correct.intro', 'The corrected entry is saved as a new version with your name; the earlier version stays in its history.')}</p>
      <ErrorMessage error={update.error} />
      {fields.map((spec) => {
        const name = fieldName(spec.path);
        const label = t(spec.label[0], spec.label[1]);
        if (spec.type === 'date') return <DateInput key={name} control={form.control} name={name} label={label} />;
        if (spec.type === 'select' && spec.options) {
          const { values, labels } = spec.options;
          return (
            <SelectInput
              key={name}
              control={form.control}
              name={name}
              label={label}
              options={values.map((v) => [v, t(`${labels}.${v}`)] as const)}
              {...(spec.optional && { empty: t('assessment.notAnswered', 'Not answered') })}
            />
          );
        }
        return <TextInput key={name} control={form.control} name={name} label={label} dir={spec.type === 'text' ? 'auto' : 'ltr'} />;
      })}
      <div className="form-actions">
        <Button className="button" onPress={onDone}>
          {t('common.cancel', 'Cancel')}
        </Button>
        <Button type="submit" className="button primary" isPending={update.pending}>
          {t('correct.save', 'Save the correction')}
        </Button>
      </div>
    </Form>
  );
}
