import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainEventSource } from '../../../src/chain/chain-event-source.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { PolkadotPayoutReader } from '../../../src/chain/payout-reader.js';
import { PolkadotPayoutWriter } from '../../../src/chain/payout-writer.js';
import type { PayoutItem, TrackResult } from '../../../src/domain/ports.js';
import { advanceEra, setValidatorCount } from '../../support/chain-era.js';
import { injectRewardPoints, payoutByHand } from '../../support/chain-rewards.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

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

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay', mode: 'Manual' });
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
  nominations = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
  payouts = new PolkadotPayoutWriter(conn, nominations);
  reader = new PolkadotPayoutReader(conn);
  operator = pair(OPERATOR_SEED);
  source = new PolkadotChainEventSource(conn, { operatorAddress: operator.address });
  await chain.fund([operator.address], 1_000);
  [validator, nominator] = await validatorWithNominator('Validator');
  [paidByHand, nominatorOfPaidByHand] = await validatorWithNominator('PaidByHand');
  await setValidatorCount(chain, 4);
  era = await advanceEra(chain);
});

afterAll(async () => {
  await conn?.close();
  await chain?.close();
});

describe('rewards of an era on the dev chain (legacy pallet-staking: payoutStakers, clipped exposure)', () => {
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
