import { useTranslation } from 'react-i18next';
import type { EntryRecord } from '../../../src/api/schemas/record.ts';
import { formatDate } from './chart.component.tsx';
import { useEntryText } from './labels.ts';

/** Vaccinations per antigen: each dose with its date and whether it was documented, reported or given here. */
export function VaccinationTable({ entries }: { entries: EntryRecord[] }) {
  const { t, i18n } = useTranslation();
  const text = useEntryText();
  const byAntigen = new Map<string, EntryRecord[]>();
  for (const e of entries) {
    if (e.body.kind !== 'immunization') continue;
    const list = byAntigen.get(e.body.antigen) ?? [];
    list.push(e);
    byAntigen.set(e.body.antigen, list);
  }
  if (byAntigen.size === 0) return null;
  return (
    <details className="panel" open>
      <summary>{t('chart.vaccinations', 'Vaccinations')}</summary>
      <table className="table compact" data-testid="vaccination-table">
        <thead>
          <tr>
            <th>{t('chart.antigen', 'Against')}</th>
            <th>{t('chart.doses', 'Doses')}</th>
          </tr>
        </thead>
        <tbody>
          {[...byAntigen.entries()].map(([antigen, doses]) => (
            <tr key={antigen}>
              <td>{doses[0] ? text(doses[0].body).title : antigen}</td>
              <td>
                {doses
                  .map((d) => d.body)
                  .sort((a, b) => ((a as { date?: string }).date ?? '').localeCompare((b as { date?: string }).date ?? ''))
                  .map((b, i) =>
                    b.kind === 'immunization' ? (
                      <span key={i} className={`dose dose-${b.evidence}`}>
                        {b.date ? formatDate(b.date, i18n.language) : t('chart.dateUnknown', 'date unknown')} ({t(`entry.evidence.${b.evidence}`)})
                      </span>
                    ) : null,
                  )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
