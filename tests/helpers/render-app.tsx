// The whole app rendered against a real core (or any bridge), as the DOM tests drive it: the same
// providers as renderer/main.tsx, queries without retries so a failure shows at once.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { createClient } from '../../renderer/api/client.ts';
import { ClientProvider } from '../../renderer/api/client-context.tsx';
import { App } from '../../renderer/app.component.tsx';
import { i18n } from '../../renderer/i18n.ts';
import type { CarnetBridge } from '../../src/api/bridge.ts';
import type { Core } from '../../src/app/services.ts';

/** What the preload gives the renderer, answered by the core in this process. */
export function bridgeTo(core: Core): CarnetBridge {
  return {
    invoke: (method, input) => core.handlers.invoke(method, input, { transport: 'test' }),
    on: (event, listener) => core.events.subscribe((name, payload) => name === event && listener(payload)),
  };
}

export function renderApp(core: Core, bridge: CarnetBridge = bridgeTo(core)) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  render(
    <I18nextProvider i18n={i18n}>
      <ClientProvider client={createClient(bridge)}>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </ClientProvider>
    </I18nextProvider>,
  );
  return userEvent.setup();
}
