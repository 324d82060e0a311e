import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Section = 'home' | 'settings';

interface Props {
  section: Section;
  onNavigate: (section: Section) => void;
  headerEnd: ReactNode;
  children: ReactNode;
}

/** The frame of every screen: a header, the navigation at the inline start, and the content. */
export function AppShell({ section, onNavigate, headerEnd, children }: Props) {
  const { t } = useTranslation();
  const items: { id: Section; label: string }[] = [
    { id: 'home', label: t('nav.home', 'Home') },
    { id: 'settings', label: t('nav.settings', 'Settings') },
  ];
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent', 'Skip to content')}
      </a>
      <header className="app-header">
        <span className="app-title">{t('app.name', 'Carnet')}</span>
        <span className="app-tagline">{t('app.tagline', 'Personal health records for migrant health centres')}</span>
        <div className="app-header-end">{headerEnd}</div>
      </header>
      <nav className="app-nav" aria-label={t('nav.label', 'Main navigation')}>
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="nav-item"
                aria-current={section === item.id ? 'page' : undefined}
                onClick={() => onNavigate(item.id)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
