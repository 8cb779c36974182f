import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainEventSource } from '../../../src/chain/chain-event-source.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { PolkadotPayoutReader } from '../../../src/chain/payout-reader.js';
import { PolkadotPayoutWriter } from '../../../src/chain/payout-writer.js';
import type { PayoutItem } from '../../../src/domain/ports/payouts.js';
import type { TrackResult } from '../../../src/domain/ports/extrinsics.js';
import { advanceEra, electedValidators, exposurePages, setValidatorCount } from '../../support/chain-era.js';
import { injectRewardPoints, payoutByHand } from '../../support/chain-rewards.js';
import { KSM, startDevChain, type DevChain, type DevRuntime } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Payout//Operator';

let chain: DevChain;
let conn: ChainConnection;
let reader: PolkadotPayoutReader;
let payouts: PolkadotPayoutWriter;
let nominations: PolkadotNominationWriter;
let source: PolkadotChainEventSource;
let operator: KeyringPair;
let validator: KeyringPair;
let nominator: KeyringPair;
let paidByHand: KeyringPair;
let nominatorOfPaidByHand: KeyringPair;
/** The era whose rewards are paid here: elected with the new validators, then ended. */
let era: number;

/*
 * Each describe block below starts its own chain (one at a time) and shares the service's adapters
 * above; the relay block's validators and nominators are the module-level ones.
 */

const pair = (uri: string) => chain.keyring.addFromUri(uri);
const freeOf = async (account: KeyringPair) =>
  (await chain.api.query.system.account(account.address)).data.free.toBigInt();
const included = (result: TrackResult) => {
  if (result.kind !== 'included') throw new Error(`expected an inclusion, got ${result.kind}`);
  return result;
};

async function validatorWithNominator(name: string): Promise<[KeyringPair, KeyringPair]> {
  const v = pair(`//Payout//${name}`);
  const n = pair(`//Payout//${name}//Nominator`);
  await chain.createValidator(v, { commission: 100_000_000, blocked: false, bondKsm: 500n });
  await chain.fund([n.address], 10_000);
  const bonded = await chain.submit(
    chain.api.tx.utility.batchAll([
      chain.api.tx.staking.bond(5_000n * KSM, 'Staked'),
      chain.api.tx.staking.nominate([v.address]),
    ]),
    n,
  );
  expect(bonded.error).toBeNull();
  return [v, n];
}

async function openChain(runtime: DevRuntime): Promise<void> {
  chain = await startDevChain({ runtime, mode: 'Manual' });
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
  nominations = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
  payouts = new PolkadotPayoutWriter(conn, nominations);
  reader = new PolkadotPayoutReader(conn);
  operator = pair(OPERATOR_SEED);
  source = new PolkadotChainEventSource(conn, { operatorAddress: operator.address });
  await chain.fund([operator.address], 1_000);
}

async function closeChain(): Promise<void> {
  await conn?.close();
  await chain?.close();
}

describe('rewards of an era on the relay runtime (legacy pallet-staking: payoutStakers, clipped exposure)', () => {
  beforeAll(async () => {
    await openChain('relay');
    [validator, nominator] = await validatorWithNominator('Validator');
    [paidByHand, nominatorOfPaidByHand] = await validatorWithNominator('PaidByHand');
    await setValidatorCount(chain, 4);
    era = await advanceEra(chain);
  });

  afterAll(closeChain);

  it('detects the legacy paths from the metadata', () => {
    expect(reader.capabilities()).toEqual({
      payoutCall: 'payoutStakers',
      pagedExposure: false,
      legacyExposure: 'erasStakersClipped',
      claimedRewards: { storage: false, ledgerField: 'claimedRewards' },
      hasBonded: true,
      historyDepth: { kind: 'const', value: 84 },
    });
    expect(reader.historyDepth()).toBe(84);
  });

  it('shows the elected validator exposing its nominator on page 0, and leaves unexposed validators out', async () => {
    const nobody = pair('//Payout//Nobody').address;
    const stashes = new Set([nominator.address, nominatorOfPaidByHand.address]);
    await expect(reader.exposures(era, [validator.address, nobody, paidByHand.address], stashes)).resolves.toEqual([
      { validator: validator.address, pageCount: 1, pages: [{ page: 0, stashes: [nominator.address] }] },
      { validator: paidByHand.address, pageCount: 1, pages: [{ page: 0, stashes: [nominatorOfPaidByHand.address] }] },
    ]);
    await expect(reader.exposures(era, [validator.address], new Set([nobody]))).resolves.toEqual([
      { validator: validator.address, pageCount: 1, pages: [] },
    ]);
    await expect(reader.exposures(era, [], stashes)).resolves.toEqual([]);
    // Era 0 was elected before these validators existed.
    await expect(reader.exposures(0, [validator.address], stashes)).resolves.toEqual([]);
  });

  it('knows the reward once the era has ended', async () => {
    await expect(reader.eraRewardKnown(era)).resolves.toBe(false);
    await injectRewardPoints(chain, era, { [validator.address]: 20, [paidByHand.address]: 20 });
    await expect(advanceEra(chain)).resolves.toBe(era + 1);
    await expect(reader.eraRewardKnown(era)).resolves.toBe(true);
    await expect(reader.claimedPages(era, validator.address)).resolves.toEqual(new Set());
  });

  it('sees a payout someone else made', async () => {
    const charlie = pair('//Charlie');
    const paid = await payoutByHand(chain, charlie, paidByHand.address, era);
    expect(paid.error).toBeNull();
    await expect(reader.claimedPages(era, paidByHand.address)).resolves.toEqual(new Set([0]));
    const { events } = await source.blockEvents(paid.blockNumber, new Set([nominatorOfPaidByHand.address]));
    expect(events).toMatchObject([
      {
        kind: 'rewarded',
        account: nominatorOfPaidByHand.address,
        era,
        validator: paidByHand.address,
        signer: charlie.address,
      },
    ]);
    expect(events[0]!.amount).toBeGreaterThan(0n);
  });

  it('packs payouts within the block limits and by the configured cap', async () => {
    const items: PayoutItem[] = [validator, paidByHand, pair('//Alice//stash')].map((v) => ({
      era,
      validator: v.address,
      page: 0,
    }));
    await expect(payouts.packPayouts(items)).resolves.toEqual([items]);
    // A payout declares the weight of a full exposure (~0.26 s ref time here): 4 fit in 75% of an extrinsic's limit.
    const many = [...items, ...items];
    await expect(payouts.packPayouts(many)).resolves.toEqual([many.slice(0, 4), many.slice(4)]);
    const capped = new PolkadotPayoutWriter(conn, nominations, { maxItemsPerBatch: 2 });
    await expect(capped.packPayouts(items)).resolves.toEqual([items.slice(0, 2), items.slice(2)]);
    await expect(payouts.packPayouts([])).resolves.toEqual([]);
  });

  it('pays the nominator through a forceBatch; a page paid already fails alone with AlreadyClaimed', async () => {
    const before = await freeOf(nominator);
    const items: PayoutItem[] = [
      { era, validator: validator.address, page: 0 },
      { era, validator: paidByHand.address, page: 0 },
    ];
    const signed = await payouts.signPayoutBatch(items);
    const result = included(await payouts.sendAndTrack(signed, items.length));
    expect(result.outcomes).toEqual([{ ok: true }, { ok: false, error: 'staking.AlreadyClaimed' }]);
    expect(result.extrinsicError).toBeNull();
    expect(result.fee).toBeGreaterThan(0n);

    const gained = (await freeOf(nominator)) - before;
    expect(gained).toBeGreaterThan(0n);
    const { events } = await source.blockEvents(result.block.number, new Set([nominator.address]));
    expect(events).toEqual([
      {
        key: expect.stringMatching(/^e\d+$/) as unknown,
        kind: 'rewarded',
        account: nominator.address,
        extrinsicIndex: result.extrinsicIndex,
        extrinsicHash: signed.hash,
        signer: operator.address,
        amount: gained,
        era,
        validator: validator.address,
        detail: {},
      },
    ]);
    await expect(reader.claimedPages(era, validator.address)).resolves.toEqual(new Set([0]));
  });

  it('reports AlreadyClaimed when the service pays the same page again', async () => {
    const signed = await payouts.signPayoutBatch([{ era, validator: validator.address, page: 0 }]);
    const result = included(await payouts.sendAndTrack(signed, 1));
    expect(result.outcomes).toEqual([{ ok: false, error: 'staking.AlreadyClaimed' }]);
  });

  it('shares the nonce counter with nomination batches signed concurrently', async () => {
    const [a, b] = await Promise.all([
      nominations.signNominationBatch([{ stash: nominator.address, targets: [validator.address] }]),
      payouts.signPayoutBatch([{ era, validator: validator.address, page: 0 }]),
    ]);
    expect(Math.abs(a.nonce - b.nonce)).toBe(1);
    expect((await nominations.sendAndTrack(a, 1)).kind).toBe('included');
    expect((await payouts.sendAndTrack(b, 1)).kind).toBe('included');
  });
});

/** Free plus held: on Asset Hub a bond is held (reserved), and a reward paid to `Staked` is held at once. */
const totalOf = async (account: KeyringPair) => {
  const { data } = await chain.api.query.system.account(account.address);
  return data.free.toBigInt() + data.reserved.toBigInt();
};
const activeOf = async (account: KeyringPair) =>
  BigInt(((await chain.api.query.staking.ledger(account.address)).toJSON() as { active: number | string }).active);
const nonceOf = async (account: KeyringPair) =>
  (await chain.api.query.system.account(account.address)).nonce.toNumber();

describe('rewards of an era on Kusama Asset Hub (staking-async: payoutStakersByPage, paged exposures)', () => {
  /** Nominators per exposure page in the injected era: the validator's five backers fill three pages. */
  const PAGE_SIZE = 2;
  let paged: KeyringPair;
  /** Backers the service does not manage, larger than its delegators: pages hold the largest first. */
  let big: KeyringPair;
  let large: KeyringPair;
  let medium: KeyringPair;
  /** The service's delegators: 5,000 KSM on page 1, 1,000 KSM on page 2. */
  let delegator: KeyringPair;
  let small: KeyringPair;
  let delegators: Set<string>;
  /** A validator of the genesis, not elected in the era paid here. */
  let genesisValidator: string;
  let pagedEra: number;
  /** What page 2 (paid by someone else) gave the small delegator. */
  let smallReward: bigint;

  beforeAll(async () => {
    await openChain('asset-hub');
    genesisValidator = chain.keyring.encodeAddress(
      (await chain.api.query.staking.validators.keys())[0]!.args[0].toU8a(),
      2,
    );
    paged = pair('//Payout//Paged');
    await chain.createValidator(paged, { commission: 100_000_000, blocked: false, bondKsm: 500n });
    const backers: [string, bigint][] = [
      ['Big', 9_000n],
      ['Large', 8_000n],
      ['Delegator', 5_000n],
      ['Medium', 3_000n],
      ['Small', 1_000n],
    ];
    const pairs = backers.map(([name]) => pair(`//Payout//Paged//${name}`));
    await Promise.all(pairs.map((n, i) => chain.fund([n.address], backers[i]![1] + 100n)));
    // Different signers: their extrinsics go into the same blocks.
    const bonded = await Promise.all(
      pairs.map((n, i) =>
        chain.submit(
          chain.api.tx.utility.batchAll([
            chain.api.tx.staking.bond(backers[i]![1] * KSM, 'Staked'),
            chain.api.tx.staking.nominate([paged.address]),
          ]),
          n,
        ),
      ),
    );
    expect(bonded.map((b) => b.error)).toEqual(pairs.map(() => null));
    [big, large, delegator, medium, small] = pairs as [KeyringPair, KeyringPair, KeyringPair, KeyringPair, KeyringPair];
    delegators = new Set([delegator.address, small.address]);
    pagedEra = await advanceEra(chain, { pageSize: PAGE_SIZE, elected: [paged.address] });
  });

  afterAll(closeChain);

  it('detects the staking-async paths from the metadata', () => {
    expect(reader.capabilities()).toEqual({
      payoutCall: 'payoutStakersByPage',
      pagedExposure: true,
      legacyExposure: null,
      claimedRewards: { storage: true, ledgerField: null },
      hasBonded: true,
      historyDepth: { kind: 'const', value: 84 },
    });
    expect(reader.historyDepth()).toBe(84);
  });

  it('finds exactly the exposure pages holding the delegators: pages 1 and 2 of three, not page 0', async () => {
    expect(await electedValidators(chain, pagedEra)).toEqual([paged.address]);
    // The chain's own pages: largest backers first, two a page.
    expect(await exposurePages(chain, pagedEra, paged.address)).toEqual([
      [big.address, large.address],
      [delegator.address, medium.address],
      [small.address],
    ]);
    const nobody = pair('//Payout//Nobody').address;
    const expected = [
      {
        validator: paged.address,
        pageCount: 3,
        pages: [
          { page: 1, stashes: [delegator.address] },
          { page: 2, stashes: [small.address] },
        ],
      },
    ];
    await expect(reader.exposures(pagedEra, [paged.address, genesisValidator, nobody], delegators)).resolves.toEqual(
      expected,
    );
    // The same with one storage key per request (pages read across several `multi` calls).
    const oneKeyAtATime = new PolkadotPayoutReader(conn, { multiChunk: 1 });
    await expect(oneKeyAtATime.exposures(pagedEra, [nobody, paged.address], delegators)).resolves.toEqual(expected);
    await expect(
      reader.exposures(pagedEra, [paged.address], new Set([big.address, small.address, nobody])),
    ).resolves.toEqual([
      {
        validator: paged.address,
        pageCount: 3,
        pages: [
          { page: 0, stashes: [big.address] },
          { page: 2, stashes: [small.address] },
        ],
      },
    ]);
    await expect(reader.exposures(pagedEra, [paged.address], new Set([nobody]))).resolves.toEqual([
      { validator: paged.address, pageCount: 3, pages: [] },
    ]);
    // The genesis era of this chain has no exposure at all, and there is no unpaged copy to fall back on.
    await expect(reader.exposures(0, [paged.address, genesisValidator], delegators)).resolves.toEqual([]);
  });

  it('knows the reward once the era has ended', async () => {
    await expect(reader.eraRewardKnown(pagedEra)).resolves.toBe(false);
    await expect(advanceEra(chain, { rewardPoints: { [paged.address]: 20 } })).resolves.toBe(pagedEra + 1);
    await expect(reader.eraRewardKnown(pagedEra)).resolves.toBe(true);
    await expect(reader.claimedPages(pagedEra, paged.address)).resolves.toEqual(new Set());
  });

  it('sees a page someone else paid (payoutStakersByPage by hand), recorded in claimedRewards', async () => {
    const charlie = pair('//Charlie');
    const before = await totalOf(small);
    const paid = await payoutByHand(chain, charlie, paged.address, pagedEra, 2);
    expect(paid.error).toBeNull();
    await expect(reader.claimedPages(pagedEra, paged.address)).resolves.toEqual(new Set([2]));
    smallReward = (await totalOf(small)) - before;
    expect(smallReward).toBeGreaterThan(0n);
    const { events } = await source.blockEvents(paid.blockNumber, delegators);
    expect(events).toMatchObject([
      {
        kind: 'rewarded',
        account: small.address,
        signer: charlie.address,
        amount: smallReward,
        era: pagedEra,
        validator: paged.address,
        detail: { dest: 'Staked', page: '2' },
      },
    ]);
  });

  it('sizes payout batches by the weight a full page declares: proof size binds on Asset Hub', async () => {
    const { api } = chain;
    const item = (page: number): PayoutItem => ({ era: pagedEra, validator: paged.address, page });
    const items = [0, 1, 2, 0, 1, 2, 0].map(item);
    const groups = await payouts.packPayouts(items);
    expect(groups.flat()).toEqual(items);

    // Checked against the runtime's own numbers: 75% of what one normal extrinsic may use.
    const limit = api.consts.system.blockWeights.perClass.normal.maxExtrinsic.unwrap();
    const cap = {
      refTime: (limit.refTime.toBigInt() * 75n) / 100n,
      proofSize: (limit.proofSize.toBigInt() * 75n) / 100n,
    };
    const weightOf = async (batch: PayoutItem[]) => {
      const calls = batch.map((i) => api.tx.staking.payoutStakersByPage(i.validator, i.era, i.page));
      const { weight } = await api.tx.utility.forceBatch(calls).paymentInfo(operator.address);
      return { refTime: weight.refTime.toBigInt(), proofSize: weight.proofSize.toBigInt() };
    };
    const fits = (w: { refTime: bigint; proofSize: bigint }) =>
      w.refTime <= cap.refTime && w.proofSize <= cap.proofSize;
    // A payout declares a full page (512 nominators) whatever the page holds: over a megabyte of proof.
    const one = await weightOf([item(0)]);
    expect(one.proofSize).toBeGreaterThan(1_000_000n);
    for (const group of groups) expect(fits(await weightOf(group))).toBe(true);
    // Each batch but the last is full: one more payout would not fit.
    for (const group of groups.slice(0, -1)) expect(fits(await weightOf([...group, item(0)]))).toBe(false);
    // About 1.7 MB each against 75% of the 8 MiB of proof one extrinsic may use: 3 a batch.
    expect(groups.map((g) => g.length)).toEqual([3, 3, 1]);

    const capped = new PolkadotPayoutWriter(conn, nominations, { maxItemsPerBatch: 2 });
    await expect(capped.packPayouts(items.slice(0, 3))).resolves.toEqual([items.slice(0, 2), items.slice(2, 3)]);
  });

  it("pays the delegator's unpaid page through one forceBatch, once; the page paid meanwhile fails alone with AlreadyClaimed", async () => {
    // What the service finds to pay: the pages holding delegators that claimedRewards does not list.
    const [exposed] = await reader.exposures(pagedEra, [paged.address], delegators);
    const claimed = await reader.claimedPages(pagedEra, paged.address);
    expect(exposed!.pages.map((p) => p.page).filter((p) => !claimed.has(p))).toEqual([1]);

    // Page 2 as a sweep planned before someone else paid it.
    const items: PayoutItem[] = [
      { era: pagedEra, validator: paged.address, page: 1 },
      { era: pagedEra, validator: paged.address, page: 2 },
    ];
    const before = {
      delegator: await totalOf(delegator),
      active: await activeOf(delegator),
      small: await totalOf(small),
      operator: await totalOf(operator),
      nonce: await nonceOf(operator),
    };
    const signed = await payouts.signPayoutBatch(items);
    const result = included(await payouts.sendAndTrack(signed, items.length));
    expect(result.outcomes).toEqual([{ ok: true }, { ok: false, error: 'staking.AlreadyClaimed' }]);
    expect(result.extrinsicError).toBeNull();
    // The fee recorded is what the operator's balance lost (TransactionFeePaid's actual fee, after the weight refund).
    expect(result.fee).toBeGreaterThan(0n);
    expect(before.operator - (await totalOf(operator))).toBe(result.fee);
    expect(await nonceOf(operator)).toBe(before.nonce + 1);

    const gained = (await totalOf(delegator)) - before.delegator;
    expect(gained).toBeGreaterThan(0n);
    // Paid to Staked: the whole reward is bonded (held) at once.
    expect((await activeOf(delegator)) - before.active).toBe(gained);
    expect(await totalOf(small)).toBe(before.small);
    // Each page pays its nominators by stake: 5,000 KSM earned five times what 1,000 KSM did.
    expect(Number((gained * 1_000_000n) / smallReward) / 1_000_000).toBeCloseTo(5, 5);
    const { events } = await source.blockEvents(result.block.number, delegators);
    expect(events).toEqual([
      {
        key: expect.stringMatching(/^e\d+$/) as unknown,
        kind: 'rewarded',
        account: delegator.address,
        extrinsicIndex: result.extrinsicIndex,
        extrinsicHash: signed.hash,
        signer: operator.address,
        amount: gained,
        era: pagedEra,
        validator: paged.address,
        detail: { dest: 'Staked', page: '1' },
      },
    ]);
    await expect(reader.claimedPages(pagedEra, paged.address)).resolves.toEqual(new Set([1, 2]));

    // Tracked again after a crash: the same answer, nothing sent twice.
    await expect(payouts.sendAndTrack(signed, items.length)).resolves.toEqual(result);
    expect(await nonceOf(operator)).toBe(before.nonce + 1);
  });

  it('reports AlreadyClaimed when the service pays the same page again', async () => {
    const signed = await payouts.signPayoutBatch([{ era: pagedEra, validator: paged.address, page: 1 }]);
    const result = included(await payouts.sendAndTrack(signed, 1));
    expect(result.outcomes).toEqual([{ ok: false, error: 'staking.AlreadyClaimed' }]);
    // Page 0 holds no delegator: the service left it to others.
    await expect(reader.claimedPages(pagedEra, paged.address)).resolves.toEqual(new Set([1, 2]));
  });
});
