import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiError } from '../../../src/api/errors.ts';
import type { UpdateStatus } from '../../../src/api/schemas/update.ts';
import { unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';
import { toApiError } from '../app/use-app-info.ts';

export const UPDATE_STATUS_KEY = ['update.status'];

/** The update status, kept current by the core's `update:changed` events (checks, progress). */
export function useUpdateStatus(): { data: UpdateStatus | undefined; error: ApiError | null; isLoading: boolean; set: (status: UpdateStatus) => void } {
  const client = useClient();
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: UPDATE_STATUS_KEY, queryFn: () => unwrap(client.call('update.status', {})) });
  useEffect(() => client.on('update:changed', (status) => queryClient.setQueryData(UPDATE_STATUS_KEY, status)), [client, queryClient]);
  return {
    data: query.data,
    error: toApiError(query.error),
    isLoading: query.isLoading,
    set: (status) => queryClient.setQueryData(UPDATE_STATUS_KEY, status),
  };
}
