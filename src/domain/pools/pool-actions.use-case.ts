import { DomainError, ruleViolation, validationError } from '../errors.js';
import { checkResourceName, checkSameResource } from '../shared/resource-name.js';
import type { SignedEnvelopeInput } from '../wallet/signed-request.js';
import { accrueLines, Availability, fixedOf, unixSeconds } from './accrue-lines.js';
import { advancePeriods, weighRegistrations } from './advance-periods.js';
import type { PoolDeps } from './pool-deps.js';
import { beneficiaryWeight } from './pool-rules.js';
import { parsePoolSettings } from './pool-settings.js';
import type { PoolUnit } from './pool.repository.js';
import type { PayoutLine, SpendingPool } from './types.js';

/** Fields every signed payload carries (DESIGN §6); the rest is the action's own. */
const ENVELOPE_FIELDS = new Set(['address', 'nonce', 'expiresAt']);

function ownFields(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([k]) => !ENVELOPE_FIELDS.has(k)));
}

const nowSeconds = (deps: PoolDeps) => unixSeconds(deps.clock.now());

/** Signed `pool.create`: anyone creates a pool and becomes its owner (DESIGN §3, §8). */
export async function createPool(deps: PoolDeps, envelope: SignedEnvelopeInput): Promise<SpendingPool> {
  const request = deps.authorize('pool.create', envelope);
  const fields = ownFields(request.payload);
  const name = checkResourceName(fields.name);
  const settings = await parsePoolSettings(fields, {
    codec: deps.codec,
    registries: deps.registries,
    now: nowSeconds(deps),
  });
  return deps.pools.create({ name, creator: request.address, settings, at: deps.clock.now() }, request.nonceUse);
}

/** The signer's weight as a beneficiary of the pool now; 403 NOT_BENEFICIARY when it is none. */
async function weightOrRefuse(deps: PoolDeps, pool: SpendingPool, address: string): Promise<string> {
  const weight = beneficiaryWeight(pool, address, await deps.registries.rolesOf(address));
  if (weight === null)
    throw new DomainError('forbidden', 'NOT_BENEFICIARY', `${address} is not a beneficiary of ${pool.name}`);
  return weight;
}

/** Signed `pool.register`: a beneficiary registers; it shares in the periods that begin afterwards. */
export async function registerInPool(deps: PoolDeps, name: string, envelope: SignedEnvelopeInput) {
  const request = deps.authorize('pool.register', envelope);
  checkSameResource(name, request.payload.pool, 'pool');
  return deps.pools.withPool(name, async (unit) => {
    await unit.spendNonce(request.nonceUse);
    await weightOrRefuse(deps, unit.pool, request.address);
    // Whole seconds: periods and accruals count seconds, and "registered before the period began" is exact.
    // Rounded up: a registration during a second that begins a period is after it began.
    const at = new Date(Math.ceil(deps.clock.now().getTime() / 1000) * 1000);
    await unit.register(request.address, at);
    return { pool: unit.pool.name, address: request.address, registeredAt: at };
  });
}

/** Brings a dynamic pool's periods up to now (settling and rating each boundary crossed). */
export async function advance(deps: PoolDeps, unit: PoolUnit, now: number): Promise<number> {
  return advancePeriods(
    unit,
    now,
    () => weighRegistrations(unit, async (a) => beneficiaryWeight(unit.pool, a, await deps.registries.rolesOf(a))),
    deps.clock.now(),
  );
}

/**
 * Signed `pool.claim`: a registered beneficiary's accrual since its last claim, bounded by
 * claim-start, claim-end and claim-expire, owed at once and paid by the next payment batch. 422
 * NOTHING_TO_CLAIM (nothing written) when nothing accrued or the pool holds nothing for it.
 */
export async function claimFromPool(
  deps: PoolDeps,
  name: string,
  envelope: SignedEnvelopeInput,
): Promise<PayoutLine[]> {
  const request = deps.authorize('pool.claim', envelope);
  checkSameResource(name, request.payload.pool, 'pool');
  // Periods that ended are settled in a change of their own: it stands whatever the claim's fate
  // (a claim right after a boundary may find nothing more, while the settlement owes it the period).
  await deps.pools.withPool(name, (unit) => advance(deps, unit, nowSeconds(deps)));
  return deps.pools.withPool(name, async (unit) => {
    await unit.spendNonce(request.nonceUse);
    const weight = await weightOrRefuse(deps, unit.pool, request.address);
    const now = nowSeconds(deps);
    await advance(deps, unit, now);
    const registration = (await unit.registrations()).find((r) => r.address === request.address);
    if (!registration)
      throw ruleViolation('NOT_REGISTERED', `${request.address} has not registered in ${name} (POST …/registrations)`);
    const claimed = await accrueLines(unit, {
      registration,
      address: request.address,
      weight: fixedOf(weight),
      now,
      kind: 'claim',
      available: new Availability(await unit.books()),
    });
    if (!claimed || claimed.lines.length === 0) throw ruleViolation('NOTHING_TO_CLAIM', nothingToClaim(unit.pool, now));
    await unit.addLines(claimed.lines, deps.clock.now());
    await unit.setLastClaim(request.address, new Date(claimed.claimedTo * 1000));
    return claimed.lines;
  });
}

function nothingToClaim(pool: SpendingPool, now: number): string {
  if (now < pool.claimStart) return `claims of ${pool.name} start at ${pool.claimStart}`;
  if (pool.claimEnd !== 0 && now >= pool.claimEnd)
    return `claims of ${pool.name} ended at ${pool.claimEnd}, and nothing is left to claim`;
  return `nothing accrued for this beneficiary (registered too late for the current period, claimed already, or the pool holds nothing for it)`;
}

/**
 * Every registered beneficiary's accrual up to now, owed at once: an owners' `distribute`, and,
 * before an update changes the weights of a dynamic pool, a settlement at the old weights (the
 * period's rate was set from them; the new weights count from now on).
 */
export async function distributeAll(
  deps: PoolDeps,
  unit: PoolUnit,
  proposalId: string,
  kind: 'distribution' | 'settlement' = 'distribution',
): Promise<PayoutLine[]> {
  const now = nowSeconds(deps);
  await advance(deps, unit, now);
  const available = new Availability(await unit.books());
  const all: PayoutLine[] = [];
  for (const registration of await unit.registrations()) {
    const weight = beneficiaryWeight(
      unit.pool,
      registration.address,
      await deps.registries.rolesOf(registration.address),
    );
    if (weight === null) continue;
    const accrued = await accrueLines(unit, {
      registration,
      address: registration.address,
      weight: fixedOf(weight),
      now,
      kind,
      available,
      proposalId,
    });
    if (!accrued) continue;
    await unit.addLines(accrued.lines, deps.clock.now());
    await unit.setLastClaim(registration.address, new Date(accrued.claimedTo * 1000));
    all.push(...accrued.lines);
  }
  return all;
}

export const missingPoolField = (field: string) =>
  validationError('PROPOSAL_INVALID', `proposal.${field} is missing or malformed`, {
    field: `/payload/proposal/${field}`,
  });
