import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type Section = 'home' | 'persons' | 'booklets' | 'transfer' | 'reports' | 'duplicates' | 'users' | 'audit' | 'backup' | 'centre' | 'settings';

/** The bar at the top of every screen, logged in or not. */
export function AppHeader({ end }: { end: ReactNode }) {
  const { t } = useTranslation();
  return (
    <header className="app-header">
      <span className="app-title">{t('app.name', 'Carnet')}</span>
      <span className="app-tagline">{t('app.tagline', 'Personal health records for migrant health centres')}</span>
      <div className="app-header-end">{end}</div>
    </header>
  );
}

interface Props {
  section: Section;
  /** The sections this user's role may open, in order. */
  sections: readonly Section[];
  onNavigate: (section: Section) => void;
  headerEnd: ReactNode;
  children: ReactNode;
}

/** The frame of every screen: a header, the navigation at the inline start, and the content. */
export function AppShell({ section, sections, onNavigate, headerEnd, children }: Props) {
  const { t } = useTranslation();
  const labels: Record<Section, string> = {
    home: t('nav.home', 'Home'),
    persons: t('nav.persons', 'Persons'),
    booklets: t('nav.booklets', 'Booklets'),
    transfer: t('nav.transfer', 'Transfers'),
    reports: t('nav.reports', 'Reports'),
    duplicates: t('nav.duplicates', 'Duplicates'),
    users: t('nav.users', 'Users'),
    audit: t('nav.audit', 'Access log'),
    backup: t('nav.backup', 'Backups'),
    centre: t('nav.centre', 'Centre'),
    settings: t('nav.settings', 'Settings'),
  };
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        {t('shell.skipToContent', 'Skip to content')}
      </a>
      <AppHeader end={headerEnd} />
      <nav className="app-nav" aria-label={t('nav.label', 'Main navigation')}>
        <ul>
          {sections.map((id) => (
            <li key={id}>
              <button type="button" className="nav-item" aria-current={section === id ? 'page' : undefined} onClick={() => onNavigate(id)}>
                {labels[id]}
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
