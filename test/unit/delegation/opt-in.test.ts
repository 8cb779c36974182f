import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { optIn, type OptInDeps } from '../../../src/domain/delegation/opt-in.use-case.js';
import type { DelegationRepository, TransitionInput } from '../../../src/domain/delegation/delegation.repository.js';
import type { Delegation } from '../../../src/domain/delegation/types.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { StakingLimits, StashView } from '../../../src/domain/ports/chain-reading.js';
import type { SignatureVerifier } from '../../../src/domain/ports/wallet.js';
import { createAuthorize } from '../../../src/domain/wallet/authorize.js';
import { signedEnvelope } from '../../support/wallet.js';
import { KUSAMA_PREFIX, walletCodec, walletVerifier } from '../../support/wallet-crypto.js';

const GENESIS = `0x${'ab'.repeat(32)}`;
const NOW = new Date('2025-03-01T12:00:00.000Z');
const KSM = 10n ** 12n;
const LIMITS: StakingLimits = {
  minNominatorBond: 10n * KSM,
  minimumActiveStake: null,
  maxNominations: 24,
  existentialDeposit: 3_333_333n,
} as StakingLimits;

let alice: KeyringPair;
let operator: string;

beforeAll(async () => {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519', ss58Format: KUSAMA_PREFIX });
  alice = keyring.addFromUri('//Alice');
  operator = keyring.addFromUri('//Operator').address;
});

const delegation = (stash: string, status: Delegation['status']): Delegation => ({
  id: 'd1',
  stash,
  status,
  statusReason: 'x',
  statusSince: NOW,
  targets: [],
  drawnInEra: null,
  nominatedAt: null,
  createdAt: NOW,
});

/** Opt-in's dependencies in memory; `verifier` counts signature checks. */
function harness(
  options: {
    existing?: Delegation['status'];
    view?: Partial<StashView>;
    chainFails?: boolean;
  } = {},
) {
  const real = walletVerifier();
  const verifier = { verify: vi.fn<SignatureVerifier['verify']>((m, s, a) => real.verify(m, s, a)) };
  const transitions: TransitionInput[] = [];
  const chainReads = vi.fn();
  const deps: OptInDeps = {
    authorize: createAuthorize({
      genesisHash: () => GENESIS,
      codec: walletCodec(),
      verifier,
      clock: { now: () => NOW },
    }),
    // Only what opt-in uses: the repository's other methods are not its business.
    delegations: {
      findByStash: async (stash) => (options.existing ? delegation(stash, options.existing) : null),
      transition: async (input) => {
        transitions.push(input);
        return delegation(input.stash, input.to);
      },
    } satisfies Pick<DelegationRepository, 'findByStash' | 'transition'> as DelegationRepository,
    chain: {
      stakingLimits: async () => {
        chainReads();
        if (options.chainFails) throw new Error('chain down');
        return LIMITS;
      },
      stashViews: async (stashes) => {
        if (options.chainFails) throw new Error('chain down');
        const stash = stashes[0]!;
        const view: StashView = { stash, ledger: null, proxies: [], nominations: null, ...options.view };
        return { at: { hash: `0x${'00'.repeat(32)}`, number: 1 }, views: new Map([[stash, view]]) };
      },
    },
    writer: { operatorAddress: () => operator },
    setup: {
      buildSetupCall: ({ bondValue }) => ({ callData: `0x${bondValue ?? 'none'}`, callHash: '0x', description: [] }),
    },
    clock: { now: () => NOW },
  };
  return { deps, verifier, transitions, chainReads };
}

const body = (fields: Record<string, unknown> = { bond: (20n * KSM).toString() }) =>
  signedEnvelope(alice, 'opt-in', GENESIS, fields, { now: NOW, wrapBytes: true });

async function codeOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('optIn', () => {
  it('creates a pending delegation spending the nonce, with the bond in the setup call', async () => {
    const h = harness();
    const request = body();
    const result = await optIn(h.deps, request);
    expect(result.delegation.status).toBe('pending');
    expect(result.setup?.callData).toBe(`0x${20n * KSM}`);
    expect(h.transitions).toEqual([
      expect.objectContaining({
        stash: alice.address,
        expectedFrom: null,
        to: 'pending',
        nonce: { address: alice.address, nonce: request.payload.nonce, action: 'opt-in' },
      }),
    ]);
    expect(h.verifier.verify).toHaveBeenCalledTimes(1);
  });

  it('refuses a bond above 2^128 - 1 with BOND_INVALID before checking the signature', async () => {
    const h = harness();
    const request = body({ bond: (2n ** 128n).toString() });
    expect(await codeOf(optIn(h.deps, { ...request, signature: `0x${'11'.repeat(64)}` }))).toBe('BOND_INVALID');
    expect(await codeOf(optIn(h.deps, request))).toBe('BOND_INVALID');
    expect(h.verifier.verify).not.toHaveBeenCalled();
    expect(h.chainReads).not.toHaveBeenCalled();
  });

  it('still reports the envelope form and freshness before the bond', async () => {
    const h = harness();
    const request = body({ bond: 'lots' });
    expect(await codeOf(optIn(h.deps, { ...request, payload: { ...request.payload, address: 'nope' } }))).toBe(
      'ADDRESS_INVALID',
    );
    expect(
      await codeOf(optIn(h.deps, { ...request, payload: { ...request.payload, expiresAt: '2000-01-01T00:00:00Z' } })),
    ).toBe('REQUEST_EXPIRED');
    expect(await codeOf(optIn(h.deps, { ...request, signature: 'nope' }))).toBe('SIGNATURE_INVALID');
  });

  it('refuses a bad signature before any read', async () => {
    const h = harness({ existing: 'active' });
    const request = body();
    const forged = { ...request, payload: { ...request.payload, bond: (30n * KSM).toString() } };
    expect(await codeOf(optIn(h.deps, forged))).toBe('BAD_SIGNATURE');
    expect(h.chainReads).not.toHaveBeenCalled();
    expect(h.transitions).toHaveLength(0);
  });

  it('reports DELEGATION_EXISTS over the chain state and over a failed chain read', async () => {
    expect(await codeOf(optIn(harness({ existing: 'pending' }).deps, body({})))).toBe('DELEGATION_EXISTS');
    expect(await codeOf(optIn(harness({ existing: 'active', chainFails: true }).deps, body()))).toBe(
      'DELEGATION_EXISTS',
    );
    await expect(optIn(harness({ existing: 'opted_out', chainFails: true }).deps, body())).rejects.toThrow(
      'chain down',
    );
  });

  it('asks for a bond when the stash is not bonded, and for enough of it', async () => {
    const h = harness();
    expect(await codeOf(optIn(h.deps, body({})))).toBe('BOND_REQUIRED');
    expect(await codeOf(optIn(h.deps, body({ bond: (KSM / 2n).toString() })))).toBe('BOND_BELOW_MINIMUM');
    expect(h.transitions).toHaveLength(0);
  });

  it('returns no setup call when the chain already shows the bond and the proxy', async () => {
    const h = harness({
      view: {
        ledger: { total: 50n * KSM, active: 50n * KSM },
        proxies: [{ delegate: operator, proxyType: 'Staking', delay: 0 }],
      },
    });
    const result = await optIn(h.deps, body({}));
    expect(result.setup).toBeNull();
    expect(result.chain).toEqual({ bonded: 50n * KSM, minNominatorBond: LIMITS.minNominatorBond, proxy: true });
  });
});
