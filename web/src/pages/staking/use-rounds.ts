import { useEffect, useState } from 'react';
import { api, seg } from '../../lib/api.js';
import type { RoundDetail } from './delegation-api.js';

/** The rounds named by `ids` (`GET /v1/rounds/{id}`, one selection only: the round's seed is what is read). */
export function useRounds(ids: readonly string[]): Map<string, RoundDetail['round']> {
  const [rounds, setRounds] = useState<Map<string, RoundDetail['round']>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    Promise.all(
      key.split(',').map((id) =>
        api
          .get<RoundDetail>(`/v1/rounds/${seg(id)}?limit=1`)
          .then((d) => d.round)
          .catch(() => null),
      ),
    ).then((list) => {
      if (!live) return;
      setRounds(new Map(list.filter((r): r is RoundDetail['round'] => r !== null).map((r) => [r.id, r])));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return rounds;
}
