// Every screen in the pseudo-locale (English accented and 40% longer, src/i18n/pseudo.ts): a word of
// plain Latin letters left on a screen is text that bypassed t() — unless it is data (a name, a
// record number, a centre, a code), which the screens put in <bdi>, inputs, or elements marked as
// left-to-right data.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLanguage, initI18n } from '../../renderer/i18n.ts';
import { renderApp } from '../helpers/render-app.tsx';
import { setUpStore, type TestStore } from '../helpers/store.ts';

let store: TestStore;

beforeAll(async () => {
  await initI18n();
  store = await setUpStore();
  await store.value('setup.confirmRecovery', { recoveryKey: store.recoveryKey });
  await store.value('demo.fill', { from: 0, count: 3, seed: 11 });
}, 60_000);
afterAll(async () => {
  cleanup();
  window.history.replaceState(null, '', '/');
  store.cleanup();
  await applyLanguage('en');
});

/** Data, not interface text: names and values the screens isolate, and what the user typed. */
function isData(node: Node): boolean {
  for (let el = node.parentElement; el && el !== document.body; el = el.parentElement) {
    if (['BDI', 'INPUT', 'TEXTAREA', 'OPTION', 'CODE', 'SVG', 'TIME'].includes(el.tagName.toUpperCase())) return true;
    if (el.getAttribute('dir') === 'ltr' || el.getAttribute('translate') === 'no' || el.hasAttribute('data-value')) return true;
  }
  return false;
}

/** Words of four or more plain Latin letters outside data: text that did not go through t(). */
function untranslated(): string[] {
  const found = new Set<string>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    if (!/[A-Za-z]{4,}/.test(text) || isData(node)) continue;
    found.add(text.trim().slice(0, 80));
  }
  return [...found];
}

describe('the pseudo-locale', { timeout: 60_000 }, () => {
  it('leaves no untranslated interface text on any screen of the navigation', async () => {
    window.history.replaceState(null, '', '/?pseudo');
    const user = renderApp(store.core);
    const nav = await screen.findByRole('navigation');
    await waitFor(() => expect(within(nav).getAllByRole('button')[0]?.textContent).toMatch(/^\[/));
    // The check itself: a plain English word is caught, data in <bdi> is not.
    const probe = document.createElement('p');
    const name = document.createElement('bdi');
    name.textContent = 'Amina Yusuf';
    probe.append('Hardcoded ', name);
    document.body.append(probe);
    expect(untranslated()).toContain('Hardcoded');
    expect(untranslated().join(' ')).not.toContain('Amina');
    probe.remove();
    const problems: Record<string, string[]> = {};
    const sections = within(nav).getAllByRole('button');
    expect(sections.length).toBeGreaterThan(8);
    for (let i = 0; i < sections.length; i++) {
      const button = within(screen.getByRole('navigation')).getAllByRole('button')[i] as HTMLElement;
      const name = button.textContent ?? String(i);
      await user.click(button);
      await screen.findAllByRole('heading', { level: 1 });
      // Let queries answer.
      await new Promise((r) => setTimeout(r, 150));
      const left = untranslated();
      if (left.length > 0) problems[name] = left;
    }
    // A chart and an assessment form.
    await user.click(within(screen.getByRole('navigation')).getAllByRole('button')[1] as HTMLElement);
    const results = await screen.findByTestId('person-results');
    await user.click((await within(results).findAllByRole('button'))[0] as HTMLElement);
    await screen.findByText(/RS-KRN-/);
    expect(document.body.textContent).toMatch(/\[Ĥîšţöŕý/);
    const chart = untranslated();
    if (chart.length > 0) problems['chart'] = chart;
    expect(problems).toEqual({});
  });
});
