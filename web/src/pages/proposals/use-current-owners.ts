import { useEffect, useState } from 'react';
import { useApp } from '../../app-state.js';
import { api, seg } from '../../lib/api.js';

interface OwnersRecord {
  creator: string;
  /** A pool's owners. */
  owners?: { roles?: string[]; accounts?: string[] };
  /** A collective's owners. */
  ownersWhitelist?: { roles?: string[]; accounts?: string[] };
}

/** At most this many members are read per role (10 pages of 1000): beyond, the count is not shown. */
const MAX_ROLE_PAGES = 10;

async function roleMembers(role: string): Promise<string[] | null> {
  const members: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_ROLE_PAGES; page++) {
    const answer: { members: string[]; nextCursor: string | null } = await api.get(
      `/v1/roles/${seg(role)}?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    members.push(...answer.members);
    cursor = answer.nextCursor;
    if (!cursor) return members;
  }
  return null;
}

/**
 * How many owners a pool or collective has now (its creator, listed accounts and the members of
 * its owner roles, each once): the voters a proposal still voting would count if they stay the
 * same until the close. null while unknown (or a role too large to read).
 */
export function useCurrentOwnerCount(scope: 'pool' | 'collective', subject: string, enabled: boolean): number | null {
  const { version } = useApp();
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    (async () => {
      const path = scope === 'pool' ? `/v1/spending-pools/${seg(subject)}?limit=1` : `/v1/collectives/${seg(subject)}`;
      const record = await api.get<OwnersRecord>(path);
      const owners = record.owners ?? record.ownersWhitelist ?? {};
      const voters = new Set<string>([record.creator, ...(owners.accounts ?? [])]);
      for (const role of owners.roles ?? []) {
        const members = await roleMembers(role);
        if (members === null) return null;
        members.forEach((m) => voters.add(m));
      }
      return voters.size;
    })()
      .then((n) => live && setCount(n))
      .catch(() => live && setCount(null));
    return () => {
      live = false;
    };
  }, [scope, subject, enabled, version]);
  return count;
}
