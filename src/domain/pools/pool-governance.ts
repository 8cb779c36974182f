import { ruleViolation, validationError } from '../errors.js';
import type { GovernedSubjects } from '../governance/governed-subject.js';
import type { Transaction } from '../governance/proposal.repository.js';
import type { Proposal } from '../governance/types.js';
import { parsePlanck } from '../shared/fixed-point.js';
import { Availability, unixSeconds } from './accrue-lines.js';
import { distributeAll } from './pool-actions.use-case.js';
import type { PoolDeps } from './pool-deps.js';
import { parsePoolSettings } from './pool-settings.js';
import type { PayoutLine } from './types.js';

const MAX_PAYMENTS = 100;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Pools under governance (DESIGN §3, §8): owners propose `update` (any create field but the name),
 * `distribute` (every registered beneficiary's accrual, now) or `pay` (chosen payments from what
 * the pool holds); each is checked when proposed and again, against the rules of that moment,
 * when enacted, inside the enactment's transaction.
 */
export function poolSubjects(deps: PoolDeps): GovernedSubjects {
  const poolOrNull = (name: string) => deps.pools.byName(name);

  async function normalise(name: string, body: Record<string, unknown>) {
    const pool = await poolOrNull(name);
    if (!pool) throw ruleViolation('POOL_NOT_FOUND', `no spending pool named ${name}`);
    switch (body.kind) {
      case 'update': {
        const changes = body.changes;
        if (!isRecord(changes) || Object.keys(changes).length === 0)
          throw validationError('PROPOSAL_INVALID', 'an update proposal carries changes: {field: value, …}', {
            field: '/payload/proposal/changes',
          });
        if ('name' in changes)
          throw ruleViolation('SETTING_IMMUTABLE', "a pool's name never changes", { field: 'name' });
        // Checked now against the pool as it is; applied at enactment over the pool as it will be.
        await parsePoolSettings(changes, {
          codec: deps.codec,
          registries: deps.registries,
          now: unixSeconds(deps.clock.now()),
          current: pool,
        });
        return { kind: 'update', changes };
      }
      case 'distribute':
        if (Object.keys(body).length !== 1)
          throw validationError('PROPOSAL_INVALID', 'a distribute proposal has no other field', {
            field: '/payload/proposal',
          });
        return { kind: 'distribute' };
      case 'pay': {
        const payments = body.payments;
        if (!Array.isArray(payments) || payments.length === 0 || payments.length > MAX_PAYMENTS)
          throw validationError('PROPOSAL_INVALID', `a pay proposal carries 1 to ${MAX_PAYMENTS} payments`, {
            field: '/payload/proposal/payments',
          });
        const tokens = await deps.registries.tokens();
        return {
          kind: 'pay',
          payments: payments.map((p, i) => {
            const field = `/payload/proposal/payments/${i}`;
            if (!isRecord(p))
              throw validationError('PROPOSAL_INVALID', 'each payment is {address, denom, amount}', { field });
            const address = typeof p.address === 'string' ? deps.codec.normalize(p.address) : null;
            if (!address)
              throw validationError('ADDRESS_INVALID', `${field}/address is not an address of this network`, {
                field: `${field}/address`,
              });
            if (typeof p.denom !== 'string' || !tokens.has(p.denom))
              throw ruleViolation('TOKEN_UNKNOWN', `token ${String(p.denom)} is not in the token registry`, {
                field: `${field}/denom`,
              });
            const amount = parsePlanck(p.amount, `${field}/amount`, 'AMOUNT_INVALID');
            if (amount === 0n)
              throw validationError('AMOUNT_INVALID', `${field}/amount must be more than 0`, {
                field: `${field}/amount`,
              });
            return { address, denom: p.denom, amount: amount.toString() };
          }),
        };
      }
      default:
        throw validationError('PROPOSAL_INVALID', 'a pool proposal is of kind update, distribute or pay', {
          field: '/payload/proposal/kind',
        });
    }
  }

  return {
    scope: 'pool',
    owners: async (name) => {
      const pool = await poolOrNull(name);
      return pool ? { accounts: pool.owners.accounts, roles: pool.owners.roles, creator: pool.creator } : null;
    },
    settings: async (name) => {
      const pool = await poolOrNull(name);
      if (!pool) throw ruleViolation('POOL_NOT_FOUND', `no spending pool named ${name}`);
      return { quorum: pool.voteQuorum, votePeriod: pool.votePeriod, voteEnactment: pool.voteEnactment };
    },
    validate: normalise,
    enact: (name: string, proposal: Proposal, tx: Transaction) =>
      deps.pools.withPoolIn(tx, name, async (unit) => {
        const body = await normalise(name, proposal.body);
        if (body.kind === 'update') {
          const settings = await parsePoolSettings(body.changes as Record<string, unknown>, {
            codec: deps.codec,
            registries: deps.registries,
            now: unixSeconds(deps.clock.now()),
            current: unit.pool,
          });
          // Accruals so far are owed at the weights and rates they accrued under.
          if (unit.pool.dynamicRate && 'beneficiaries' in (body.changes as object))
            await distributeAll(deps, unit, proposal.id, 'settlement');
          await unit.updateSettings(settings);
          return `settings updated: ${Object.keys(body.changes as object)
            .sort()
            .join(', ')}`;
        }
        if (body.kind === 'distribute') {
          const lines = await distributeAll(deps, unit, proposal.id);
          return `distributed ${lines.length} payout line(s) to registered beneficiaries`;
        }
        const payments = body.payments as { address: string; denom: string; amount: string }[];
        const available = new Availability(await unit.books());
        const lines: PayoutLine[] = payments.map((p) => {
          const amount = BigInt(p.amount);
          // All or nothing: a payment the pool cannot cover fails the proposal, with the figures.
          if (available.take(p.denom, amount) !== amount)
            throw ruleViolation(
              'INSUFFICIENT_FUNDS',
              `the pool holds too little ${p.denom} for these payments (${available.left(p.denom)} planck left unowed)`,
            );
          return {
            address: p.address,
            denom: p.denom,
            amount,
            kind: 'payment',
            accruedFrom: null,
            accruedTo: null,
            proposalId: proposal.id,
          };
        });
        await unit.addLines(lines, deps.clock.now());
        return `owed ${lines.length} payment(s), paid by the next payment batch`;
      }),
  };
}
