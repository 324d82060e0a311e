import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/error-message.component.tsx';
import { useAppInfo } from '../app/use-app-info.ts';

export function Home() {
  const { t } = useTranslation();
  const { data: info, error, isLoading } = useAppInfo();
  return (
    <section aria-labelledby="home-title" className="page">
      <h1 id="home-title">{t('home.title', 'Welcome to Carnet')}</h1>
      <p>{t('home.intro', 'Carnet keeps the health records of the people this centre assesses, on this computer, encrypted, with no network needed.')}</p>
      <ErrorMessage error={error} />
      {isLoading && <p aria-live="polite">{t('common.loading', 'Loading…')}</p>}
      {info && (
        <dl className="facts" data-testid="app-info">
          <dt>{t('home.version', 'Version')}</dt>
          <dd>
            <bdi>{info.version}</bdi>
          </dd>
          <dt>{t('home.mode', 'Running as')}</dt>
          <dd>{info.mode === 'electron' ? t('home.modeDesktop', 'Desktop application') : t('home.modeBrowser', 'Browser mode (this computer only)')}</dd>
          <dt>{t('home.store', 'Record store')}</dt>
          <dd data-testid="store-status">
            {info.storeReady
              ? t('home.storeReady', 'Set up')
              : t('home.storeMissing', 'Not set up yet: a site admin creates the centre and its encrypted store on first use.')}
          </dd>
        </dl>
      )}
    </section>
  );
}
