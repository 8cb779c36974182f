import { ruleViolation, unavailable, validationError } from '../errors.js';
import type { ChainReader, StashView } from '../ports/chain-reading.js';
import type { Clock } from '../ports/clock-and-beacon.js';
import type { NominationWriter, SetupBuilder, SetupCall } from '../ports/extrinsics.js';
import type { Authorize } from '../wallet/authorize.js';
import { assertCanOptIn, hasOperatorProxy } from './delegation-rules.js';
import type { DelegationRepository } from './delegation.repository.js';
import type { Delegation } from './types.js';

export interface OptInDeps {
  delegations: DelegationRepository;
  authorize: Authorize;
  chain: Pick<ChainReader, 'stakingLimits' | 'stashViews'>;
  writer: Pick<NominationWriter, 'operatorAddress'>;
  setup: SetupBuilder;
  clock: Clock;
}

export interface OptInResult {
  delegation: Delegation;
  operator: string;
  /** Null when the chain already shows everything the service needs. */
  setup: SetupCall | null;
  chain: { bonded: bigint | null; minNominatorBond: bigint; proxy: boolean };
  notes: string[];
}

/** Balances are u128 on chain: a larger bond could not even be encoded in the setup call. */
const U128_MAX = 2n ** 128n - 1n;

const parseBond = (raw: unknown): bigint | null => {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || !/^(0|[1-9][0-9]{0,38})$/.test(raw) || BigInt(raw) > U128_MAX)
    throw validationError('BOND_INVALID', 'payload.bond must be a decimal string of planck, at most 2^128 - 1', {
      field: 'payload.bond',
    });
  return BigInt(raw);
};

/**
 * A signed `opt-in` creates a pending delegation and hands back the call data the wallet signs:
 * bond (when the stash is not bonded yet) and the Staking proxy to the operator.
 *
 * Cheapest checks first: the envelope and `bond` (no I/O), then the signature, then the reads.
 * The delegation's record and the chain's state are read at once, but a delegation that exists
 * still wins over whatever the chain read says (or fails with), as when they were read in turn.
 */
export async function optIn(deps: OptInDeps, envelope: { payload: unknown; signature: unknown }): Promise<OptInResult> {
  const request = deps.authorize('opt-in', envelope, (payload) => void parseBond(payload.bond));
  const bond = parseBond(request.payload.bond);
  const operator = deps.writer.operatorAddress();
  if (!operator) throw unavailable('OPERATOR_NOT_CONFIGURED', 'the service runs read-only: it has no operator account');
  const stash = request.address;
  // A read that throws at once fails the promise too, so it cannot overtake the delegation's check.
  const chainRead = Promise.resolve().then(() =>
    Promise.all([deps.chain.stakingLimits(), deps.chain.stashViews([stash])]),
  );
  // Handled here for when the delegation's check below throws first: its failure is then nobody's answer.
  chainRead.catch(() => undefined);
  const current = await deps.delegations.findByStash(stash);
  assertCanOptIn(current);

  const [limits, { views }] = await chainRead;
  const view: StashView = views.get(stash) ?? { stash, ledger: null, proxies: [], nominations: null };
  const notes: string[] = [];
  let bondValue: bigint | null = null;
  if (view.ledger === null) {
    if (bond === null)
      throw ruleViolation(
        'BOND_REQUIRED',
        'the stash is not bonded: give payload.bond (planck) to bond in the setup call',
        {
          minNominatorBond: limits.minNominatorBond.toString(),
        },
      );
    // The chain refuses a bond below the existential deposit whatever minNominatorBond says.
    const minimum =
      limits.minNominatorBond > limits.existentialDeposit ? limits.minNominatorBond : limits.existentialDeposit;
    if (bond < minimum)
      throw ruleViolation(
        'BOND_BELOW_MINIMUM',
        `bond ${bond} is below the minimum bond ${minimum} (minNominatorBond ${limits.minNominatorBond}, existential deposit ${limits.existentialDeposit})`,
        {
          minNominatorBond: limits.minNominatorBond.toString(),
          existentialDeposit: limits.existentialDeposit.toString(),
          minimumBond: minimum.toString(),
        },
      );
    bondValue = bond;
  } else if (view.ledger.active < limits.minNominatorBond) {
    notes.push(
      `the bond ${view.ledger.active} is below minNominatorBond ${limits.minNominatorBond}: bond more (staking.bondExtra) before the service can nominate`,
    );
  }
  if (limits.minimumActiveStake !== null && (view.ledger?.active ?? bondValue ?? 0n) < limits.minimumActiveStake)
    notes.push(
      `a bond below minimumActiveStake ${limits.minimumActiveStake} earns no rewards, even when a nominee is elected`,
    );
  notes.push(
    'NDeST nominates validators that are not yet elected: rewards start only once a nominee enters the active set',
  );

  const proxy = hasOperatorProxy(view, operator);
  const setup = proxy && bondValue === null ? null : deps.setup.buildSetupCall({ operator, bondValue });
  const delegation = await deps.delegations.transition({
    stash,
    expectedFrom: current?.status ?? null,
    to: 'pending',
    reason: 'opted in by a signed request; waiting for the proxy and bond on chain',
    source: 'api',
    at: deps.clock.now(),
    nonce: request.nonceUse,
  });
  return {
    delegation,
    operator,
    setup,
    chain: { bonded: view.ledger?.active ?? null, minNominatorBond: limits.minNominatorBond, proxy },
    notes,
  };
}
