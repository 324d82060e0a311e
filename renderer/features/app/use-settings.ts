import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { Settings, SettingsPatch } from '../../../src/api/contract.ts';
import type { ApiError } from '../../../src/api/errors.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { toApiError } from './use-app-info.ts';

const KEY = ['settings'];

export function useSettings(): {
  data: Settings | undefined;
  error: ApiError | null;
  isLoading: boolean;
  update: (patch: SettingsPatch) => Promise<Settings>;
  updateError: ApiError | null;
} {
  const client = useClient();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: KEY, queryFn: () => unwrap(client.call('settings.get', {})) });
  const mutation = useMutation({
    mutationFn: (patch: SettingsPatch) => unwrap(client.call('settings.set', patch)),
    onSuccess: (settings) => queryClient.setQueryData(KEY, settings),
  });
  // Another window (or the CLI) may change settings; the core tells every UI.
  useEffect(() => client.on('settings:changed', (settings) => queryClient.setQueryData(KEY, settings)), [client, queryClient]);
  return {
    data: query.data,
    error: toApiError(query.error),
    isLoading: query.isLoading,
    update: mutation.mutateAsync,
    updateError: toApiError(mutation.error),
  };
}
