// The offer an admin sees on the home screen while the centre has no records: fill it with synthetic
// persons for training or a demonstration. Batches of `demo.fill`, with progress between them and a
// Stop that takes effect after the batch under way (each person is already one whole transaction).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Button, Label, ProgressBar } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { toApiError } from '../app/use-app-info.ts';
import type { ApiError } from '../../../src/api/errors.ts';

const BATCH = 20;
const CHOICES = [50, 200, 1000, 5000] as const;

export function useRecordStats(enabled: boolean) {
  const client = useClient();
  return useQuery({ queryKey: ['record.stats'], enabled, queryFn: () => unwrap(client.call('record.stats', {})) });
}

export function DemoFill() {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const queryClient = useQueryClient();
  const [count, setCount] = useState<number>(200);
  const [progress, setProgress] = useState<{ done: number; total: number; episodes: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const stop = useRef(false);
  const number = new Intl.NumberFormat(i18n.language);

  const run = async () => {
    stop.current = false;
    setRunning(true);
    setError(null);
    let done = 0;
    let episodes = 0;
    setProgress({ done, total: count, episodes });
    try {
      while (done < count && !stop.current) {
        const batch = await unwrap(client.call('demo.fill', { from: done, count: Math.min(BATCH, count - done) }));
        done += batch.persons;
        episodes += batch.episodes;
        setProgress({ done, total: count, episodes });
      }
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setRunning(false);
      void queryClient.invalidateQueries({ queryKey: ['record.stats'] });
      void queryClient.invalidateQueries({ queryKey: ['person.search'] });
    }
  };

  return (
    <div className="notice" data-testid="demo-fill">
      <h2>{t('demo.title', 'This centre has no records yet')}</h2>
      <p>
        {t(
          'demo.intro',
          'For training or a demonstration, fill it with synthetic persons and visits. They look real but are invented; never do this in a centre that is in use.',
        )}
      </p>
      <fieldset className="fieldset choice-row" disabled={running}>
        <legend>{t('demo.howMany', 'How many persons')}</legend>
        {CHOICES.map((n) => (
          <label key={n}>
            <input type="radio" name="demo-count" value={n} checked={count === n} onChange={() => setCount(n)} /> {number.format(n)}
          </label>
        ))}
      </fieldset>
      {progress && (
        <ProgressBar value={progress.done} maxValue={progress.total} className="progress">
          {({ percentage }) => (
            <>
              <Label>
                {t('demo.progress', {
                  done: number.format(progress.done),
                  total: number.format(progress.total),
                  episodes: number.format(progress.episodes),
                  defaultValue: '{{done}} of {{total}} persons, {{episodes}} visits',
                })}
              </Label>
              <div className="progress-track">
                <div className="progress-fill" style={{ inlineSize: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      )}
      <ErrorMessage error={error} />
      <div className="form-actions">
        {running ? (
          <Button className="button" onPress={() => (stop.current = true)}>
            {t('demo.stop', 'Stop')}
          </Button>
        ) : (
          <Button className="button" onPress={() => void run()}>
            {t('demo.fill', 'Add demo persons')}
          </Button>
        )}
      </div>
    </div>
  );
}
