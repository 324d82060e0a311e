import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { countryName } from '../../../src/domain/value-sets/countries.ts';
import type { LanguageCode } from '../../../src/i18n/languages.ts';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { useAppInfo } from '../app/use-app-info.ts';
import { useCan, useSession } from '../session/use-session.ts';
import { ConfirmRecoveryKey } from '../setup/recovery-key.component.tsx';
import { DemoFill, useRecordStats } from './demo-fill.component.tsx';

export function Home() {
  const { t, i18n } = useTranslation();
  const { data: info, error, isLoading } = useAppInfo();
  const { data: session } = useSession();
  const can = useCan();
  const [confirming, setConfirming] = useState(false);
  const centre = session?.centre;
  const stats = useRecordStats(session?.state === 'open');
  const number = new Intl.NumberFormat(i18n.language);
  if (confirming && centre) return <ConfirmRecoveryKey centreName={centre.name} onDone={() => setConfirming(false)} />;
  return (
    <section aria-labelledby="home-title" className="page">
      <h1 id="home-title">{t('home.title', 'Welcome to Carnet')}</h1>
      <p>{t('home.intro', 'Carnet keeps the health records of the people this centre assesses, on this computer, encrypted, with no network needed.')}</p>
      {centre && !centre.recoveryConfirmed && can('setup.confirmRecovery') && (
        <div className="notice" role="status">
          <p>{t('home.recoveryNotConfirmed', 'The recovery key of this centre has not been confirmed yet.')}</p>
          <Button className="button" onPress={() => setConfirming(true)}>
            {t('home.confirmRecovery', 'Confirm the recovery key')}
          </Button>
        </div>
      )}
      {stats.data?.persons === 0 && can('demo.fill') && <DemoFill />}
      <ErrorMessage error={error} />
      {isLoading && <p aria-live="polite">{t('common.loading', 'Loading…')}</p>}
      {info && (
        <dl className="facts" data-testid="app-info">
          {centre && (
            <>
              <dt>{t('home.centre', 'Centre')}</dt>
              <dd data-testid="centre-name">
                <bdi>{centre.name}</bdi> · {countryName(centre.country, i18n.language as LanguageCode) ?? centre.country} ·{' '}
                <bdi>{centre.code}</bdi>
              </dd>
            </>
          )}
          {stats.data && (
            <>
              <dt>{t('home.records', 'Records')}</dt>
              <dd data-testid="record-stats">
                {t('home.persons', { count: stats.data.persons, n: number.format(stats.data.persons), defaultValue: '{{n}} persons' })} ·{' '}
                {t('home.episodes', { count: stats.data.episodes, n: number.format(stats.data.episodes), defaultValue: '{{n}} visits' })}
              </dd>
            </>
          )}
          <dt>{t('home.version', 'Version')}</dt>
          <dd>
            <bdi>{info.version}</bdi>
          </dd>
          <dt>{t('home.mode', 'Running as')}</dt>
          <dd>{info.mode === 'electron' ? t('home.modeDesktop', 'Desktop application') : t('home.modeBrowser', 'Browser mode (this computer only)')}</dd>
          {session?.idleLockMinutes !== undefined && (
            <>
              <dt>{t('home.autoLock', 'Automatic lock')}</dt>
              <dd>{t('home.autoLockAfter', { count: session.idleLockMinutes, defaultValue: 'after {{count}} idle minutes' })}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
