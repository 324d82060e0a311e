import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { Controller, useFieldArray, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { PersonRecord } from '../../../src/api/schemas/record.ts';
import { z } from '../../../src/api/zod.ts';
import { IsoDateSchema } from '../../../src/domain/envelope.ts';
import {
  IdentifierKindSchema,
  LegalStatusSchema,
  NameSourceSchema,
  PersonSchema,
  SexSchema,
  type Person,
  type PersonInput,
} from '../../../src/domain/person.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { CountryField } from '../../components/country-field.tsx';
import { DateInput, SelectInput } from '../../components/date-field.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { CheckboxInput, NumberInput, TextInput, useZodForm } from '../../components/form.tsx';
import { detectScript, languageName, nameText, PERSON_LANGUAGES, preferredName, todayIso, useAgeText, useLegalStatusLabel, useSexLabel } from './person-format.ts';

const optionalCountry = z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[A-Z]{2}$/).optional());

const FormSchema = z
  .object({
    names: z
      .array(
        z
          .object({ given: z.string().trim().max(200), family: z.string().trim().max(200), source: NameSourceSchema })
          .refine((n) => n.given.length + n.family.length > 0, { path: ['family'], params: { i18n: 'person.nameNeeded' } }),
      )
      .min(1)
      .max(20),
    sex: SexSchema,
    birthKind: z.enum(['date', 'estimated']),
    birthDate: IsoDateSchema.optional(),
    estimatedYears: z.number().int().min(0).max(120).optional(),
    nationality: optionalCountry,
    countryOfOrigin: optionalCountry,
    languages: z.array(z.string()).max(10),
    arrivalDate: IsoDateSchema.optional(),
    legalStatus: LegalStatusSchema,
    phone: z.union([z.literal(''), z.string().trim().regex(/^\+?[0-9 ()-]{5,20}$/)]),
    identifiers: z.array(z.object({ kind: IdentifierKindSchema, value: z.string().trim().min(1).max(100), issuer: optionalCountry })).max(20),
    unaccompaniedMinor: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.birthKind === 'date' && !v.birthDate) ctx.addIssue({ code: 'custom', path: ['birthDate'], params: { i18n: 'field.required' } });
    if (v.birthKind === 'estimated' && v.estimatedYears === undefined) ctx.addIssue({ code: 'custom', path: ['estimatedYears'], params: { i18n: 'field.required' } });
    if (v.birthDate && v.birthDate > todayIso()) ctx.addIssue({ code: 'custom', path: ['birthDate'], params: { i18n: 'person.birthInFuture' } });
  });
type FormValues = z.input<typeof FormSchema>;

/** The form's values as the record's Person; the first name row is the preferred one. */
export function toPerson(v: z.output<typeof FormSchema>, previous?: Person): PersonInput {
  return {
    names: v.names.map((n, i) => ({
      ...(n.given && { given: n.given }),
      ...(n.family && { family: n.family }),
      script: detectScript(`${n.given}${n.family}`),
      source: n.source,
      preferred: i === 0,
    })),
    identifiers: v.identifiers.map((id) => ({ kind: id.kind, value: id.value, ...(id.issuer && { issuer: id.issuer }) })),
    birth: v.birthKind === 'date' ? { kind: 'date', date: v.birthDate as string } : { kind: 'estimated', years: v.estimatedYears as number, estimatedOn: todayIso() },
    sex: v.sex,
    ...(v.nationality && { nationality: v.nationality }),
    ...(v.countryOfOrigin && { countryOfOrigin: v.countryOfOrigin }),
    languages: v.languages,
    ...(v.arrivalDate && { arrivalDate: v.arrivalDate }),
    legalStatus: v.legalStatus,
    ...(v.phone && { phone: v.phone }),
    // Family links are kept as they were; they are edited from the chart.
    family: previous?.family ?? [],
    unaccompaniedMinor: v.unaccompaniedMinor,
  };
}

function fromPerson(p: Person | undefined): FormValues {
  if (!p) {
    return {
      names: [{ given: '', family: '', source: 'document' }],
      sex: 'unknown',
      birthKind: 'date',
      languages: [],
      legalStatus: 'asylum-seeker',
      phone: '',
      identifiers: [],
      unaccompaniedMinor: false,
      nationality: '',
      countryOfOrigin: '',
    };
  }
  const names = [...p.names].sort((a, b) => Number(b.preferred) - Number(a.preferred));
  return {
    names: names.map((n) => ({ given: n.given ?? '', family: n.family ?? '', source: n.source })),
    sex: p.sex,
    birthKind: p.birth.kind,
    ...(p.birth.kind === 'date' ? { birthDate: p.birth.date } : { estimatedYears: p.birth.years }),
    nationality: p.nationality ?? '',
    countryOfOrigin: p.countryOfOrigin ?? '',
    languages: p.languages,
    arrivalDate: p.arrivalDate,
    legalStatus: p.legalStatus,
    phone: p.phone ?? '',
    identifiers: p.identifiers.map((i) => ({ kind: i.kind, value: i.value, issuer: i.issuer ?? '' })),
    unaccompaniedMinor: p.unaccompaniedMinor,
  };
}

/** Register a new person (with live warnings of likely duplicates) or edit a registered one. */
export function PersonForm({
  existing,
  initial,
  onSaved,
  onCancel,
  onOpen,
}: {
  existing?: PersonRecord;
  /** What a new registration starts from (e.g. a booklet's QR summary). */
  initial?: Person;
  onSaved: (record: PersonRecord) => void;
  onCancel: () => void;
  onOpen: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const sexLabel = useSexLabel();
  const legalLabel = useLegalStatusLabel();
  const form = useZodForm(FormSchema, fromPerson(existing?.person ?? initial));
  const names = useFieldArray({ control: form.control, name: 'names' });
  const identifiers = useFieldArray({ control: form.control, name: 'identifiers' });
  const birthKind = useWatch({ control: form.control, name: 'birthKind' });
  const register = useCall('person.register', { onSuccess: onSaved });
  const update = useCall('person.update', { onSuccess: onSaved });
  const [confirmedDifferent, setConfirmedDifferent] = useState(false);
  const watched = useWatch({ control: form.control });
  const candidate = useMemo(() => {
    const parsed = FormSchema.safeParse(watched);
    if (!parsed.success) return null;
    const person = PersonSchema.safeParse(toPerson(parsed.data));
    return person.success ? person.data : null;
  }, [watched]);
  const duplicates = useDuplicates(candidate, existing?.id);
  const error = register.error ?? update.error;
  const pending = register.pending || update.pending;
  const identifierKinds = IdentifierKindSchema.options.map((k) => [k, t(`person.idKind.${k}`)] as const);

  return (
    <Form
      className="form wide"
      aria-labelledby="person-form-title"
      onSubmit={form.handleSubmit(async (values) => {
        const person = toPerson(values, existing?.person);
        if (existing) await update.run({ personId: existing.id, baseVersion: existing.version, person });
        else await register.run({ person });
      })}
    >
      <h1 id="person-form-title">{existing ? t('person.editTitle', 'Personal data') : t('person.registerTitle', 'Register a person')}</h1>
      <ErrorMessage error={error} />

      <fieldset className="fieldset">
        <legend>{t('person.names', 'Names')}</legend>
        <p className="muted small">
          {t('person.namesHelp', 'Write each name as it appears on a document, as the person says it, and in its own script. The first one is shown first.')}
        </p>
        {names.fields.map((field, i) => (
          <div key={field.id} className="row-group" role="group" aria-label={t('person.nameN', { n: i + 1, defaultValue: 'Name {{n}}' })}>
            <TextInput control={form.control} name={`names.${i}.given`} label={t('person.given', 'Given name')} dir="auto" />
            <TextInput control={form.control} name={`names.${i}.family`} label={t('person.family', 'Family name')} dir="auto" />
            <SelectInput
              control={form.control}
              name={`names.${i}.source`}
              label={t('person.nameSource', 'Source')}
              options={[
                ['document', t('person.source.document', 'On a document')],
                ['spoken', t('person.source.spoken', 'As said by the person')],
                ['transliterated', t('person.source.transliterated', 'Transliterated')],
              ]}
            />
            {names.fields.length > 1 && (
              <Button className="button small" onPress={() => names.remove(i)}>
                {t('common.remove', 'Remove')}
              </Button>
            )}
          </div>
        ))}
        <Button className="button small" onPress={() => names.append({ given: '', family: '', source: 'spoken' })}>
          {t('person.addName', 'Add another spelling')}
        </Button>
      </fieldset>

      <div className="grid-2">
        <Controller
          control={form.control}
          name="sex"
          render={({ field }) => (
            <RadioGroup className="radio-group" value={field.value} onChange={field.onChange} orientation="horizontal">
              <Label>{t('person.sex', 'Sex')}</Label>
              {SexSchema.options.map((s) => (
                <Radio key={s} value={s} className="radio">
                  {sexLabel(s)}
                </Radio>
              ))}
            </RadioGroup>
          )}
        />
        <Controller
          control={form.control}
          name="birthKind"
          render={({ field }) => (
            <RadioGroup className="radio-group" value={field.value} onChange={field.onChange}>
              <Label>{t('person.birth', 'Birth')}</Label>
              <Radio value="date" className="radio">
                {t('person.birthKnown', 'Date of birth known')}
              </Radio>
              <Radio value="estimated" className="radio">
                {t('person.birthEstimated', 'Age estimated')}
              </Radio>
            </RadioGroup>
          )}
        />
        {birthKind === 'date' ? (
          <DateInput control={form.control} name="birthDate" label={t('person.birthDate', 'Date of birth')} max={todayIso()} />
        ) : (
          <NumberInput control={form.control} name="estimatedYears" label={t('person.estimatedYears', 'Estimated age in years')} min={0} max={120} />
        )}
        <CountryField control={form.control} name="nationality" label={t('person.nationality', 'Nationality')} />
        <CountryField control={form.control} name="countryOfOrigin" label={t('person.countryOfOrigin', 'Country of origin')} />
        <DateInput control={form.control} name="arrivalDate" label={t('person.arrivalDate', 'Date of arrival')} max={todayIso()} />
        <SelectInput
          control={form.control}
          name="legalStatus"
          label={t('person.legalStatus', 'Legal status')}
          options={LegalStatusSchema.options.map((s) => [s, legalLabel(s)] as const)}
        />
        <TextInput control={form.control} name="phone" label={t('person.phone', 'Phone')} dir="ltr" />
      </div>

      <Controller
        control={form.control}
        name="languages"
        render={({ field }) => (
          <fieldset className="fieldset">
            <legend>{t('person.languages', 'Languages (preferred first)')}</legend>
            <ul className="chips">
              {(field.value ?? []).map((code) => (
                <li key={code} className="chip">
                  {languageName(code, i18n.language)}
                  <button
                    type="button"
                    aria-label={t('person.removeLanguage', { name: languageName(code, i18n.language), defaultValue: 'Remove {{name}}' })}
                    onClick={() => field.onChange((field.value ?? []).filter((c) => c !== code))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
            <select
              aria-label={t('person.addLanguage', 'Add a language')}
              value=""
              onChange={(e) => e.target.value && field.onChange([...(field.value ?? []), e.target.value])}
            >
              <option value="">{t('person.addLanguage', 'Add a language')}</option>
              {PERSON_LANGUAGES.filter((c) => !(field.value ?? []).includes(c))
                .map((c) => [c, languageName(c, i18n.language)] as const)
                .sort((a, b) => a[1].localeCompare(b[1], i18n.language))
                .map(([c, name]) => (
                  <option key={c} value={c}>
                    {name}
                  </option>
                ))}
            </select>
          </fieldset>
        )}
      />

      <fieldset className="fieldset">
        <legend>{t('person.identifiers', 'Documents and numbers')}</legend>
        {identifiers.fields.map((field, i) => (
          <div key={field.id} className="row-group">
            <SelectInput control={form.control} name={`identifiers.${i}.kind`} label={t('person.idKindLabel', 'Kind')} options={identifierKinds} />
            <TextInput control={form.control} name={`identifiers.${i}.value`} label={t('person.idValue', 'Number')} dir="ltr" />
            <CountryField control={form.control} name={`identifiers.${i}.issuer`} label={t('person.idIssuer', 'Issued by')} />
            <Button className="button small" onPress={() => identifiers.remove(i)}>
              {t('common.remove', 'Remove')}
            </Button>
          </div>
        ))}
        <Button className="button small" onPress={() => identifiers.append({ kind: 'passport', value: '', issuer: '' })}>
          {t('person.addIdentifier', 'Add a document')}
        </Button>
      </fieldset>

      <CheckboxInput control={form.control} name="unaccompaniedMinor" label={t('person.unaccompanied', 'Unaccompanied minor')} />

      {duplicates.length > 0 && (
        <div className="notice" role="status" data-testid="duplicate-warning">
          <h2>{t('person.duplicatesTitle', 'This person may already be registered')}</h2>
          <ul className="duplicate-list">
            {duplicates.map((d) => (
              <DuplicateRow key={d.person.id} candidate={d} onOpen={onOpen} />
            ))}
          </ul>
          {!existing && (
            <label className="inline-check">
              <input type="checkbox" checked={confirmedDifferent} onChange={(e) => setConfirmedDifferent(e.target.checked)} />{' '}
              {t('person.notDuplicate', 'I checked: this is a different person')}
            </label>
          )}
        </div>
      )}

      <div className="form-actions">
        <Button className="button" onPress={onCancel} isDisabled={pending}>
          {t('common.cancel', 'Cancel')}
        </Button>
        <Button type="submit" className="button primary" isPending={pending} isDisabled={!existing && duplicates.length > 0 && !confirmedDifferent}>
          {existing ? t('common.save', 'Save') : t('person.registerSubmit', 'Register')}
        </Button>
      </div>
    </Form>
  );
}

type Candidate = { person: { id: string; recordNumber: string; names: Person['names']; birth: Person['birth']; sex: string; nationality?: string }; score: number; reasons: string[] };

/** Likely duplicates of what is typed so far, asked again 400 ms after typing stops. */
function useDuplicates(person: Person | null, excludeId: string | undefined): Candidate[] {
  const client = useClient();
  const [settled, setSettled] = useState<Person | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(person), 400);
    return () => clearTimeout(timer);
  }, [person]);
  const query = useQuery({
    queryKey: ['person.checkDuplicates', settled, excludeId],
    queryFn: () => unwrap(client.call('person.checkDuplicates', { person: settled as Person, ...(excludeId && { excludeId }) })),
    enabled: settled !== null,
  });
  return settled ? (query.data?.candidates ?? []) : [];
}

function DuplicateRow({ candidate, onOpen }: { candidate: Candidate; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const ageText = useAgeText();
  const sexLabel = useSexLabel();
  const p = candidate.person;
  const name = preferredName(p.names);
  const reasons = candidate.reasons.map((r) => t(`person.match.${r}`)).join(', ');
  return (
    <li>
      <bdi className="result-name">{name ? nameText(name) : ''}</bdi> · <bdi>{p.recordNumber}</bdi> · {sexLabel(p.sex)} · {ageText(p.birth)}
      {p.nationality && ` · ${countryName(p.nationality, i18n.language as LanguageCode) ?? p.nationality}`}
      <span className="muted"> — {t('person.matchScore', { score: Math.round(candidate.score * 100), reasons, defaultValue: '{{score}}% alike ({{reasons}})' })}</span>{' '}
      <Button className="button small" onPress={() => onOpen(p.id)}>
        {t('person.openRecord', 'Open this record')}
      </Button>
    </li>
  );
}
