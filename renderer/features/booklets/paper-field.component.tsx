// The booklet's paper: A5 pages, or A4 sheets imposed to fold into a booklet. The chart's dialog and
// the group page list the two in the order that suits them (the common choice first).
import { useTranslation } from 'react-i18next';

export type BookletPaper = 'a5' | 'a4';

export function PaperField({ name, value, onChange, order }: { name: string; value: BookletPaper; onChange: (paper: BookletPaper) => void; order: readonly BookletPaper[] }) {
  const { t } = useTranslation();
  const labels: Record<BookletPaper, string> = {
    a5: t('booklet.a5', 'A5 pages'),
    a4: t('booklet.a4', 'A4, to fold into a booklet (print double-sided, flip on the short edge, actual size)'),
  };
  return (
    <fieldset className="fieldset">
      <legend>{t('booklet.layout', 'Paper')}</legend>
      {order.map((paper) => (
        <label key={paper}>
          <input type="radio" name={name} checked={value === paper} onChange={() => onChange(paper)} /> {labels[paper]}
        </label>
      ))}
    </fieldset>
  );
}
