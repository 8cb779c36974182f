import { useMemo } from 'react';
import { addressKey } from './address-key.js';
import type { Candidate, CandidatesPage } from './delegation-api.js';
import { useAllPages } from './use-all-pages.js';

const pick = (p: CandidatesPage) => p.candidates;

/** Validator names from the candidate source (`GET /v1/candidates`, every page), by account. */
export function useCandidateNames(): { nameOf(address: string): string | null; error: unknown } {
  const list = useAllPages<CandidatesPage, Candidate>('/v1/candidates?limit=1000', pick, { maxPages: 20 });
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const c of list.items ?? []) if (c.name) map.set(addressKey(c.stash), c.name);
    return map;
  }, [list.items]);
  return { nameOf: (address) => names.get(addressKey(address)) ?? null, error: list.error };
}
