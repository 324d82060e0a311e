import { useId } from 'react';
import { Controller, type Control, type FieldPath, type FieldValues } from 'react-hook-form';

/** A date as ISO yyyy-mm-dd, entered with the platform's date picker (formatted per locale). */
export function DateInput<T extends FieldValues>({
  control,
  name,
  label,
  max,
}: {
  control: Control<T, unknown, FieldValues>;
  name: FieldPath<T>;
  label: string;
  max?: string;
}) {
  const id = useId();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <input
            id={id}
            type="date"
            name={field.name}
            ref={field.ref}
            value={(field.value as string | undefined) ?? ''}
            max={max}
            onChange={(e) => field.onChange(e.target.value === '' ? undefined : e.target.value)}
            onBlur={field.onBlur}
            aria-invalid={fieldState.invalid || undefined}
            aria-describedby={fieldState.error ? `${id}-error` : undefined}
          />
          {fieldState.error && (
            <p id={`${id}-error`} className="field-error">
              {fieldState.error.message}
            </p>
          )}
        </div>
      )}
    />
  );
}

/** A native select bound to a form field; `options` are [value, label]. */
export function SelectInput<T extends FieldValues>({
  control,
  name,
  label,
  options,
  empty,
}: {
  control: Control<T, unknown, FieldValues>;
  name: FieldPath<T>;
  label: string;
  options: readonly (readonly [string, string])[];
  /** Label of a "none" choice; without it a value is required. */
  empty?: string;
}) {
  const id = useId();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <select
            id={id}
            name={field.name}
            ref={field.ref}
            value={(field.value as string | undefined) ?? ''}
            onChange={(e) => field.onChange(e.target.value === '' ? undefined : e.target.value)}
            onBlur={field.onBlur}
            aria-invalid={fieldState.invalid || undefined}
          >
            {empty !== undefined && <option value="">{empty}</option>}
            {options.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
          {fieldState.error && <p className="field-error">{fieldState.error.message}</p>}
        </div>
      )}
    />
  );
}
