import { useEffect, useState, type ReactNode } from 'react';
import { Button, I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { MethodOutput } from '../src/api/contract.ts';
import { pickUiLanguage } from '../src/i18n/languages.ts';
import { useCall } from './api/use-call.ts';
import { AppHeader, AppShell, type Section } from './components/app-shell.component.tsx';
import { ErrorMessage } from './components/error-message.component.tsx';
import { LanguageSwitcher } from './components/language-switcher.component.tsx';
import { useAppInfo } from './features/app/use-app-info.ts';
import { useSettings } from './features/app/use-settings.ts';
import { AuditLogPage } from './features/audit/audit-log.component.tsx';
import { BackupPage } from './features/backup/backup.component.tsx';
import { CentrePage } from './features/centre/centre.component.tsx';
import { Home } from './features/home/home.component.tsx';
import { DuplicatesPage } from './features/persons/duplicates.component.tsx';
import { PersonsSection } from './features/persons/persons-section.component.tsx';
import { ReportsPage } from './features/reports/reports-page.component.tsx';
import { TransferPage } from './features/transfer/transfer-page.component.tsx';
import { BookletsPage } from './features/booklets/booklets-page.component.tsx';
import { LoginScreen } from './features/session/login.component.tsx';
import { useActivityTouch, useCan, useSession } from './features/session/use-session.ts';
import { SettingsPage } from './features/settings/settings.component.tsx';
import { ConfirmRecoveryKey } from './features/setup/recovery-key.component.tsx';
import { SetupWizard } from './features/setup/setup-wizard.component.tsx';
import { UpdateBadge } from './features/update/update.component.tsx';
import { useRoleLabel, UsersPage } from './features/users/users.component.tsx';
import { PSEUDO_LOCALE } from '../src/i18n/pseudo.ts';
import { applyLanguage } from './i18n.ts';

type Created = MethodOutput<'setup.createCentre'>;

export function App() {
  const { t, i18n } = useTranslation();
  const { data: info } = useAppInfo();
  const { data: settings, update } = useSettings();
  const { data: session, error: sessionError, set: setSession } = useSession();
  // `?pseudo` in the address shows the pseudo-locale (developers and tests: untranslated or cut text).
  const pseudo = new URLSearchParams(window.location.search).has('pseudo');
  // The logged-in user's own language, else this computer's, else the system's.
  const username = session?.state === 'open' ? session.user?.username : undefined;
  const own = username !== undefined ? settings?.userLanguages?.[username] : undefined;
  const language = settings ? (pseudo ? PSEUDO_LOCALE : (own ?? settings.uiLanguage ?? pickUiLanguage(navigator.languages))) : null;
  const chooseLanguage = (code: string) => {
    const lng = code as NonNullable<typeof settings>['uiLanguage'] & string;
    return username !== undefined ? update({ userLanguages: { ...settings?.userLanguages, [username]: lng } }) : update({ uiLanguage: lng });
  };
  const [created, setCreated] = useState<Created | null>(null);
  // The user whose screens are mounted. They stay mounted (hidden, inert) while the store is locked,
  // so that a form in progress is still there when the same user logs in again.
  const [shellUser, setShellUser] = useState<{ id: string; username: string } | null>(null);
  const open = session?.state === 'open';
  useActivityTouch(open);

  useEffect(() => {
    if (language && language !== i18n.language) void applyLanguage(language);
  }, [language, i18n]);

  useEffect(() => {
    document.title = t('app.name', 'Carnet');
  }, [t, i18n.language]);

  // Follow the session during render (not in an effect): the screens must never show one frame of
  // the previous user's work to the next one.
  const openUser = session?.state === 'open' ? session.user : undefined;
  if (openUser && shellUser?.id !== openUser.id) setShellUser({ id: openUser.id, username: openUser.username });
  if (session?.state === 'absent' && shellUser) setShellUser(null);

  const languageSwitcher =
    info && language ? (
      <LanguageSwitcher
        languages={info.languages}
        value={language}
        onChange={(code) => void chooseLanguage(code)}
      />
    ) : null;

  let content;
  if (!session) {
    content = (
      <Frame headerEnd={languageSwitcher}>
        {sessionError ? <ErrorMessage error={sessionError} /> : <p aria-live="polite">{t('common.loading', 'Loading…')}</p>}
      </Frame>
    );
  } else if (session.state === 'absent') {
    content = (
      <Frame headerEnd={languageSwitcher}>
        <SetupWizard
          onCreated={(result) => {
            setCreated(result);
            setSession(result.session);
          }}
        />
      </Frame>
    );
  } else if (open && created) {
    content = (
      <Frame headerEnd={languageSwitcher}>
        <ConfirmRecoveryKey recoveryKey={created.recoveryKey} centreName={session.centre?.name ?? ''} onDone={() => setCreated(null)} />
      </Frame>
    );
  } else if (!open && !shellUser) {
    content = (
      <Frame headerEnd={languageSwitcher}>
        <LoginScreen />
      </Frame>
    );
  } else {
    const locked = !open;
    content = (
      <>
        <div className="locked-content" inert={locked} aria-hidden={locked || undefined} data-locked={locked || undefined}>
          <Workspace key={shellUser?.id} languageSwitcher={languageSwitcher} />
        </div>
        {locked && (
          <div className="lock-overlay" role="dialog" aria-modal="true" aria-labelledby="login-title">
            <LoginScreen lockedUser={shellUser?.username} />
          </div>
        )}
      </>
    );
  }
  return <I18nProvider locale={i18n.language}>{content}</I18nProvider>;
}

/** The screens of a logged-in user, with navigation limited to what their role may do. */
function Workspace({ languageSwitcher }: { languageSwitcher: ReactNode }) {
  const { data: session, set } = useSession();
  const can = useCan();
  const roleLabel = useRoleLabel();
  const [section, setSection] = useState<Section>('home');
  // Choosing a section in the navigation opens it at its start, even when it is already open.
  const [visit, setVisit] = useState(0);
  const sections: { id: Section; allowed: boolean }[] = [
    { id: 'home', allowed: true },
    { id: 'persons', allowed: can('person.search') },
    { id: 'booklets', allowed: can('booklet.batch') },
    { id: 'transfer', allowed: can('transfer.export') },
    { id: 'reports', allowed: can('report.health') },
    { id: 'duplicates', allowed: can('duplicates.list') },
    { id: 'users', allowed: can('users.list') },
    { id: 'audit', allowed: can('audit.list') },
    { id: 'backup', allowed: can('backup.list') },
    { id: 'centre', allowed: can('centre.setSettings') },
    { id: 'settings', allowed: true },
  ];
  const allowed = sections.filter((s) => s.allowed).map((s) => s.id);
  const current = allowed.includes(section) ? section : 'home';
  const user = session?.user;
  const navigate = (next: Section) => {
    setSection(next);
    setVisit((v) => v + 1);
  };
  return (
    <AppShell
      section={current}
      sections={allowed}
      onNavigate={navigate}
      headerEnd={
        <>
          <UpdateBadge onOpen={() => navigate('settings')} />
          {user && (
            <span className="current-user" data-testid="current-user">
              <bdi>{user.displayName}</bdi> · {roleLabel(user.role)}
            </span>
          )}
          {languageSwitcher}
          <LockButton onLocked={set} />
        </>
      }
    >
      {current === 'home' && <Home />}
      {current === 'persons' && <PersonsSection key={visit} />}
      {current === 'booklets' && <BookletsPage />}
      {current === 'transfer' && <TransferPage />}
      {current === 'reports' && <ReportsPage />}
      {current === 'duplicates' && <DuplicatesPage />}
      {current === 'users' && <UsersPage />}
      {current === 'audit' && <AuditLogPage />}
      {current === 'backup' && <BackupPage />}
      {current === 'centre' && <CentrePage />}
      {current === 'settings' && <SettingsPage />}
    </AppShell>
  );
}

function LockButton({ onLocked }: { onLocked: (session: MethodOutput<'session.lock'>) => void }) {
  const { t } = useTranslation();
  const lock = useCall('session.lock', { onSuccess: onLocked });
  return (
    <Button className="button header-button" onPress={() => void lock.run({})} isPending={lock.pending}>
      {t('shell.lock', 'Lock')}
    </Button>
  );
}

/** Screens before anyone is logged in: the header and one centred panel. */
function Frame({ headerEnd, children }: { headerEnd: ReactNode; children: ReactNode }) {
  return (
    <div className="frame">
      <AppHeader end={headerEnd} />
      <main id="main" className="frame-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
