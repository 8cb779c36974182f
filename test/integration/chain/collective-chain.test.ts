/**
 * The collectives' chain adapters on Kusama Asset Hub (staking-async): the stake reader (bond,
 * reward destination, the operator's proxy, at the head or at a block) and the payee writer
 * (`proxy.proxy(stash, Staking, staking.setPayee(…))` in a forceBatch, each item's outcome).
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import { PolkadotPayeeWriter } from '../../../src/chain/payee-writer.js';
import { PolkadotPoolAccountWriter } from '../../../src/chain/pool-account-writer.js';
import { PolkadotStakeReader } from '../../../src/chain/stake-reader.js';
import type { PayeeCall } from '../../../src/domain/collectives/collective-batches.js';
import type { TrackResult } from '../../../src/domain/ports/extrinsics.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Collectives//Operator';
type Included = Extract<TrackResult, { kind: 'included' }>;

describe('collectives on Kusama Asset Hub', () => {
  let chain: DevChain;
  let conn: ChainConnection;
  let signer: PolkadotNominationWriter;
  let payees: PolkadotPayeeWriter;
  let reader: PolkadotStakeReader;
  let operator: KeyringPair;
  /** A pure proxy of the operator: the collective's account. */
  let pure: string;
  /** Bonded 50 KSM, Staking proxy to the operator. */
  let stash: KeyringPair;
  /** The same, then the proxy removed by the user. */
  let gone: KeyringPair;
  let beforeBond: { hash: string; number: number };
  const pair = (uri: string) => chain.keyring.addFromUri(uri);

  async function optIn(user: KeyringPair): Promise<void> {
    const setup = signer.buildSetupCall({ operator: operator.address, bondValue: 50n * KSM });
    const outcome = await chain.submit(chain.api.tx(chain.api.createType('Call', setup.callData)), user);
    expect(outcome.error).toBeNull();
  }

  async function setPayees(calls: PayeeCall[]): Promise<Included> {
    const result = await payees.sendAndTrack(await payees.signPayeeBatch(calls), calls.length);
    expect(result.kind).toBe('included');
    return result as Included;
  }

  beforeAll(async () => {
    chain = await startDevChain({ runtime: 'asset-hub', mode: 'Manual' });
    conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
    signer = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
    payees = new PolkadotPayeeWriter(conn, signer);
    reader = new PolkadotStakeReader(conn);
    operator = pair(OPERATOR_SEED);
    stash = pair('//Collectives//Stash');
    gone = pair('//Collectives//Gone');
    await chain.fund([operator.address, stash.address, gone.address], 1_000);
    beforeBond = { hash: (await chain.api.rpc.chain.getBlockHash()).toHex(), number: await chain.head() };
    await Promise.all([optIn(stash), optIn(gone)]);
    const removed = await chain.submit(chain.api.tx.proxy.removeProxy(operator.address, 'Staking', 0), gone);
    expect(removed.error).toBeNull();
    const accounts = new PolkadotPoolAccountWriter(conn, signer);
    const created = (await accounts.sendAndTrack(await accounts.signCreatePureBatch([0]), 1)) as Included;
    pure = (await accounts.pureAccountsCreated(created.block, created.extrinsicIndex)).get(0)!;
    expect(pure).toBeDefined();
  });

  afterAll(async () => {
    await conn?.close();
    await chain?.close();
  });

  it("reads each stash's active bond, reward destination and the operator's proxy at one block", async () => {
    const nobody = pair('//Collectives//Nobody').address;
    const { at, value } = await reader.stakes([stash.address, gone.address, nobody, stash.address], operator.address);
    expect((await chain.api.rpc.chain.getBlockHash(at.number)).toHex()).toBe(at.hash);
    expect([...value.values()]).toEqual([
      { stash: stash.address, active: 50n * KSM, payee: { kind: 'Staked' }, operatorProxy: true },
      { stash: gone.address, active: 50n * KSM, payee: { kind: 'Staked' }, operatorProxy: false },
      { stash: nobody, active: null, payee: null, operatorProxy: false },
    ]);
    // Another delegate's view, and the chain before the bond.
    expect((await reader.stakes([stash.address], stash.address)).value.get(stash.address)?.operatorProxy).toBe(false);
    expect((await reader.stakes([stash.address], null)).value.get(stash.address)?.operatorProxy).toBe(false);
    const before = await reader.stakes([stash.address], operator.address, beforeBond);
    expect(before).toEqual({
      at: beforeBond,
      value: new Map([[stash.address, { stash: stash.address, active: null, payee: null, operatorProxy: false }]]),
    });
  });

  it("sets a stash's reward destination to the collective's account through its Staking proxy; a stash without the proxy fails alone", async () => {
    const calls: PayeeCall[] = [
      { stash: gone.address, payee: { kind: 'Account', account: pure } },
      { stash: stash.address, payee: { kind: 'Account', account: pure } },
    ];
    expect(await payees.packPayeeCalls(calls)).toEqual([calls]);
    const result = await setPayees(calls);
    expect(result.outcomes).toEqual([{ ok: false, error: 'proxy.NotProxy' }, { ok: true }]);
    const { value } = await reader.stakes([stash.address, gone.address], operator.address);
    expect(value.get(stash.address)?.payee).toEqual({ kind: 'Account', account: pure });
    expect(value.get(gone.address)?.payee).toEqual({ kind: 'Staked' });
  });

  it('sets the other destinations a restore may need: Controller (as Stash, the same account), None, Stash', async () => {
    const both = await setPayees([
      { stash: stash.address, payee: { kind: 'Controller' } },
      { stash: stash.address, payee: { kind: 'None' } },
    ]);
    expect(both.outcomes).toEqual([{ ok: true }, { ok: true }]);
    const payeeNow = async () =>
      (await reader.stakes([stash.address], operator.address)).value.get(stash.address)?.payee;
    expect(await payeeNow()).toEqual({ kind: 'None' });
    expect((await setPayees([{ stash: stash.address, payee: { kind: 'Stash' } }])).outcomes).toEqual([{ ok: true }]);
    expect(await payeeNow()).toEqual({ kind: 'Stash' });
  });

  it('reads the active bond an unbond left (what a breach is judged on)', async () => {
    const unbond = await chain.submit(chain.api.tx.staking.unbond(20n * KSM), gone);
    expect(unbond.error).toBeNull();
    const { value } = await reader.stakes([gone.address], operator.address);
    expect(value.get(gone.address)?.active).toBe(30n * KSM);
  });
});
