import type { PageRequest } from '../shared/page.js';
import { unixSeconds } from './accrue-lines.js';
import { periodOf } from './period-maths.js';
import { heldOf, type PoolRepository } from './pool.repository.js';
import type { SpendingPool } from './types.js';

const secs = (d: Date | null) => (d === null ? null : unixSeconds(d));

/** One pool in full (DESIGN §8 reads), as plain JSON values: planck and decimals as strings, times as unix seconds. */
export async function poolDetails(pools: PoolRepository, pool: SpendingPool, now: Date, claimsPage: PageRequest) {
  const [books, checks, unknown, registrations, lines, endowment, owed] = await Promise.all([
    pools.books(pool.id),
    pools.bookChecks(pool.id),
    pools.unknownDeposits(pool.id),
    pools.registrations(pool.id),
    pools.lines(pool.id, claimsPage),
    pools.endowment(pool.id),
    pools.owedByBeneficiary(pool.id),
  ]);
  const checkOf = (denom: string) => checks.find((c) => c.denom === denom) ?? null;
  const presentCheck = (denom: string) => {
    const c = checkOf(denom);
    return c
      ? {
          chainBalance: c.chainBalance.toString(),
          expected: c.expected.toString(),
          difference: c.difference.toString(),
          at: c.at,
          checkedAt: unixSeconds(c.checkedAt),
        }
      : null;
  };
  let currentPeriod = null;
  if (pool.dynamicRate && pool.dynamicRatePeriod !== null) {
    const p = periodOf(pool.claimStart, pool.dynamicRatePeriod, unixSeconds(now));
    const index = p?.index ?? -1;
    const deposits = await pools.periodDeposits(pool.id, index);
    const rates = p ? (await pools.periodRates(pool.id, index)).filter((r) => r.periodIndex === index) : [];
    currentPeriod = {
      index,
      start: p?.start ?? null,
      end: p?.end ?? pool.claimStart,
      deposits: Object.fromEntries([...deposits].map(([d, a]) => [d, a.toString()])),
      rates: rates.map((r) => ({
        denom: r.denom,
        rate: r.rate,
        deposits: r.deposits.toString(),
        totalWeight: r.totalWeight,
      })),
    };
  }
  return {
    name: pool.name,
    description: pool.description,
    creator: pool.creator,
    account: pool.account,
    accountStatus: pool.account === null ? 'creating' : endowment > 0n ? 'ready' : 'endowing',
    createdAt: unixSeconds(pool.createdAt),
    claimStart: pool.claimStart,
    claimEnd: pool.claimEnd,
    claimExpire: pool.claimExpire,
    voteQuorum: pool.voteQuorum,
    votePeriod: pool.votePeriod,
    voteEnactment: pool.voteEnactment,
    owners: pool.owners,
    beneficiaries: {
      roles: pool.beneficiaries.filter((b) => b.kind === 'role').map((b) => ({ name: b.name, weight: b.weight })),
      accounts: pool.beneficiaries
        .filter((b) => b.kind === 'account')
        .map((b) => ({ address: b.name, weight: b.weight })),
    },
    dynamicRate: pool.dynamicRate,
    dynamicRatePeriod: pool.dynamicRatePeriod,
    tokenRates: pool.tokenRates,
    currentPeriod,
    balances: [...books]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([denom, b]) => ({
        denom,
        deposited: b.deposited.toString(),
        paid: b.paid.toString(),
        owed: b.owed.toString(),
        held: heldOf(b).toString(),
        chain: presentCheck(denom),
      })),
    unknownTokens: unknown.map((u) => ({
      assetId: u.assetId,
      held: u.amount.toString(),
      chain: presentCheck(`asset:${u.assetId}`),
    })),
    registrations: registrations.map((r) => ({
      address: r.address,
      registeredAt: unixSeconds(r.registeredAt),
      lastClaimAt: unixSeconds(r.lastClaimAt),
    })),
    owed: owed.map((o) => ({ ...o, amount: o.amount.toString() })),
    claims: lines.items.map((l) => ({
      id: l.id,
      address: l.address,
      denom: l.denom,
      amount: l.amount.toString(),
      kind: l.kind,
      status: l.status,
      accruedFrom: secs(l.accruedFrom),
      accruedTo: secs(l.accruedTo),
      proposalId: l.proposalId,
      note: l.note,
      createdAt: unixSeconds(l.createdAt),
    })),
    nextClaimsCursor: lines.next,
  };
}
