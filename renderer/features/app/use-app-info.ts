import { useQuery } from '@tanstack/react-query';
import type { AppInfo } from '../../../src/api/contract.ts';
import type { ApiError } from '../../../src/api/errors.ts';
import { ApiCallError, unwrap } from '../../api/client.ts';
import { useClient } from '../../api/client-context.tsx';

export function useAppInfo(): { data: AppInfo | undefined; error: ApiError | null; isLoading: boolean } {
  const client = useClient();
  const query = useQuery({
    queryKey: ['app.info'],
    queryFn: () => unwrap(client.call('app.info', {})),
  });
  return { data: query.data, error: toApiError(query.error), isLoading: query.isLoading };
}

export function toApiError(error: unknown): ApiError | null {
  if (!error) return null;
  if (error instanceof ApiCallError) return error.error;
  return { code: 'INTERNAL', messageKey: 'errors:internal' };
}
