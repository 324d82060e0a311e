import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../../src/api/schemas/record.ts';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { useCall } from '../../api/use-call.ts';
import { ConfirmDialog } from '../../components/dialog.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { nameText, useAgeText, useSexLabel } from './person-format.ts';

/** The site admin's list of likely duplicate registrations, merged after a look at both. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['duplicates.list'], queryFn: () => unwrap(client.call('duplicates.list', {})) });
  const [merging, setMerging] = useState<{ keep: PersonSummary; merge: PersonSummary } | null>(null);
  const merge = useCall('person.merge', {
    onSuccess: () => {
      setMerging(null);
      void queryClient.invalidateQueries({ queryKey: ['duplicates.list'] });
      void queryClient.invalidateQueries({ queryKey: ['person.search'] });
    },
  });
  return (
    <section className="page" aria-labelledby="duplicates-title">
      <h1 id="duplicates-title">{t('duplicates.title', 'Likely duplicates')}</h1>
      <p>{t('duplicates.intro', 'Pairs of records that may be the same person, most alike first. Merging keeps both histories and can be undone from the record.')}</p>
      <ErrorMessage error={toApiError(list.error)} />
      {list.data?.pairs.length === 0 && <p className="muted">{t('duplicates.none', 'No likely duplicates.')}</p>}
      <ul className="duplicate-pairs" data-testid="duplicate-pairs">
        {list.data?.pairs.map((pair) => (
          <li key={`${pair.a.id}|${pair.b.id}`} className="pair">
            <p className="muted">
              {t('person.matchScore', {
                score: Math.round(pair.score * 100),
                reasons: pair.reasons.map((r) => t(`person.match.${r}`)).join(', '),
                defaultValue: '{{score}}% alike ({{reasons}})',
              })}
            </p>
            <div className="pair-grid">
              {[pair.a, pair.b].map((p, i) => {
                const other = i === 0 ? pair.b : pair.a;
                return (
                  <div key={p.id} className="pair-side">
                    <PersonFacts person={p} />
                    <Button className="button small" onPress={() => setMerging({ keep: p, merge: other })}>
                      {t('duplicates.keepThis', 'Keep this one, merge the other into it')}
                    </Button>
                  </div>
                );
              })}
            </div>
          </li>
        ))}
      </ul>
      <ConfirmDialog
        isOpen={merging !== null}
        title={t('duplicates.mergeTitle', 'Merge these records?')}
        message={
          merging &&
          t('duplicates.mergeMessage', {
            keep: merging.keep.recordNumber,
            merge: merging.merge.recordNumber,
            defaultValue: '{{merge}} will open as {{keep}}, with the episodes of both. This is logged and can be undone from {{keep}}.',
          })
        }
        confirmLabel={t('duplicates.merge', 'Merge')}
        pending={merge.pending}
        error={<ErrorMessage error={merge.error} />}
        onConfirm={() => merging && void merge.run({ keepId: merging.keep.id, mergeId: merging.merge.id })}
        onClose={() => setMerging(null)}
      />
    </section>
  );
}

function PersonFacts({ person }: { person: PersonSummary }) {
  const { i18n } = useTranslation();
  const ageText = useAgeText();
  const sexLabel = useSexLabel();
  return (
    <div>
      <strong>
        <bdi>{person.recordNumber}</bdi>
      </strong>
      <ul className="plain">
        {person.names.map((n, i) => (
          <li key={i}>
            <bdi>{nameText(n)}</bdi>
          </li>
        ))}
      </ul>
      <p className="muted">
        {sexLabel(person.sex)} · {ageText(person.birth)}
        {person.nationality && ` · ${countryName(person.nationality, i18n.language as LanguageCode) ?? person.nationality}`}
      </p>
    </div>
  );
}
