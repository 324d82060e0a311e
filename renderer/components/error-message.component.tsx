import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../src/api/errors.ts';

/** A failure as the user reads it: the translated message for its code, announced to screen readers. */
export function ErrorMessage({ error }: { error: ApiError | null }) {
  const { t } = useTranslation('errors');
  if (!error) return null;
  return (
    <div role="alert" className="error-message" data-code={error.code}>
      {t(error.messageKey, t('internal', 'Something went wrong. Try again; if it keeps happening, tell your site admin.'))}
    </div>
  );
}
