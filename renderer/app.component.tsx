import { useEffect, useState } from 'react';
import { I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { pickUiLanguage } from '../src/i18n/languages.ts';
import { AppShell, type Section } from './components/app-shell.component.tsx';
import { LanguageSwitcher } from './components/language-switcher.component.tsx';
import { useAppInfo } from './features/app/use-app-info.ts';
import { useSettings } from './features/app/use-settings.ts';
import { Home } from './features/home/home.component.tsx';
import { SettingsPage } from './features/settings/settings.component.tsx';
import { applyLanguage } from './i18n.ts';

export function App() {
  const { t, i18n } = useTranslation();
  const [section, setSection] = useState<Section>('home');
  const { data: info } = useAppInfo();
  const { data: settings, update } = useSettings();
  const language = settings ? (settings.uiLanguage ?? pickUiLanguage(navigator.languages)) : null;

  useEffect(() => {
    if (language && language !== i18n.language) void applyLanguage(language);
  }, [language, i18n]);

  useEffect(() => {
    document.title = t('app.name', 'Carnet');
  }, [t, i18n.language]);

  return (
    <I18nProvider locale={i18n.language}>
      <AppShell
        section={section}
        onNavigate={setSection}
        headerEnd={
          info && language ? (
            <LanguageSwitcher
              languages={info.languages}
              value={language}
              onChange={(code) => void update({ uiLanguage: code as NonNullable<typeof settings>['uiLanguage'] })}
            />
          ) : null
        }
      >
        {section === 'home' ? <Home /> : <SettingsPage />}
      </AppShell>
    </I18nProvider>
  );
}
