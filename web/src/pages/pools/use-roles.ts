import { useFetch } from '../../lib/use-fetch.js';

/** Names of the roles registry (GET /v1/roles), offered as suggestions in owner and beneficiary rows. */
export function useRoleNames(): string[] {
  const { data } = useFetch<{ roles: { name: string }[] }>('/v1/roles?limit=1000');
  return data?.roles.map((r) => r.name) ?? [];
}
