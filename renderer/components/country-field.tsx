import { useMemo } from 'react';
import { ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Button } from 'react-aria-components';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { countryCodes, countryName } from '../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../src/i18n/languages.ts';

/** Pick a country by typing part of its name in the interface language; the value is the ISO code. */
export function CountryField<T extends FieldValues>({ control, name, label }: { control: Control<T, unknown, FieldValues>; name: FieldPath<T>; label: string }) {
  const { t, i18n } = useTranslation();
  const items = useMemo(() => {
    const collator = new Intl.Collator(i18n.language);
    return countryCodes()
      .map((code) => ({ id: code, name: countryName(code, i18n.language as LanguageCode) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
  }, [i18n.language]);
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <ComboBox
          className="field"
          name={field.name}
          defaultItems={items}
          selectedKey={(field.value as string | undefined) || null}
          onSelectionChange={(key) => field.onChange(key === null ? '' : String(key))}
          onBlur={field.onBlur}
          isInvalid={fieldState.invalid}
          validationBehavior="aria"
          menuTrigger="input"
        >
          <Label>{label}</Label>
          <div className="combo">
            <Input ref={field.ref} />
            <Button className="combo-button" aria-label={t('field.showChoices', 'Show choices')}>
              ▾
            </Button>
          </div>
          <FieldError>{fieldState.error?.message}</FieldError>
          <Popover className="select-popover">
            <ListBox className="combo-list">
              {(item: { id: string; name: string }) => (
                <ListBoxItem className="select-option" textValue={item.name}>
                  {item.name} <bdi className="muted">{item.id}</bdi>
                </ListBoxItem>
              )}
            </ListBox>
          </Popover>
        </ComboBox>
      )}
    />
  );
}
