// Inputs for coded values. The value stored is always the code; what is shown and searched is the
// value sets' designation in the interface language.
import { useState } from 'react';
import { ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { Controller, useController, type Control, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { icd10Label, icd10Search, normalizeIcd10 } from '../../../src/domain/value-sets/icd10.ts';
import { loincItem, loincItems, loincLabel, normalizeSearchText } from '../../../src/domain/value-sets/loinc.ts';
import { antigenLabel, VACCINE_ANTIGENS } from '../../../src/domain/value-sets/vaccines.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { SelectInput } from '../../components/date-field.tsx';

type Props = { control: Control<FieldValues, unknown, FieldValues>; name: string; label: string };

interface Choice {
  id: string;
  label: string;
}

/** A code typed or picked from matching designations; any well-formed code is accepted. */
function CodeCombo({
  control,
  name,
  label,
  help,
  search,
  describe,
  normalize,
  onPicked,
}: Props & {
  help: string;
  search: (text: string) => Choice[];
  describe: (code: string) => string | undefined;
  normalize: (text: string) => string;
  onPicked?: (code: string) => void;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <CodeComboInner
          label={label}
          help={help}
          value={(field.value as string | undefined) ?? ''}
          invalid={fieldState.invalid}
          error={fieldState.error?.message}
          search={search}
          describe={describe}
          onBlur={field.onBlur}
          onChange={(code, picked) => {
            field.onChange(normalize(code));
            if (picked) onPicked?.(code);
          }}
        />
      )}
    />
  );
}

function CodeComboInner({
  label,
  help,
  value,
  invalid,
  error,
  search,
  describe,
  onBlur,
  onChange,
}: {
  label: string;
  help: string;
  value: string;
  invalid: boolean;
  error: string | undefined;
  search: (text: string) => Choice[];
  describe: (code: string) => string | undefined;
  onBlur: () => void;
  onChange: (code: string, picked: boolean) => void;
}) {
  const [input, setInput] = useState(value);
  const items = input.trim() ? search(input).slice(0, 30) : [];
  const described = value ? describe(value) : undefined;
  return (
    <ComboBox
      className="field"
      allowsCustomValue
      inputValue={input}
      onInputChange={(text) => {
        setInput(text);
        onChange(text, false);
      }}
      onSelectionChange={(key) => {
        if (key === null) return;
        setInput(String(key));
        onChange(String(key), true);
      }}
      items={items}
      menuTrigger="input"
      onBlur={onBlur}
      isInvalid={invalid}
      validationBehavior="aria"
    >
      <Label>{label}</Label>
      <Input dir="ltr" />
      <Text slot="description">{described ? <bdi>{described}</bdi> : help}</Text>
      <FieldError>{error}</FieldError>
      <Popover className="select-popover">
        <ListBox className="combo-list">
          {(item: Choice) => (
            <ListBoxItem id={item.id} textValue={item.id} className="select-option">
              <bdi dir="ltr">{item.id}</bdi> — <bdi>{item.label}</bdi>
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

export function Icd10Input({ control, name, label }: Props) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  return (
    <CodeCombo
      control={control}
      name={name}
      label={label}
      help={t('assessment.icd10Help', 'Type a code or words, e.g. B86 or scabies')}
      search={(text) => icd10Search(text, lng, 30).map((m) => ({ id: m.code, label: m.label }))}
      describe={(code) => icd10Label(code, lng)}
      normalize={(text) => normalizeIcd10(text) ?? text.toUpperCase().replace(/\s/g, '')}
    />
  );
}

export function LoincInput({ control, name, label, unitName }: Props & { unitName: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const unit = useController({ control, name: unitName });
  const all = loincItems().filter((item) => item.category !== 'vital-signs');
  return (
    <CodeCombo
      control={control}
      name={name}
      label={label}
      help={t('assessment.loincHelp', 'Type the test name or an abbreviation (Hb, WBC…) or its LOINC code')}
      search={(text) => {
        const q = normalizeSearchText(text);
        return all
          .map((item) => ({ id: item.code, label: loincLabel(item.code, lng) ?? item.code, abbreviations: item.abbreviations }))
          .filter((c) => c.id.startsWith(text.trim()) || normalizeSearchText(c.label).includes(q) || c.abbreviations.some((a) => normalizeSearchText(a) === q));
      }}
      describe={(code) => loincLabel(code, lng)}
      normalize={(text) => text.trim()}
      onPicked={(code) => {
        const item = loincItem(code);
        if (item?.unit && !unit.field.value) unit.field.onChange(item.unit);
      }}
    />
  );
}

export function AntigenInput({ control, name, label }: Props) {
  const { i18n } = useTranslation();
  const lng = i18n.language as LanguageCode;
  const options = VACCINE_ANTIGENS.map((a) => [a, antigenLabel(a, lng) ?? a] as const).sort((a, b) => a[1].localeCompare(b[1], lng));
  return <SelectInput control={control} name={name} label={label} empty="—" options={options} />;
}
