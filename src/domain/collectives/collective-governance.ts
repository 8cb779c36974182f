import { conflict, notFound, ruleViolation, validationError } from '../errors.js';
import type { GovernedSubjects } from '../governance/governed-subject.js';
import type { Transaction } from '../governance/proposal.repository.js';
import type { Proposal } from '../governance/types.js';
import { parsePlanck } from '../shared/fixed-point.js';
import { isRecord, type Raw } from '../shared/settings-fields.js';
import type { Address } from '../shared/types.js';
import type { CollectiveDeps } from './collective-deps.js';
import { parseCollectiveSettings } from './collective-settings.js';
import type { CollectiveUnit } from './collective.repository.js';
import { removeCollective } from './remove-collective.js';
import { refreshStatus } from './status.js';
import type { CollectiveSettings, NewCollectiveTransfer, StakingCollective } from './types.js';

const MAX_TRANSFERS = 100;

const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/**
 * Collectives under governance (DESIGN §2, §8): owners (listed accounts, members of owner roles,
 * the creator) propose `update` (any create field but name and bonds, plus `status`
 * "paused"/"active"), `send-donation` (transfers from the donations held) or `remove`; each is
 * checked when proposed and again, against the rules of that moment, when enacted, inside the
 * enactment's transaction. A removed collective takes no proposal and enacts none.
 */
export function collectiveSubjects(deps: CollectiveDeps): GovernedSubjects {
  async function live(name: string): Promise<StakingCollective> {
    const collective = await deps.collectives.byName(name);
    if (!collective) throw notFound('COLLECTIVE_NOT_FOUND', `no staking collective named ${name}`);
    refuseRemoved(collective);
    return collective;
  }

  async function normalise(collective: StakingCollective, body: Raw): Promise<Raw> {
    switch (body.kind) {
      case 'update':
        return { kind: 'update', changes: (await checkUpdate(deps, collective, body.changes)).changes };
      case 'send-donation':
        return { kind: 'send-donation', transfers: await checkTransfers(deps, body.transfers) };
      case 'remove':
        if (Object.keys(body).length !== 1)
          throw validationError('PROPOSAL_INVALID', 'a remove proposal has no other field', {
            field: '/payload/proposal',
          });
        return { kind: 'remove' };
      default:
        throw validationError('PROPOSAL_INVALID', 'a collective proposal is of kind update, send-donation or remove', {
          field: '/payload/proposal/kind',
        });
    }
  }

  async function apply(unit: CollectiveUnit, proposal: Proposal): Promise<string> {
    refuseRemoved(unit.collective);
    const now = deps.clock.now();
    if (proposal.body.kind === 'update') {
      // Over the collective as it is now: earlier enactments may have changed it since the vote.
      const { changes, settings, status } = await checkUpdate(deps, unit.collective, proposal.body.changes);
      await unit.updateSettings(settings);
      const paused = status === undefined ? unit.collective.paused : status === 'paused';
      if (paused !== unit.collective.paused) await unit.setPaused(paused);
      await refreshStatus(deps, unit, now, { paused, claimStart: settings.claimStart });
      return `settings updated: ${Object.keys(changes).sort().join(', ')}`;
    }
    const body = await normalise(unit.collective, proposal.body);
    if (body.kind === 'send-donation') {
      const transfers = await donationTransfers(unit, body.transfers as DonationTransfer[], proposal.id);
      await unit.addTransfers(transfers, now);
      return `owed ${transfers.length} donation transfer(s), paid by the next transfer batch`;
    }
    const reason = `removed by proposal ${proposal.id}`;
    await removeCollective(deps, unit, reason, now);
    return reason;
  }

  return {
    scope: 'collective',
    owners: async (name) => {
      const c = await deps.collectives.byName(name);
      return c ? { accounts: c.ownersWhitelist.accounts, roles: c.ownersWhitelist.roles, creator: c.creator } : null;
    },
    settings: async (name) => {
      const c = await deps.collectives.byName(name);
      if (!c) throw notFound('COLLECTIVE_NOT_FOUND', `no staking collective named ${name}`);
      return { quorum: c.voteQuorum, votePeriod: c.votePeriod, voteEnactment: c.voteEnactment };
    },
    validate: async (name, body) => normalise(await live(name), body),
    enact: (name: string, proposal: Proposal, tx: Transaction) =>
      deps.collectives.withCollectiveIn(tx, name, (unit) => apply(unit, proposal)),
  };
}

function refuseRemoved(collective: StakingCollective): void {
  if (collective.removedAt !== null)
    throw conflict('COLLECTIVE_REMOVED', `the collective ${collective.name} was removed: ${collective.removedReason}`);
}

/** An update's changes, checked over the collective as it is now (and again at enactment): the settings they make. */
async function checkUpdate(
  deps: CollectiveDeps,
  collective: StakingCollective,
  changes: unknown,
): Promise<{ changes: Raw; settings: CollectiveSettings; status: 'paused' | 'active' | undefined }> {
  if (!isRecord(changes) || Object.keys(changes).length === 0)
    throw validationError('PROPOSAL_INVALID', 'an update proposal carries changes: {field: value, …}', {
      field: '/payload/proposal/changes',
    });
  for (const fixed of ['name', 'bonds'])
    if (fixed in changes)
      throw ruleViolation('SETTING_IMMUTABLE', `a collective's ${fixed} never changes by proposal`, { field: fixed });
  const { status, ...fields } = changes;
  if (status !== undefined && status !== 'paused' && status !== 'active')
    throw validationError('STATUS_INVALID', 'proposal.changes.status is "paused" or "active"', {
      field: '/payload/proposal/changes/status',
    });
  const settings = await parseCollectiveSettings(fields, {
    codec: deps.codec,
    registries: deps.registries,
    now: unixSeconds(deps.clock.now()),
    current: collective,
  });
  return { changes, settings, status };
}

interface DonationTransfer {
  address: Address;
  denom: string;
  amount: string;
}

/** 1 to 100 transfers {address, denom, amount} to any address, in registry tokens. */
async function checkTransfers(deps: CollectiveDeps, raw: unknown): Promise<DonationTransfer[]> {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_TRANSFERS)
    throw validationError('PROPOSAL_INVALID', `a send-donation proposal carries 1 to ${MAX_TRANSFERS} transfers`, {
      field: '/payload/proposal/transfers',
    });
  const tokens = await deps.registries.tokens();
  return raw.map((t, i) => {
    const field = `/payload/proposal/transfers/${i}`;
    if (!isRecord(t)) throw validationError('PROPOSAL_INVALID', 'each transfer is {address, denom, amount}', { field });
    const address = typeof t.address === 'string' ? deps.codec.normalize(t.address) : null;
    if (!address)
      throw validationError('ADDRESS_INVALID', `${field}/address is not an address of this network`, {
        field: `${field}/address`,
      });
    if (typeof t.denom !== 'string' || !tokens.has(t.denom))
      throw ruleViolation('TOKEN_UNKNOWN', `token ${String(t.denom)} is not in the token registry`, {
        field: `${field}/denom`,
      });
    const amount = parsePlanck(t.amount, `${field}/amount`, 'AMOUNT_INVALID');
    if (amount === 0n)
      throw validationError('AMOUNT_INVALID', `${field}/amount must be more than 0`, { field: `${field}/amount` });
    return { address, denom: t.denom, amount: amount.toString() };
  });
}

/**
 * The owed transfers of a send-donation, all or nothing: each token's total must be covered by
 * the donations held in it (booked donations less those sent or on their way), else 422
 * INSUFFICIENT_DONATIONS with the figures.
 */
async function donationTransfers(
  unit: CollectiveUnit,
  transfers: DonationTransfer[],
  proposalId: string,
): Promise<NewCollectiveTransfer[]> {
  const sums = await unit.sums();
  const wanted = new Map<string, bigint>();
  for (const t of transfers) wanted.set(t.denom, (wanted.get(t.denom) ?? 0n) + BigInt(t.amount));
  for (const [denom, amount] of wanted) {
    const s = sums.get(denom);
    const held = s ? s.donations - s.donationsSent : 0n;
    if (amount > held)
      throw ruleViolation(
        'INSUFFICIENT_DONATIONS',
        `the collective holds ${held} planck of ${denom} in donations, less than the ${amount} to send`,
        { denom, held: held.toString(), requested: amount.toString() },
      );
  }
  return transfers.map((t) => ({
    kind: 'donation',
    address: t.address,
    poolName: null,
    denom: t.denom,
    amount: BigInt(t.amount),
    distributionId: null,
    proposalId,
  }));
}

/**
 * The removal proposal a withdrawal below the minimum raises instead (DESIGN §2): stored as if it
 * had been proposed and passed at `at`, with the collective's voting settings, so the governance
 * tick enacts it after the enactment delay. Whole seconds, as every proposal's times.
 */
export function automaticRemoval(
  collective: Pick<StakingCollective, 'name' | 'voteQuorum' | 'votePeriod' | 'voteEnactment'>,
  proposer: Address,
  reason: string,
  at: Date,
): Omit<Proposal, 'id'> {
  const decidedAt = new Date(unixSeconds(at) * 1000);
  return {
    scope: 'collective',
    subject: collective.name,
    kind: 'remove',
    body: { kind: 'remove' },
    proposer,
    status: 'passed',
    reason: `raised automatically: ${reason}`,
    quorum: collective.voteQuorum,
    votePeriod: collective.votePeriod,
    voteEnactment: collective.voteEnactment,
    createdAt: decidedAt,
    votingEndsAt: decidedAt,
    decidedAt,
    enactAt: new Date(decidedAt.getTime() + collective.voteEnactment * 1000),
    enactedAt: null,
    eligible: [],
    tally: { yes: 0, no: 0, abstain: 0 },
  };
}
