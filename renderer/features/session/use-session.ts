import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { ApiError } from '../../../src/api/errors.ts';
import type { MethodName } from '../../../src/api/methods.ts';
import { isAllowed } from '../../../src/api/permissions.ts';
import type { Session } from '../../../src/api/schemas/store.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { toApiError } from '../app/use-app-info.ts';

export const SESSION_KEY = ['session'];
const KEEP = new Set(['session', 'settings', 'app.info']);

// The last user who had the store open in this window, per QueryClient (one per window).
const lastUsers = new WeakMap<QueryClient, string | undefined>();

/** Who is logged in, kept current by the core's `session:changed` events (login, lock, auto-lock). */
export function useSession(): { data: Session | undefined; error: ApiError | null; set: (session: Session) => void } {
  const client = useClient();
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = await unwrap(client.call('session.get', {}));
      if (session.state === 'open') lastUsers.set(queryClient, session.user?.id);
      return session;
    },
  });
  const set = useCallback(
    (session: Session) => {
      const before = queryClient.getQueryData<Session>(SESSION_KEY);
      const records = { predicate: (q: { queryKey: readonly unknown[] }) => !KEEP.has(String(q.queryKey[0])) };
      if (session.state === 'open' && before?.state !== 'open') {
        // The same user back after a lock: refresh what the kept screens show. Someone else: nothing
        // read under the previous session may be shown (the screens are remounted for them).
        if (lastUsers.get(queryClient) === session.user?.id) void queryClient.invalidateQueries(records);
        else queryClient.removeQueries(records);
      }
      if (session.state === 'open') lastUsers.set(queryClient, session.user?.id);
      queryClient.setQueryData(SESSION_KEY, session);
      if (before?.state !== session.state) void queryClient.invalidateQueries({ queryKey: ['app.info'] });
    },
    [queryClient],
  );
  useEffect(() => client.on('session:changed', set), [client, set]);
  return { data: query.data, error: toApiError(query.error), set };
}

/** Whether the logged-in user's role may call a method (the same matrix the host enforces). */
export function useCan(): (method: MethodName) => boolean {
  const { data } = useSession();
  const role = data?.state === 'open' && data.user ? data.user.role : null;
  return useCallback((method: MethodName) => isAllowed(method, role), [role]);
}

const TOUCH_EVERY_MS = 30_000;

/**
 * Typing and clicking count as activity: tell the core (at most every 30 s) so that it does not
 * lock the store under someone filling in a long form without saving.
 */
export function useActivityTouch(active: boolean): void {
  const client = useClient();
  const last = useRef(0);
  useEffect(() => {
    if (!active) return undefined;
    last.current = Date.now();
    const onActivity = () => {
      const now = Date.now();
      if (now - last.current < TOUCH_EVERY_MS) return;
      last.current = now;
      void client.call('session.touch', {});
    };
    const events = ['keydown', 'pointerdown', 'wheel'] as const;
    for (const e of events) document.addEventListener(e, onActivity, { passive: true, capture: true });
    return () => {
      for (const e of events) document.removeEventListener(e, onActivity, { capture: true });
    };
  }, [active, client]);
}
