import { useMutation } from '@tanstack/react-query';
import type { MethodInput, MethodOutput } from '../../src/api/contract.ts';
import type { ApiError } from '../../src/api/errors.ts';
import type { MethodName } from '../../src/api/methods.ts';
import { toApiError } from '../features/app/use-app-info.ts';
import { unwrap } from './client.ts';
import { useClient } from './client-context.tsx';

/** One contract method as an action: call it, know whether it runs, read its translated failure. */
export function useCall<M extends MethodName>(
  method: M,
  options: { onSuccess?: (value: MethodOutput<M>, input: MethodInput<M>) => void } = {},
): {
  run: (input: MethodInput<M>) => Promise<MethodOutput<M> | undefined>;
  pending: boolean;
  error: ApiError | null;
  data: MethodOutput<M> | undefined;
  reset: () => void;
} {
  const client = useClient();
  const mutation = useMutation({
    mutationFn: (input: MethodInput<M>) => unwrap(client.call(method, input)),
    onSuccess: options.onSuccess,
  });
  return {
    // Failures are shown from `error`; callers need not catch.
    run: (input) => mutation.mutateAsync(input).catch(() => undefined),
    pending: mutation.isPending,
    error: toApiError(mutation.error),
    data: mutation.data,
    reset: mutation.reset,
  };
}
