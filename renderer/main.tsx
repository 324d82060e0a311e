import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createClient } from './api/client.ts';
import { ClientProvider } from './api/client-context.tsx';
import { App } from './app.component.tsx';
import { initI18n } from './i18n.ts';
import './styles.css';

async function boot() {
  const i18n = await initI18n();
  const client = createClient(window.carnet);
  // Everything is local: failures are real failures, not flaky networks, so do not retry them.
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <ClientProvider client={client}>
          <QueryClientProvider client={queryClient}>
            <App />
          </QueryClientProvider>
        </ClientProvider>
      </I18nextProvider>
    </StrictMode>,
  );
}

void boot();
