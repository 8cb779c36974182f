import { conflict, DomainError, ruleViolation, unavailable } from '../errors.js';
import { checkResourceName, checkSameResource } from '../shared/resource-name.js';
import type { Address } from '../shared/types.js';
import type { AuthorizedRequest } from '../wallet/authorize.js';
import type { SignedEnvelopeInput } from '../wallet/signed-request.js';
import { addBonds, bondedValue, committedValue, parseBonds, subtractBonds } from './bonds.js';
import { samePayee, type StakeView } from './collective-chain.js';
import type { CollectiveDeps } from './collective-deps.js';
import { parseCollectiveSettings } from './collective-settings.js';
import type { CollectiveUnit } from './collective.repository.js';
import { nextTerms } from './lock-terms.js';
import { minimumOf, refreshStatus } from './status.js';
import type { Bond, Contributor, StakingCollective } from './types.js';

/** Fields every signed payload carries (DESIGN §6); the rest is the action's own. */
const ENVELOPE_FIELDS = new Set(['address', 'nonce', 'expiresAt']);

function ownFields(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !ENVELOPE_FIELDS.has(k)));
}

const unixSeconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** The creator commits at least a tenth of the minimum in the create request (DESIGN §2). */
const CREATOR_SHARE_OF_MINIMUM = 10n;

/**
 * Signed `collective.create` (DESIGN §2, §8): a unique name, the settings, and the creator's
 * bonds, worth at least 10% of minCollectiveBond (422 BOND_BELOW_MINIMUM) and covered by an
 * eligible stash (see contribute). The creator is the first owner and contributor; the bonding
 * window runs minCollectiveBondingTime from now; the stash's reward destination is queued to
 * become the collective's account, the one read now kept to restore on release.
 */
export async function createCollective(
  deps: CollectiveDeps,
  envelope: SignedEnvelopeInput,
): Promise<StakingCollective> {
  const request = deps.authorize('collective.create', envelope);
  const { name: rawName, bonds: rawBonds, ...rest } = ownFields(request.payload);
  const name = checkResourceName(rawName);
  const now = deps.clock.now();
  const settings = await parseCollectiveSettings(rest, {
    codec: deps.codec,
    registries: deps.registries,
    now: unixSeconds(now),
  });
  const [tokens, props] = await Promise.all([deps.registries.tokens(), deps.registries.networkProperties()]);
  const bonds = parseBonds(rawBonds, tokens, '/payload/bonds');
  const value = bondedValue(bonds, tokens);
  const minimum = minimumOf(props);
  if (value * CREATOR_SHARE_OF_MINIMUM < minimum)
    throw ruleViolation(
      'BOND_BELOW_MINIMUM',
      `the creator commits at least 10% of minCollectiveBond (${props.minCollectiveBond})`,
      {
        field: '/payload/bonds',
        minimum: props.minCollectiveBond,
      },
    );
  // Before the chain is read: a taken name is the likelier mistake (the repository checks again).
  if (await deps.collectives.byName(name)) throw conflict('NAME_TAKEN', `the name ${name} is taken`);
  const stake = eligibleStake(await readStake(deps, request.address), bonds);

  await deps.collectives.create(
    {
      name,
      creator: request.address,
      settings,
      bondingDeadline: unixSeconds(now) + props.minCollectiveBondingTime,
      contribution: { address: request.address, bonds, previousPayee: stake.payee, at: now },
      at: now,
    },
    request.nonceUse,
  );
  // The repository's create writes the collective, the contribution and the creator's payee
  // change at once; the status follows in a change of its own (reads and every tick compute it
  // anyway, so a crash in between loses nothing).
  await deps.collectives.withCollective(name, (unit) => refreshStatus(deps, unit, now));
  const created = await deps.collectives.byName(name);
  if (!created) throw new Error(`the collective ${name} was just created and is not there`);
  return created;
}

/**
 * Signed `collective.contribute` (DESIGN §2): a whitelisted account commits stake of its own
 * stash, no minimum, before and after activation. Refused for a removed (409 COLLECTIVE_REMOVED)
 * or paused collective (409 COLLECTIVE_PAUSED), a signer not on the deposit whitelist (403
 * NOT_WHITELISTED), a stash that is not an eligible delegation covering its whole commitment
 * (422, see eligibleStake) or that counts in another collective (409 STASH_COMMITTED). A stash
 * already counting here adds to its bonds; one (re)starting to count gets its reward destination
 * set to the collective's account, the one it had kept to restore on release.
 */
export async function contribute(
  deps: CollectiveDeps,
  name: string,
  envelope: SignedEnvelopeInput,
): Promise<Contributor> {
  const request = deps.authorize('collective.contribute', envelope);
  checkSameResource(name, request.payload.collective, 'collective');
  const tokens = await deps.registries.tokens();
  const bonds = parseBonds(request.payload.bonds, tokens, '/payload/bonds');
  const address = request.address;
  // Read before the collective is locked: the chain may be slow, and the lock holds every change of it.
  const read = await readStake(deps, address);
  return deps.collectives.withCollective(name, async (unit) => {
    await unit.spendNonce(request.nonceUse);
    const c = unit.collective;
    refuseRemoved(c);
    if (c.paused)
      throw conflict('COLLECTIVE_PAUSED', `the collective ${name} is paused by its owners: no contributions`);
    if (!(await whitelisted(deps, c, address)))
      throw new DomainError('forbidden', 'NOT_WHITELISTED', `${address} may not contribute to ${name}`);
    const mine = (await unit.contributors()).find((x) => x.address === address);
    const counting = mine?.status === 'counting';
    const after = counting ? addBonds(mine.bonds, bonds) : bonds;
    const stake = eligibleStake(read, after);
    const now = deps.clock.now();
    // The destination to give back on release: the one before the collective's. A stash whose
    // payee is still the collective's account (released, not restored yet) keeps the stored one.
    const ours = c.account !== null && samePayee(stake.payee, { kind: 'Account', account: c.account });
    await unit.saveContribution({
      address,
      bonds: after,
      previousPayee: counting || ours ? null : stake.payee,
      at: now,
    });
    if (!counting) await unit.queuePayeeChange({ stash: address, kind: 'set', payee: null, at: now });
    await refreshStatus(deps, unit, now);
    return contributorOf(unit, address);
  });
}

/**
 * Signed `collective.donate` (DESIGN §2, §8): a counting contributor sets its lock and donation
 * terms, by the rules of nextTerms. 422 NOT_CONTRIBUTOR for anyone else.
 */
export async function donate(deps: CollectiveDeps, name: string, envelope: SignedEnvelopeInput): Promise<Contributor> {
  const request = deps.authorize('collective.donate', envelope);
  checkSameResource(name, request.payload.collective, 'collective');
  return deps.collectives.withCollective(name, async (unit) => {
    await unit.spendNonce(request.nonceUse);
    refuseRemoved(unit.collective);
    const mine = await countingContributor(unit, request.address);
    const { locking, donation, donationLock } = request.payload;
    const terms = nextTerms(mine, { locking, donation, donationLock }, unixSeconds(deps.clock.now()));
    await unit.setTerms(request.address, terms);
    return contributorOf(unit, request.address);
  });
}

/** Thrown inside the unit to roll its change back (nonce included) before the removal is raised outside it. */
class BelowMinimum extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/**
 * Signed `collective.withdraw` (DESIGN §2): a counting contributor takes back some bonds (or all,
 * by default), paused or not. Refused while locked (409 LOCKED) or beyond its bonds (422
 * WITHDRAWAL_EXCEEDS_BOND). When it would take a collective at or above the minimum below it, the
 * withdrawal is refused (409 WITHDRAWAL_BELOW_MINIMUM) and a removal proposal is raised instead,
 * its id in the error's details. Nothing left: the contribution is released and the stash's
 * reward destination queued to be restored.
 */
export async function withdraw(
  deps: CollectiveDeps,
  name: string,
  envelope: SignedEnvelopeInput,
): Promise<Contributor> {
  const request = deps.authorize('collective.withdraw', envelope);
  checkSameResource(name, request.payload.collective, 'collective');
  const tokens = await deps.registries.tokens();
  const requested =
    request.payload.bonds === undefined ? null : parseBonds(request.payload.bonds, tokens, '/payload/bonds');
  try {
    return await deps.collectives.withCollective(name, (unit) => withdrawIn(deps, unit, request, requested));
  } catch (error) {
    if (!(error instanceof BelowMinimum)) throw error;
    // Raised in its own transaction, which spends the nonce: the unit's change rolled back.
    const proposalId = await deps.removals.raise(
      { collective: name, proposer: request.address, reason: error.detail, at: deps.clock.now() },
      request.nonceUse,
    );
    throw conflict(
      'WITHDRAWAL_BELOW_MINIMUM',
      `this withdrawal would take ${name} below minCollectiveBond: refused, and removal proposal ${proposalId} raised instead`,
      { proposalId },
    );
  }
}

async function withdrawIn(
  deps: CollectiveDeps,
  unit: CollectiveUnit,
  request: AuthorizedRequest,
  requested: Bond[] | null,
): Promise<Contributor> {
  await unit.spendNonce(request.nonceUse);
  refuseRemoved(unit.collective);
  const address = request.address;
  const mine = await countingContributor(unit, address);
  const now = deps.clock.now();
  if (mine.locking > unixSeconds(now))
    throw conflict('LOCKED', `the contribution is locked until ${mine.locking}`, { locking: mine.locking });
  const left = requested === null ? [] : subtractBonds(mine.bonds, requested);

  const [contributors, tokens, props] = await Promise.all([
    unit.contributors(),
    deps.registries.tokens(),
    deps.registries.networkProperties(),
  ]);
  const minimum = minimumOf(props);
  const bonded = committedValue(contributors, tokens);
  const after = committedValue(
    contributors.map((c) => (c.address === address ? { ...c, bonds: left } : c)),
    tokens,
  );
  if (bonded >= minimum && after < minimum)
    throw new BelowMinimum(`a withdrawal by ${address} would take the bonded value below minCollectiveBond`);

  if (left.length === 0) {
    await unit.endContribution(address, 'released', 'withdrawn by the contributor', now);
    if (mine.previousPayee !== null)
      await unit.queuePayeeChange({ stash: address, kind: 'restore', payee: mine.previousPayee, at: now });
  } else {
    await unit.saveContribution({ address, bonds: left, previousPayee: null, at: now });
  }
  await refreshStatus(deps, unit, now);
  return contributorOf(unit, address);
}

function refuseRemoved(c: StakingCollective): void {
  if (c.removedAt !== null)
    throw conflict('COLLECTIVE_REMOVED', `the collective ${c.name} was removed: ${c.removedReason}`);
}

/** The creator, anyone when the whitelist says any, a listed account, or a member of a listed role. */
async function whitelisted(deps: CollectiveDeps, c: StakingCollective, address: Address): Promise<boolean> {
  const w = c.depositWhitelist;
  if (c.creator === address || w.any || w.accounts.includes(address)) return true;
  if (w.roles.length === 0) return false;
  return (await deps.registries.rolesOf(address)).some((r) => w.roles.includes(r));
}

async function countingContributor(unit: CollectiveUnit, address: Address): Promise<Contributor> {
  const mine = (await unit.contributors()).find((c) => c.address === address && c.status === 'counting');
  if (!mine)
    throw ruleViolation('NOT_CONTRIBUTOR', `${address} has no counting contribution in ${unit.collective.name}`);
  return mine;
}

async function contributorOf(unit: CollectiveUnit, address: Address): Promise<Contributor> {
  const found = (await unit.contributors()).find((c) => c.address === address);
  if (!found) throw new Error(`the contribution of ${address} was just written and is not there`);
  return found;
}

/** What NDeST and the chain say of a stash now, for eligibleStake. */
interface StakeRead {
  stash: Address;
  delegation: string | null;
  view: StakeView | undefined;
}

async function readStake(deps: CollectiveDeps, stash: Address): Promise<StakeRead> {
  const operator = deps.operator();
  if (operator === null)
    throw unavailable('OPERATOR_UNAVAILABLE', 'the service runs read-only: it cannot set reward destinations now');
  const [delegation, stakes] = await Promise.all([
    deps.delegations.statusesOf([stash]),
    deps.stakes.stakes([stash], operator),
  ]);
  return { stash, delegation: delegation.get(stash) ?? null, view: stakes.value.get(stash) };
}

/**
 * What a stash must be to commit `bonds` (its whole commitment after the request; DESIGN §2): an
 * active NDeST delegation (422 DELEGATION_NOT_ACTIVE), whose Staking proxy the operator holds on
 * chain (422 PROXY_MISSING: the operator sets the reward destination through it), with
 * `ledger.active` covering the commitment (422 BOND_NOT_COVERED). Returns what the chain shows.
 */
function eligibleStake({ stash, delegation, view }: StakeRead, bonds: Bond[]): StakeView {
  if (delegation !== 'active')
    throw ruleViolation('DELEGATION_NOT_ACTIVE', `${stash} is not an active NDeST delegation (opt in first)`, {
      status: delegation,
    });
  if (!view?.operatorProxy)
    throw ruleViolation('PROXY_MISSING', `the operator holds no Staking proxy of ${stash} on chain`);
  const active = view.active ?? 0n;
  // Only the native token is a staking token (registry rule): every bond is stake of ledger.active.
  const committed = bonds.reduce((total, b) => total + b.amount, 0n);
  if (active < committed)
    throw ruleViolation(
      'BOND_NOT_COVERED',
      `${stash} has ${active} planck actively bonded, less than the ${committed} committed`,
      {
        active: active.toString(),
        committed: committed.toString(),
      },
    );
  return view;
}
