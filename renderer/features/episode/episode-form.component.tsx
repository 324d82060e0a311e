import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { Controller, useFieldArray, useWatch, type Control, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { EpisodeRecord } from '../../../src/api/schemas/record.ts';
import { ageOn } from '../../../src/domain/age.ts';
import { CONSENT_PURPOSES } from '../../../src/domain/entries.ts';
import type { Birth, Sex } from '../../../src/domain/person.ts';
import { vitalWarnings, bmi, type Vitals } from '../../../src/domain/vitals.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { DateInput, SelectInput } from '../../components/date-field.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { CheckboxInput, NumberInput, TextInput, useZodForm } from '../../components/form.tsx';
import { chartKey, formatDate, type EpisodeType } from '../chart/chart.component.tsx';
import { unitText } from '../chart/labels.ts';
import { languageName, PERSON_LANGUAGES, todayIso } from '../persons/person-format.ts';
import { AssessmentFormSchema, emptyAssessment, toEpisodeAndEntries, type AssessmentValues } from './assessment-model.ts';
import { loincAnswerLabel, loincAnswers } from '../../../src/domain/value-sets/loinc.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { SECTIONS, type ListKind, type QuestionField } from './assessment-sections.ts';
import { AntigenInput, Icd10Input, LoincInput } from './pickers.tsx';

type FormControl = Control<FieldValues, unknown, FieldValues>;

/**
 * A health assessment, a follow-up or an extra lab test: the sections of its type, each folded until
 * opened, saved as a draft while typed, and written as one episode with all its entries at once.
 */
export function EpisodeForm({
  personId,
  type,
  existing,
  person,
  onSaved,
  onCancel,
}: {
  personId: string;
  type: EpisodeType;
  existing?: EpisodeRecord;
  person: { birth: Birth; sex: Sex };
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const draftKey = `episode:${personId}:${existing?.id ?? type}`;
  const initial = useMemo(() => emptyAssessment(existing?.episode.date ?? todayIso(), existing?.episode.language ?? ''), [existing]);
  const form = useZodForm(AssessmentFormSchema, initial);
  const control = form.control as unknown as FormControl;
  const [draftAt, setDraftAt] = useState<string | null>(null);
  const loaded = useRef(false);
  const saved = () => {
    void client.call('draft.discard', { key: draftKey });
    void queryClient.invalidateQueries({ queryKey: chartKey(personId) });
    onSaved();
  };
  const create = useCall('episode.create', { onSuccess: saved });
  const add = useCall('entry.add', { onSuccess: saved });
  const error = create.error ?? add.error;
  const pending = create.pending || add.pending;

  // A draft left by this user (the app was closed or locked mid-form) comes back first.
  useEffect(() => {
    let cancelled = false;
    void client.call('draft.get', { key: draftKey }).then((result) => {
      if (cancelled) return;
      if (result.ok && result.value.draft) {
        form.reset(result.value.draft.data as AssessmentValues);
        setDraftAt(result.value.draft.updatedAt);
      }
      loaded.current = true;
    });
    return () => {
      cancelled = true;
    };
  }, [client, draftKey, form]);

  // Every change is kept as a draft a second after typing stops.
  const values = useWatch({ control: form.control });
  useEffect(() => {
    if (!loaded.current || !form.formState.isDirty) return undefined;
    const timer = setTimeout(() => void client.call('draft.save', { key: draftKey, personId, data: values as Record<string, unknown> }), 1000);
    return () => clearTimeout(timer);
  }, [values, client, draftKey, personId, form.formState.isDirty]);

  const sections = SECTIONS.filter((s) => s.in.includes(type) && (!s.sex || s.sex === person.sex));
  const errors = form.formState.errors as Record<string, unknown>;
  const sectionHasError = (fields: readonly QuestionField[], lists: readonly ListKind[] = []) =>
    fields.some((f) => (errors['obs'] as Record<string, unknown> | undefined)?.[f.name]) || lists.some((l) => errors[l]);

  return (
    <Form
      className="form wide assessment"
      aria-labelledby="episode-title"
      onSubmit={form.handleSubmit(async (v) => {
        const { episode, entries } = toEpisodeAndEntries(v, type, { lang: i18n.language, at: new Date().toISOString() });
        if (existing) {
          if (entries.length === 0) return saved();
          await add.run({ episodeId: existing.id, entries });
        } else {
          await create.run({ personId, episode, entries });
        }
      })}
    >
      <h1 id="episode-title">
        {t(`episode.type.${type}`)}
        {existing && ` · ${formatDate(existing.episode.date, i18n.language)}`}
      </h1>
      {existing && <p className="muted">{t('episode.addingTo', 'What you enter here is added to this episode.')}</p>}
      {draftAt && (
        <p className="notice" role="status">
          {t('episode.draftRestored', { when: new Date(draftAt).toLocaleString(i18n.language), defaultValue: 'Your unfinished entry from {{when}} was restored.' })}{' '}
          <Button
            className="button small"
            onPress={() => {
              void client.call('draft.discard', { key: draftKey });
              form.reset(initial);
              setDraftAt(null);
            }}
          >
            {t('episode.discardDraft', 'Start again')}
          </Button>
        </p>
      )}
      <ErrorMessage error={error} />
      {Object.keys(errors).length > 0 && (
        <p className="error-message" role="alert">
          {t('episode.fixErrors', 'Some answers need checking: the sections marked are open below.')}
        </p>
      )}

      {!existing && (
        <details className="section" open>
          <summary>{t('assessment.section.header', '0. Visit')}</summary>
          <div className="grid-2">
            <DateInput control={control} name="date" label={t('episode.date', 'Date')} max={todayIso()} />
            <SelectInput
              control={control}
              name="language"
              label={t('episode.language', 'Language of the consultation')}
              empty={t('episode.languageUnset', '—')}
              options={PERSON_LANGUAGES.map((c) => [c, languageName(c, i18n.language)] as const)}
            />
            <CheckboxInput control={control} name="mediatorPresent" label={t('episode.mediator', 'Mediator or interpreter present')} />
          </div>
          {type === 'initial-assessment' && (
            <fieldset className="fieldset">
              <legend>{t('episode.consent', 'Consent')}</legend>
              {CONSENT_PURPOSES.map((purpose) => (
                <SelectInput
                  key={purpose}
                  control={control}
                  name={`consent.${purpose}`}
                  label={t(`entry.consentPurpose.${purpose}`)}
                  empty={t('episode.notAsked', 'Not asked')}
                  options={[
                    ['given', t('entry.consentDecision.given', 'Given')],
                    ['refused', t('entry.consentDecision.refused', 'Refused')],
                  ]}
                />
              ))}
            </fieldset>
          )}
        </details>
      )}

      {sections.map((section) => {
        const invalid = sectionHasError(section.fields, section.lists);
        return (
          <FoldedSection key={section.id} id={section.id} invalid={invalid} openAtStart={section.id === 'complaints'} title={t(section.title[0], section.title[1])}>
            {section.id === 'complaints' && !existing && <TextInput control={control} name="complaints" label={t('episode.complaints', 'Complaints')} dir="auto" />}
            {section.id === 'treatment' && !existing && <TextInput control={control} name="counselling" label={t('episode.counselling', 'Counselling and health education')} dir="auto" />}
            {section.id === 'followup' && !existing && <DateInput control={control} name="nextVisit" label={t('episode.nextVisit', 'Next appointment')} />}
            {section.id === 'vitals' && <VitalsWarnings control={control} birth={person.birth} />}
            <div className="grid-2">
              {section.fields.map((field) => (
                <Question key={field.name} control={control} field={field} />
              ))}
            </div>
            {section.lists?.map((list) => <ListEditor key={list} control={control} kind={list} />)}
          </FoldedSection>
        );
      })}

      <div className="form-actions sticky-actions">
        <Button className="button" onPress={onCancel} isDisabled={pending}>
          {t('episode.later', 'Close (the draft is kept)')}
        </Button>
        <Button type="submit" className="button primary" isPending={pending}>
          {t('episode.save', 'Save')}
        </Button>
      </div>
    </Form>
  );
}

/**
 * A section folded until opened. One with an error opens itself, and is never closed again by the form:
 * were `open` a prop, fixing the error would remove it, close the section the user is typing in and
 * drop the keyboard focus to the start of the page.
 */
function FoldedSection({ id, title, invalid, openAtStart, children }: { id: string; title: string; invalid: boolean; openAtStart: boolean; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (invalid && ref.current) ref.current.open = true;
  }, [invalid]);
  return (
    <details ref={ref} className={`section ${invalid ? 'invalid' : ''}`} open={openAtStart || undefined} data-section={id}>
      <summary>{title}</summary>
      {children}
    </details>
  );
}

function Question({ control, field }: { control: FormControl; field: QuestionField }) {
  const { t } = useTranslation();
  const name = `obs.${field.name}`;
  const label = t(field.label[0], field.label[1]);
  switch (field.type) {
    case 'number': {
      const unit = unitText(field.unit);
      return <NumberInput control={control} name={name} label={unit ? `${label} (${unit})` : label} min={field.min} max={field.max} />;
    }
    case 'text':
      return <TextInput control={control} name={name} label={label} dir="auto" />;
    case 'date':
      return <DateInput control={control} name={name} label={label} max={todayIso()} />;
    case 'choice':
      return (
        <SelectInput
          control={control}
          name={name}
          label={label}
          empty={t('assessment.notAnswered', 'Not answered')}
          options={field.options.map((o) => [o, t(`assessment.answer.${o}`)] as const)}
        />
      );
    case 'yesno':
      return (
        <Controller
          control={control}
          name={name}
          render={({ field: f }) => (
            // Unanswered is null, not '': React Aria takes '' for a chosen value that no radio has, and
            // then leaves every radio out of the Tab order, so the question cannot be reached by keyboard.
            <RadioGroup className="radio-group yesno" orientation="horizontal" value={(f.value as string | undefined) ?? null} onChange={f.onChange}>
              <Label>{label}</Label>
              <Radio value="yes" className="radio">
                {t('common.yes', 'Yes')}
              </Radio>
              <Radio value="no" className="radio">
                {t('common.no', 'No')}
              </Radio>
            </RadioGroup>
          )}
        />
      );
  }
}

/** Warnings as the vitals are typed (fever, low SpO2, blood pressure, BMI for adults...). */
function VitalsWarnings({ control, birth }: { control: FormControl; birth: Birth }) {
  const { t, i18n } = useTranslation();
  const obs = (useWatch({ control, name: 'obs' }) ?? {}) as Record<string, unknown>;
  const vitals: Vitals = {};
  for (const [k, v] of Object.entries(obs)) if (typeof v === 'number' && Number.isFinite(v)) (vitals as Record<string, number>)[k] = v;
  const value = vitals.weight && vitals.height ? bmi(vitals.weight, vitals.height) : undefined;
  const warnings = vitalWarnings(vitals, ageOn(birth, todayIso()));
  return (
    <div aria-live="polite">
      {value !== undefined && (
        <p data-testid="bmi">
          {t('vitals.name.bmi', 'Body mass index')}: {new Intl.NumberFormat(i18n.language).format(value)} {unitText('kg/m2')}
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="notice" data-testid="vital-warnings">
          {warnings.map((w) => (
            <li key={w.key} className={w.severity}>
              {t(w.key)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const NEW_ROW: Record<ListKind, Record<string, unknown>> = {
  knownConditions: { icd10: '', certainty: 'confirmed' },
  allergies: { substance: '', category: '', reaction: '' },
  currentMedications: { name: '', dose: '' },
  vaccinations: { antigen: '', cvx: '', date: '', dose: undefined, evidence: 'documented', lot: '' },
  labs: { loinc: '', value: '', unit: '', interpretation: '' },
  diagnoses: { icd10: '', novelty: 'new', certainty: 'confirmed', note: '' },
  treatments: { name: '', dose: '', status: 'given' },
  referrals: { to: '', specialty: '', urgency: 'routine', reason: '' },
};

function ListEditor({ control, kind }: { control: FormControl; kind: ListKind }) {
  const { t } = useTranslation();
  const rows = useFieldArray({ control, name: kind });
  const title = t(`assessment.list.${kind}`);
  return (
    <fieldset className="fieldset" data-list={kind}>
      <legend>{title}</legend>
      {kind === 'allergies' && <CheckboxInput control={control} name="allergiesNone" label={t('entry.noKnownAllergies', 'No known allergies')} />}
      {rows.fields.map((row, i) => (
        <div key={row.id} className="row-group" role="group" aria-label={`${title} ${i + 1}`}>
          <ListRow control={control} kind={kind} index={i} />
          <Button className="button small" onPress={() => rows.remove(i)}>
            {t('common.remove', 'Remove')}
          </Button>
        </div>
      ))}
      <Button className="button small" onPress={() => rows.append(NEW_ROW[kind])}>
        {t(`assessment.add.${kind}`)}
      </Button>
    </fieldset>
  );
}

function ListRow({ control, kind, index }: { control: FormControl; kind: ListKind; index: number }) {
  const { t } = useTranslation();
  const p = `${kind}.${index}`;
  switch (kind) {
    case 'knownConditions':
    case 'diagnoses':
      return (
        <>
          <Icd10Input control={control} name={`${p}.icd10`} label={t('assessment.icd10', 'Diagnosis (ICD-10)')} />
          {kind === 'diagnoses' && (
            <SelectInput
              control={control}
              name={`${p}.novelty`}
              label={t('assessment.novelty', 'New or known')}
              options={[
                ['new', t('entry.novelty.new', 'New')],
                ['known', t('entry.novelty.known', 'Known')],
              ]}
            />
          )}
          <SelectInput
            control={control}
            name={`${p}.certainty`}
            label={t('assessment.certainty', 'Certainty')}
            options={(kind === 'diagnoses' ? (['confirmed', 'provisional', 'differential'] as const) : (['confirmed', 'provisional'] as const)).map(
              (c) => [c, t(`entry.certainty.${c}`)] as const,
            )}
          />
        </>
      );
    case 'allergies':
      return (
        <>
          <TextInput control={control} name={`${p}.substance`} label={t('assessment.substance', 'Allergic to')} dir="auto" />
          <SelectInput
            control={control}
            name={`${p}.category`}
            label={t('assessment.allergyCategory', 'Kind')}
            empty="—"
            options={(['medication', 'food', 'environment', 'biologic'] as const).map((c) => [c, t(`entry.allergyCategory.${c}`)] as const)}
          />
          <TextInput control={control} name={`${p}.reaction`} label={t('assessment.reaction', 'Reaction')} dir="auto" />
        </>
      );
    case 'currentMedications':
    case 'treatments':
      return (
        <>
          <TextInput control={control} name={`${p}.name`} label={t('assessment.medicine', 'Medicine')} dir="auto" />
          <TextInput control={control} name={`${p}.dose`} label={t('assessment.dose', 'Dose and how often')} dir="auto" />
          {kind === 'treatments' && (
            <SelectInput
              control={control}
              name={`${p}.status`}
              label={t('assessment.treatmentStatus', 'Given or prescribed')}
              options={(['given', 'prescribed'] as const).map((s) => [s, t(`entry.medicationStatus.${s}`)] as const)}
            />
          )}
        </>
      );
    case 'vaccinations':
      return (
        <>
          <AntigenInput control={control} name={`${p}.antigen`} label={t('assessment.antigen', 'Against')} />
          <DateInput control={control} name={`${p}.date`} label={t('assessment.vaccineDate', 'Date')} max={todayIso()} />
          <NumberInput control={control} name={`${p}.dose`} label={t('assessment.doseNumber', 'Dose number')} min={1} max={10} />
          <SelectInput
            control={control}
            name={`${p}.evidence`}
            label={t('assessment.evidence', 'Source')}
            options={(['documented', 'reported', 'given', 'unknown'] as const).map((e) => [e, t(`entry.evidence.${e}`)] as const)}
          />
          <TextInput control={control} name={`${p}.lot`} label={t('assessment.lot', 'Lot')} dir="ltr" />
        </>
      );
    case 'labs':
      return (
        <>
          <LoincInput control={control} name={`${p}.loinc`} unitName={`${p}.unit`} label={t('assessment.test', 'Test')} />
          <LabResult control={control} path={p} />
          <TextInput control={control} name={`${p}.unit`} label={t('assessment.unit', 'Unit')} dir="ltr" />
          <SelectInput
            control={control}
            name={`${p}.interpretation`}
            label={t('assessment.interpretation', 'Flag')}
            empty="—"
            options={(['normal', 'low', 'high', 'abnormal', 'critical'] as const).map((f) => [f, t(`entry.interpretation.${f}`)] as const)}
          />
        </>
      );
    case 'referrals':
      return (
        <>
          <TextInput control={control} name={`${p}.to`} label={t('assessment.referTo', 'To (service or doctor)')} dir="auto" />
          <TextInput control={control} name={`${p}.specialty`} label={t('assessment.specialty', 'Specialty')} dir="auto" />
          <SelectInput
            control={control}
            name={`${p}.urgency`}
            label={t('assessment.urgency', 'Urgency')}
            options={(['routine', 'urgent', 'emergency'] as const).map((u) => [u, t(`entry.urgency.${u}`)] as const)}
          />
          <TextInput control={control} name={`${p}.reason`} label={t('assessment.reason', 'Reason')} dir="auto" />
        </>
      );
  }
}

/** A number for a measured test; a choice among the test's answers (positive, negative...) for the others. */
function LabResult({ control, path }: { control: FormControl; path: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const code = useWatch({ control, name: `${path}.loinc` }) as string | undefined;
  const answers = code ? loincAnswers(code) : [];
  if (answers.length > 0) {
    return (
      <SelectInput
        control={control}
        name={`${path}.value`}
        label={t('assessment.result', 'Result')}
        empty="—"
        options={answers.map((a) => [a.code, loincAnswerLabel(a.code, lng) ?? t(`assessment.answer.${a.code}`, { defaultValue: a.code })] as const)}
      />
    );
  }
  return (
    <TextInput
      control={control}
      name={`${path}.value`}
      label={t('assessment.result', 'Result')}
      description={t('assessment.resultNumber', 'A number; a decimal comma or point')}
      dir="ltr"
    />
  );
}
