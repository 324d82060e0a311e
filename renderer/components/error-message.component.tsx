import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../src/api/errors.ts';

/** A failure as the user reads it: the translated message for its code, announced to screen readers. */
export function ErrorMessage({ error }: { error: ApiError | null }) {
  const { t } = useTranslation('errors');
  if (!error) return null;
  // Details carry only numbers and reasons (never patient data); some messages use them (wait time).
  const values = Object.fromEntries(Object.entries(error.details ?? {}).filter(([, v]) => typeof v === 'number' || typeof v === 'string'));
  return (
    <div role="alert" className="error-message" data-code={error.code}>
      {t(error.messageKey, {
        ...values,
        defaultValue: t('internal', 'Something went wrong. Try again; if it keeps happening, tell your site admin.'),
      })}
    </div>
  );
}
