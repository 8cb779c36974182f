import { ApiError, seg } from '../../lib/api.js';
import { useFetch } from '../../lib/use-fetch.js';
import type { DelegationView } from './delegation-api.js';

export interface DelegationRead {
  view: DelegationView | null;
  /** The service has no delegation for this account (404): it never joined. */
  notFound: boolean;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** `GET /v1/delegations/{address}`, polled every `pollMs` when given. */
export function useDelegation(address: string | null, pollMs?: number, query = ''): DelegationRead {
  const f = useFetch<DelegationView>(address ? `/v1/delegations/${seg(address)}${query}` : null, pollMs);
  const notFound = f.error instanceof ApiError && f.error.status === 404;
  return {
    view: notFound ? null : f.data,
    notFound,
    error: notFound ? null : f.error,
    loading: f.loading,
    reload: f.reload,
  };
}
