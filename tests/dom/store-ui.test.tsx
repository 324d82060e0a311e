// The store's screens against the real core (encrypted store in a temp folder), as a user drives them.
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { userEvent } from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { applyLanguage, initI18n } from '../../renderer/i18n.ts';
import type { CarnetBridge } from '../../src/api/bridge.ts';
import { createCore } from '../../src/app/services.ts';
import { SILENT_LOGGER } from '../../src/host/log.ts';
import { bridgeTo, renderApp } from '../helpers/render-app.tsx';
import { ADMIN, CENTRE, setUpStore, type TestStore } from '../helpers/store.ts';
import { makeTempDir } from '../helpers/temp-dir.ts';

beforeAll(async () => {
  await initI18n();
});

const cleanups: (() => void)[] = [];
afterEach(async () => {
  cleanup();
  while (cleanups.length) cleanups.pop()?.();
  await applyLanguage('en');
});



/** A store with the admin logged out (what the app finds on start), and a clinician. */
async function lockedStore(): Promise<TestStore> {
  const store = await setUpStore();
  cleanups.push(() => store.cleanup());
  await store.value('setup.confirmRecovery', { recoveryKey: store.recoveryKey });
  await store.value('users.add', { username: 'nurse', displayName: 'Amira Haddad', role: 'clinician', password: 'nurse password 1' });
  await store.value('session.lock');
  return store;
}

async function logIn(user: ReturnType<typeof userEvent.setup>, username: string, password: string) {
  const form = await screen.findByRole('form', { name: /log in|carnet is locked/i });
  const name = within(form).getByLabelText('Username');
  await user.clear(name);
  await user.type(name, username);
  await user.type(within(form).getByLabelText('Password'), password);
  await user.click(within(form).getByRole('button', { name: 'Log in' }));
}

describe('first run', () => {
  it('sets up the centre and its admin, shows the recovery key once and makes the admin type it back', async () => {
    const temp = makeTempDir();
    const core = createCore({ dataDir: temp.dir, mode: 'browser', logger: SILENT_LOGGER });
    cleanups.push(() => {
      core.close();
      temp.cleanup();
    });
    const user = renderApp(core);

    await screen.findByRole('heading', { name: 'Set up this centre' });
    // Nothing filled: every field says what is wrong, nothing is created.
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect((await screen.findAllByText('This field is required.')).length).toBeGreaterThanOrEqual(2);

    await user.type(screen.getByLabelText('Name of the centre'), CENTRE.name);
    const country = screen.getByRole('combobox', { name: 'Country' });
    await user.type(country, 'Serbi');
    await user.click(await screen.findByRole('option', { name: /^Serbia/ }));
    await user.type(screen.getByLabelText('Centre code'), 'rs-krn');
    expect((screen.getByLabelText('Centre code') as HTMLInputElement).value).toBe('RS-KRN');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await screen.findByRole('heading', { name: 'The first site admin' });
    await user.type(screen.getByLabelText('Full name'), ADMIN.displayName);
    await user.type(screen.getByLabelText('Username'), ADMIN.username);
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Password again'), 'different');
    await user.click(screen.getByRole('button', { name: 'Create the centre' }));
    expect(await screen.findByText('Use at least 10 characters.')).toBeTruthy();
    expect(await screen.findByText('The two passwords are not the same.')).toBeTruthy();
    expect(core.store.exists()).toBe(false);

    await user.clear(screen.getByLabelText('Password'));
    await user.type(screen.getByLabelText('Password'), ADMIN.password);
    await user.clear(screen.getByLabelText('Password again'));
    await user.type(screen.getByLabelText('Password again'), ADMIN.password);
    await user.click(screen.getByRole('button', { name: 'Create the centre' }));

    await screen.findByRole('heading', { name: 'Write down the recovery key' });
    const shown = (await screen.findByTestId('recovery-key')).textContent ?? '';
    expect(shown).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}){8}$/);
    expect(screen.getByRole('img', { name: 'The recovery key as a QR code' })).toBeTruthy();
    expect(core.store.exists()).toBe(true);

    // A mistyped key is refused by the core; the key must also be declared stored.
    const typeBack = screen.getByLabelText('Type the recovery key from your paper');
    const wrong = `${shown.slice(0, -1)}${shown.endsWith('0') ? '1' : '0'}`;
    await user.type(typeBack, wrong);
    await user.click(screen.getByRole('checkbox', { name: /stored the key safely/ }));
    await user.click(screen.getByRole('button', { name: 'Confirm and continue' }));
    expect((await screen.findByRole('alert')).dataset.code).toBe('RECOVERY_KEY_WRONG');

    await user.clear(typeBack);
    // Lower case and spaces are accepted, as people write keys down.
    await user.type(typeBack, shown.toLowerCase().replace(/(.{4})/g, '$1 '));
    await user.click(screen.getByRole('button', { name: 'Confirm and continue' }));
    await screen.findByRole('heading', { name: 'Welcome to Carnet' }, { timeout: 10_000 });
    expect(screen.getByTestId('centre-name').textContent).toContain(CENTRE.name);
    expect(screen.getByTestId('current-user').textContent).toContain('Site Admin');
    expect(screen.queryByText('The recovery key of this centre has not been confirmed yet.')).toBeNull();
  });
});

describe('log-in, roles and lock', () => {
  it('keeps each user’s own interface language on this computer', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, 'nurse', 'nurse password 1');
    await screen.findByRole('navigation', { name: 'Main navigation' });
    await user.click(screen.getByTestId('language-switcher'));
    await user.click(await screen.findByRole('option', { name: 'Ελληνικά' }));
    await waitFor(() => expect(document.documentElement.lang).toBe('el'));
    expect(await store.value('settings.get')).toMatchObject({ uiLanguage: null, userLanguages: { nurse: 'el' } });
    // Locked, the computer's language (the system's) is back; the nurse gets Greek again at log-in, the admin not.
    await user.click(screen.getByRole('button', { name: 'Κλείδωμα' }));
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
    await logIn(user, 'nurse', 'nurse password 1');
    await waitFor(() => expect(document.documentElement.lang).toBe('el'));
    await user.click(screen.getByRole('button', { name: 'Κλείδωμα' }));
    await logIn(user, ADMIN.username, ADMIN.password);
    await screen.findByRole('heading', { name: 'Welcome to Carnet' }, { timeout: 10_000 });
    expect(document.documentElement.lang).toBe('en');
  });

  it('refuses a wrong password with a clear message, then lets the right one in', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, ADMIN.username, 'not the password');
    const alert = await screen.findByRole('alert');
    expect(alert.dataset.code).toBe('LOGIN_FAILED');
    expect(alert.textContent).toContain('The username or password is not right');
    // The password field is emptied after a failure; the username stays.
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('');
    await user.type(screen.getByLabelText('Password'), ADMIN.password);
    await user.click(screen.getByRole('button', { name: 'Log in' }));
    await screen.findByRole('heading', { name: 'Welcome to Carnet' }, { timeout: 10_000 });
  });

  it('shows each role only the sections its permissions allow', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, 'nurse', 'nurse password 1');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    await within(nav).findByRole('button', { name: 'Home' });
    const names = within(nav)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toEqual(['Home', 'Persons', 'Booklets', 'Transfers', 'Reports', 'Settings']);

    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await logIn(user, ADMIN.username, ADMIN.password);
    await waitFor(() =>
      expect(
        within(screen.getByRole('navigation', { name: 'Main navigation' }))
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['Home', 'Persons', 'Booklets', 'Transfers', 'Reports', 'Duplicates', 'Users', 'Access log', 'Backups', 'Centre', 'Settings']),
    );
  });

  it('locks on demand without losing a form in progress, and hides it while locked', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, ADMIN.username, ADMIN.password);
    await user.click(await screen.findByRole('button', { name: 'Settings' }));
    await user.type(await screen.findByLabelText('Current password'), 'half typed');

    await user.click(screen.getByRole('button', { name: 'Lock' }));
    const overlay = await screen.findByRole('dialog', { name: 'Carnet is locked' });
    expect(store.core.store.session().state).toBe('locked');
    // The form is still in the page, but neither visible to assistive tech nor reachable.
    const kept = document.querySelector('.locked-content') as HTMLElement;
    expect(kept.hasAttribute('inert')).toBe(true);
    expect(kept.getAttribute('aria-hidden')).toBe('true');
    expect(within(overlay).getByLabelText('Username')).toHaveProperty('value', 'admin');

    await user.type(within(overlay).getByLabelText('Password'), ADMIN.password);
    await user.click(within(overlay).getByRole('button', { name: 'Log in' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Carnet is locked' })).toBeNull());
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('half typed');
  });

  it('tells the core about typing at most every 30 s, so that it does not lock under a busy user', async () => {
    const store = await lockedStore();
    const touches: number[] = [];
    const real = bridgeTo(store.core);
    const counting: CarnetBridge = {
      on: real.on,
      invoke: (method, input) => {
        if (method === 'session.touch') touches.push(Date.now());
        return real.invoke(method, input);
      },
    };
    const user = renderApp(store.core, counting);
    await logIn(user, 'nurse', 'nurse password 1');
    await screen.findByRole('heading', { name: 'Welcome to Carnet' }, { timeout: 10_000 });
    const start = Date.now();
    const clock = vi.spyOn(Date, 'now');
    try {
      const typeAt = (ms: number) => {
        clock.mockReturnValue(start + ms);
        fireEvent.keyDown(document.body, { key: 'a' });
      };
      typeAt(10_000);
      expect(touches).toHaveLength(0);
      typeAt(31_000);
      expect(touches).toHaveLength(1);
      typeAt(45_000);
      expect(touches).toHaveLength(1);
      typeAt(62_000);
      expect(touches).toHaveLength(2);
    } finally {
      clock.mockRestore();
    }
    // Locked: typing on the log-in screen is not activity of the session.
    store.core.store.lock();
    await screen.findByRole('dialog', { name: 'Carnet is locked' });
    clock.mockReturnValue(start + 200_000);
    fireEvent.keyDown(document.body, { key: 'a' });
    clock.mockRestore();
    expect(touches).toHaveLength(2);
  });

  it('returns to the log-in screen when the core locks by itself (idle timeout)', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, 'nurse', 'nurse password 1');
    await screen.findByRole('heading', { name: 'Welcome to Carnet' }, { timeout: 10_000 });
    store.core.store.lock(); // what the idle timer does
    expect(await screen.findByRole('dialog', { name: 'Carnet is locked' })).toBeTruthy();
  });
});

describe('the site admin screens', () => {
  it('adds a user, who then appears in the list and can log in', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, ADMIN.username, ADMIN.password);
    await user.click(await screen.findByRole('button', { name: 'Users' }));
    const table = await screen.findByTestId('users-table');
    expect(within(table).getByText('Amira Haddad')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Add a user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a user' });
    await user.type(within(dialog).getByLabelText('Full name'), 'Youssef Karimi');
    await user.type(within(dialog).getByLabelText('Username'), 'youssef');
    await user.click(within(dialog).getByRole('radio', { name: 'Cultural mediator' }));
    await user.type(within(dialog).getByLabelText('First password'), 'mediator pass 1');
    await user.type(within(dialog).getByLabelText('Password again'), 'mediator pass 1');
    await user.click(within(dialog).getByRole('button', { name: 'Add the user' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add a user' })).toBeNull());
    expect(await within(screen.getByTestId('users-table')).findByText('Youssef Karimi')).toBeTruthy();

    const users = (await store.value<{ username: string; role: string }[]>('users.list')).map((u) => `${u.username}:${u.role}`);
    expect(users).toContain('youssef:mediator');

    await user.click(screen.getByRole('button', { name: 'Lock' }));
    await logIn(user, 'youssef', 'mediator pass 1');
    await waitFor(() => expect(screen.getByTestId('current-user').textContent).toContain('Youssef Karimi'));
  });

  it('refuses a username already taken, in the dialog', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, ADMIN.username, ADMIN.password);
    await user.click(await screen.findByRole('button', { name: 'Users' }));
    await user.click(await screen.findByRole('button', { name: 'Add a user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add a user' });
    await user.type(within(dialog).getByLabelText('Full name'), 'Another Nurse');
    await user.type(within(dialog).getByLabelText('Username'), 'nurse');
    await user.type(within(dialog).getByLabelText('First password'), 'nurse password 2');
    await user.type(within(dialog).getByLabelText('Password again'), 'nurse password 2');
    await user.click(within(dialog).getByRole('button', { name: 'Add the user' }));
    expect((await within(dialog).findByRole('alert')).dataset.code).toBe('USERNAME_TAKEN');
  });

  it('shows the access log, filters it and checks its chain', async () => {
    const store = await lockedStore();
    const user = renderApp(store.core);
    await logIn(user, ADMIN.username, ADMIN.password);
    await user.click(await screen.findByRole('button', { name: 'Access log' }));
    const table = await screen.findByTestId('audit-table');
    expect(within(table).getAllByText('User added').length).toBe(1);
    expect(within(table).getAllByText('Log-in').length).toBeGreaterThanOrEqual(1);
    expect(within(table).getAllByText('Centre set up').length).toBe(1);

    await user.selectOptions(screen.getByLabelText('Action'), 'users.add');
    await waitFor(() => expect(within(screen.getByTestId('audit-table')).queryAllByText('Log-in')).toHaveLength(0));
    expect(within(screen.getByTestId('audit-table')).getAllByText('User added')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Check the log is intact' }));
    expect((await screen.findByTestId('audit-verify')).textContent).toMatch(/The log is intact: \d+ rows checked/);
  });

  it('backs up to the folder set on the Centre screen and restores after confirmation', async () => {
    const store = await lockedStore();
    const folder = makeTempDir();
    cleanups.push(folder.cleanup);
    const user = renderApp(store.core);
    await logIn(user, ADMIN.username, ADMIN.password);

    await user.click(await screen.findByRole('button', { name: 'Backups' }));
    expect(await screen.findByText('Choose a backup folder on the Centre screen first.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Centre' }));
    await user.type(await screen.findByLabelText('Backup folder'), folder.dir);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The settings were saved.')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Backups' }));
    await user.click(await screen.findByRole('button', { name: 'Back up now' }));
    expect(await screen.findByText(/Backup written and checked/)).toBeTruthy();
    const table = await screen.findByTestId('backup-table');
    await within(table).findByRole('button', { name: 'Restore' });

    await user.click(within(table).getByRole('button', { name: 'Restore' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restore this backup?' });
    await user.click(within(dialog).getByRole('button', { name: 'Restore the backup' }));
    // Restoring locks the store: everyone logs in again.
    expect(await screen.findByRole('dialog', { name: 'Carnet is locked' })).toBeTruthy();
    expect(store.core.store.session().state).toBe('locked');
  });
});

describe('right to left', () => {
  it('shows the log-in screen in Arabic, mirrored', async () => {
    const store = await lockedStore();
    await store.value('settings.set', { uiLanguage: 'ar' });
    renderApp(store.core);
    await waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    expect(await screen.findByRole('heading', { name: 'تسجيل الدخول' })).toBeTruthy();
  });
});
