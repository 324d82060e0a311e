import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ChartPage, chartKey, useChart, type EpisodeType } from '../chart/chart.component.tsx';
import { EpisodeForm } from '../episode/episode-form.component.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import { PersonForm } from './person-form.component.tsx';
import { PersonsPage } from './persons-page.component.tsx';

type View =
  | { kind: 'list' }
  | { kind: 'register' }
  | { kind: 'chart'; personId: string }
  | { kind: 'edit'; personId: string }
  | { kind: 'episode'; personId: string; type: EpisodeType; episodeId?: string };

/** Persons: search, register, the chart, and the episode forms, with a way back at every step. */
export function PersonsSection() {
  const { t } = useTranslation();
  const [view, setView] = useState<View>({ kind: 'list' });
  const queryClient = useQueryClient();
  const openChart = (personId: string) => setView({ kind: 'chart', personId });
  const back =
    view.kind === 'list' ? null : view.kind === 'register' || view.kind === 'chart' ? () => setView({ kind: 'list' }) : () => openChart(view.personId);
  return (
    <>
      {back && (
        <Button className="button link back" onPress={back}>
          <span aria-hidden="true" className="back-arrow">
            ←
          </span>{' '}
          {view.kind === 'chart' || view.kind === 'register' ? t('persons.backToSearch', 'Back to search') : t('persons.backToChart', 'Back to the record')}
        </Button>
      )}
      {view.kind === 'list' && <PersonsPage onOpen={openChart} onRegister={() => setView({ kind: 'register' })} />}
      {view.kind === 'register' && <PersonForm onSaved={(r) => openChart(r.id)} onCancel={() => setView({ kind: 'list' })} onOpen={openChart} />}
      {view.kind === 'chart' && (
        <ChartPage
          personId={view.personId}
          onOpenPerson={openChart}
          onEdit={() => setView({ kind: 'edit', personId: view.personId })}
          onNewEpisode={(type) => setView({ kind: 'episode', personId: view.personId, type })}
          onOpenEpisode={(episodeId) => setView({ kind: 'episode', personId: view.personId, type: 'follow-up', episodeId })}
        />
      )}
      {view.kind === 'edit' && (
        <WithChart personId={view.personId}>
          {(chart) => (
            <PersonForm
              existing={chart.person}
              onSaved={() => {
                void queryClient.invalidateQueries({ queryKey: chartKey(view.personId) });
                openChart(view.personId);
              }}
              onCancel={() => openChart(view.personId)}
              onOpen={openChart}
            />
          )}
        </WithChart>
      )}
      {view.kind === 'episode' && (
        <WithChart personId={view.personId}>
          {(chart) => {
            const existing = view.episodeId ? chart.episodes.find((e) => e.id === view.episodeId) : undefined;
            return (
              <EpisodeForm
                personId={chart.person.id}
                type={existing?.episode.type ?? view.type}
                existing={existing}
                person={chart.person.person}
                onSaved={() => openChart(view.personId)}
                onCancel={() => openChart(view.personId)}
              />
            );
          }}
        </WithChart>
      )}
    </>
  );
}

function WithChart({ personId, children }: { personId: string; children: (chart: NonNullable<ReturnType<typeof useChart>['data']>) => React.ReactNode }) {
  const { t } = useTranslation();
  const chart = useChart(personId);
  if (chart.error) return <ErrorMessage error={toApiError(chart.error)} />;
  if (!chart.data) return <p aria-live="polite">{t('common.loading', 'Loading…')}</p>;
  return <>{children(chart.data)}</>;
}
