// Form building blocks: react-hook-form validated by the contract's own zod schemas, shown with
// React Aria fields, with every validation message translated.
import { zodResolver } from '@hookform/resolvers/zod';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import {
  Checkbox as AriaCheckbox,
  FieldError,
  Input,
  Label,
  NumberField,
  Text,
  TextField,
  Button,
  Group,
} from 'react-aria-components';
import {
  Controller,
  useForm,
  type Control,
  type DefaultValues,
  type FieldPath,
  type FieldValues,
  type UseFormReturn,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from '../../src/api/zod.ts';

interface Issue {
  code: string;
  input?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  params?: Record<string, unknown>;
}

/** One zod issue as the user reads it. Custom checks name their message with `params.i18n`. */
export function issueMessage(t: TFunction, issue: Issue): string {
  const empty = issue.input === undefined || issue.input === null || issue.input === '';
  if (empty && issue.code !== 'custom') return t('field.required', 'This field is required.');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string' && issue.minimum === 1) return t('field.required', 'This field is required.');
      if (issue.origin === 'string') return t('field.tooShort', { count: Number(issue.minimum), defaultValue: 'Use at least {{count}} characters.' });
      return t('field.tooLow', { min: Number(issue.minimum), defaultValue: 'The lowest allowed value is {{min}}.' });
    case 'too_big':
      if (issue.origin === 'string') return t('field.tooLong', { count: Number(issue.maximum), defaultValue: 'Use at most {{count}} characters.' });
      return t('field.tooHigh', { max: Number(issue.maximum), defaultValue: 'The highest allowed value is {{max}}.' });
    case 'invalid_type':
      return t('field.format', 'This is not in the expected form.');
    case 'custom': {
      const key = issue.params?.['i18n'];
      return typeof key === 'string' ? t(key) : t('field.format', 'This is not in the expected form.');
    }
    default:
      return t('field.format', 'This is not in the expected form.');
  }
}

/** A form validated by a zod schema, messages in the current language. */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
): UseFormReturn<z.input<S>, unknown, z.output<S>> {
  const { t } = useTranslation();
  const resolver = useMemo(() => zodResolver(schema as never, { error: (issue) => issueMessage(t, issue as Issue) }), [schema, t]);
  return useForm<z.input<S>, unknown, z.output<S>>({ resolver: resolver as never, defaultValues, mode: 'onTouched' });
}

interface FieldProps<T extends FieldValues> {
  control: Control<T, unknown, FieldValues>;
  name: FieldPath<T>;
  label: string;
  description?: string;
}

export function TextInput<T extends FieldValues>({
  control,
  name,
  label,
  description,
  type = 'text',
  autoComplete,
  autoFocus,
  dir,
  className,
  normalize,
}: FieldProps<T> & {
  type?: 'text' | 'password';
  autoComplete?: string;
  autoFocus?: boolean;
  dir?: 'ltr' | 'rtl' | 'auto';
  className?: string;
  /** Applied to every change, e.g. upper-casing a code as it is typed. */
  normalize?: (value: string) => string;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextField
          className={`field ${className ?? ''}`}
          name={field.name}
          value={(field.value as string | undefined) ?? ''}
          onChange={(value) => field.onChange(normalize ? normalize(value) : value)}
          onBlur={field.onBlur}
          isInvalid={fieldState.invalid}
          validationBehavior="aria"
          type={type}
          autoComplete={autoComplete}
          autoFocus={autoFocus}
        >
          <Label>{label}</Label>
          <Input ref={field.ref} dir={dir} />
          {description && <Text slot="description">{description}</Text>}
          <FieldError>{fieldState.error?.message}</FieldError>
        </TextField>
      )}
    />
  );
}

export function NumberInput<T extends FieldValues>({ control, name, label, description, min, max }: FieldProps<T> & { min: number; max: number }) {
  const { t } = useTranslation();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberField
          className="field"
          name={field.name}
          value={field.value as number}
          onChange={field.onChange}
          onBlur={field.onBlur}
          minValue={min}
          maxValue={max}
          isInvalid={fieldState.invalid}
          validationBehavior="aria"
        >
          <Label>{label}</Label>
          <Group className="number-group">
            <Button slot="decrement" aria-label={t('field.decrease', 'Decrease')}>
              −
            </Button>
            <Input ref={field.ref} />
            <Button slot="increment" aria-label={t('field.increase', 'Increase')}>
              +
            </Button>
          </Group>
          {description && <Text slot="description">{description}</Text>}
          <FieldError>{fieldState.error?.message}</FieldError>
        </NumberField>
      )}
    />
  );
}

export function CheckboxInput<T extends FieldValues>({ control, name, label }: FieldProps<T>) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <AriaCheckbox className="checkbox" name={field.name} isSelected={Boolean(field.value)} onChange={field.onChange} onBlur={field.onBlur}>
          <span className="checkbox-box" aria-hidden="true" />
          {label}
        </AriaCheckbox>
      )}
    />
  );
}
