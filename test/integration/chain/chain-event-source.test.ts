import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { createKeyMulti } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainEventSource } from '../../../src/chain/chain-event-source.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { PolkadotNominationWriter } from '../../../src/chain/nomination-writer.js';
import type { ChainEvent } from '../../../src/domain/ports/chain-events.js';
import { KSM, startDevChain, type DevChain, type SubmitOutcome } from '../../support/dev-chain.js';

const OPERATOR_SEED = '//Events//Operator';

describe.each(['asset-hub', 'relay'] as const)('on the %s runtime', (runtime) => {
  let chain: DevChain;
  let conn: ChainConnection;
  let source: PolkadotChainEventSource;
  let writer: PolkadotNominationWriter;
  let operator: KeyringPair;
  let stash: KeyringPair;
  let helper: KeyringPair;
  let noBond: KeyringPair;
  let other: KeyringPair;
  let alice: string;
  let bob: string;

  const pair = (uri: string) => chain.keyring.addFromUri(uri);

  /** Submits and returns the outcome with the extrinsic's index in its block. */
  async function run(
    tx: SubmittableExtrinsic<'promise'>,
    signer: KeyringPair,
  ): Promise<SubmitOutcome & { index: number }> {
    const outcome = await chain.submit(tx, signer);
    const { block } = await chain.api.rpc.chain.getBlock(outcome.blockHash);
    const index = block.extrinsics.findIndex((ext) => ext.hash.toHex() === tx.hash.toHex());
    expect(index).toBeGreaterThan(0);
    return { ...outcome, index };
  }

  async function eventsAt(outcome: SubmitOutcome, accounts: KeyringPair[]): Promise<ChainEvent[]> {
    const { block, events } = await source.blockEvents(outcome.blockNumber, new Set(accounts.map((a) => a.address)));
    expect(block).toEqual({ hash: outcome.blockHash, number: outcome.blockNumber });
    expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
    return events;
  }

  /** `e<index>` of the block's `section.method` events, as the chain lists them. */
  async function eventKeys(blockHash: string, section: string, method: string): Promise<string[]> {
    const records = await (await chain.api.at(blockHash)).query.system.events();
    return records.flatMap((r, i) => (r.event.section === section && r.event.method === method ? [`e${i}`] : []));
  }

  const changes = (events: ChainEvent[]) => events.filter((e) => e.kind === 'nominations_changed');

  beforeAll(async () => {
    chain = await startDevChain({ runtime, mode: 'Manual' });
    conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
    writer = await PolkadotNominationWriter.create(conn, { operatorSeed: OPERATOR_SEED, pollIntervalMs: 250 });
    operator = pair(OPERATOR_SEED);
    source = new PolkadotChainEventSource(conn, { operatorAddress: operator.address });
    stash = pair('//Events//Stash');
    helper = pair('//Events//Helper');
    noBond = pair('//Events//NoBond');
    other = pair('//Events//Other');
    // Two validators of the genesis (relay: //Alice//stash and //Bob//stash; on Asset Hub the dev accounts are none).
    const keys = await chain.api.query.staking.validators.keys();
    [alice, bob] = [0, 1].map((i) => chain.keyring.encodeAddress(keys[i]!.args[0].toU8a(), 2)) as [string, string];
    await chain.fund(
      [operator, stash, helper, noBond, other].map((a) => a.address),
      1_000,
    );
  });

  afterAll(async () => {
    await conn?.close();
    await chain?.close();
  });

  describe('PolkadotChainEventSource', () => {
    it('reads the finalized head, which on Chopsticks is the newest block', async () => {
      const head = await source.finalizedHead();
      expect(head.number).toBe(await chain.head());
      expect(head.hash).toBe((await chain.api.rpc.chain.getBlockHash(head.number)).toHex());
    });

    it('reports a bond and proxies added, keyed by event index, for the accounts asked about only', async () => {
      const setup = await run(
        chain.api.tx.utility.batchAll([
          chain.api.tx.staking.bond(100n * KSM, 'Staked'),
          chain.api.tx.proxy.addProxy(operator.address, 'Staking', 0),
          chain.api.tx.proxy.addProxy(helper.address, 'Staking', 0),
        ]),
        stash,
      );
      expect(setup.error).toBeNull();
      const events = await eventsAt(setup, [stash]);
      const common = { account: stash.address, extrinsicIndex: setup.index, signer: stash.address, era: null };
      const [bondedKey] = await eventKeys(setup.blockHash, 'staking', 'Bonded');
      const addedKeys = await eventKeys(setup.blockHash, 'proxy', 'ProxyAdded');
      expect(events).toMatchObject([
        { ...common, key: bondedKey, kind: 'bonded', amount: 100n * KSM },
        {
          ...common,
          key: addedKeys[0],
          kind: 'proxy_added',
          detail: { delegate: operator.address, proxyType: 'Staking' },
        },
        {
          ...common,
          key: addedKeys[1],
          kind: 'proxy_added',
          detail: { delegate: helper.address, proxyType: 'Staking' },
        },
      ]);
      expect(events[0]!.extrinsicHash).toMatch(/^0x[0-9a-f]{64}$/);
      await expect(eventsAt(setup, [other])).resolves.toEqual([]);

      const proxyOnly = await run(chain.api.tx.proxy.addProxy(helper.address, 'Staking', 0), noBond);
      expect(proxyOnly.error).toBeNull();
    });

    it('reports a nomination signed by the stash itself', async () => {
      const nominated = await run(chain.api.tx.staking.nominate([alice]), stash);
      expect(nominated.error).toBeNull();
      expect(await eventsAt(nominated, [stash])).toEqual([
        {
          key: `x${nominated.index}.0`,
          kind: 'nominations_changed',
          account: stash.address,
          extrinsicIndex: nominated.index,
          extrinsicHash: expect.stringMatching(/^0x/) as unknown,
          signer: stash.address,
          amount: null,
          era: null,
          validator: null,
          detail: { call: 'nominate', targets: alice },
        },
      ]);
    });

    it("reports a nomination through another account's proxy inside a batch, not the one that failed in its proxy", async () => {
      const batch = await run(
        chain.api.tx.utility.batch([
          chain.api.tx.proxy.proxy(noBond.address, null, chain.api.tx.staking.nominate([alice])),
          chain.api.tx.proxy.proxy(stash.address, null, chain.api.tx.staking.nominate([alice, bob])),
        ]),
        helper,
      );
      expect(batch.error).toBeNull();
      // noBond's nomination fails inside its proxy (NotController); the batch goes on.
      const executed = batch.events.filter((e) => e.method === 'ProxyExecuted').map((e) => JSON.stringify(e.data));
      expect(executed).toHaveLength(2);
      expect(executed[0]).toContain('Err');
      expect(executed[1]).toContain('Ok');
      expect(changes(await eventsAt(batch, [stash, noBond]))).toMatchObject([
        {
          key: `x${batch.index}.1`,
          account: stash.address,
          signer: helper.address,
          detail: { targets: `${alice},${bob}` },
        },
      ]);
    });

    it('reports nothing for a failed extrinsic', async () => {
      const failed = await run(chain.api.tx.staking.nominate([]), stash);
      expect(failed.error).toBe('staking.EmptyTargets');
      expect(changes(await eventsAt(failed, [stash]))).toEqual([]);
    });

    // Asset Hub has no Sudo pallet.
    if (runtime === 'relay')
      it('reports a sudo.sudoAs nomination as the stash', async () => {
        const sudo = pair('//Alice');
        const asStash = await run(chain.api.tx.sudo.sudoAs(stash.address, chain.api.tx.staking.nominate([bob])), sudo);
        expect(asStash.error).toBeNull();
        expect(changes(await eventsAt(asStash, [stash]))).toMatchObject([
          { key: `x${asStash.index}.0`, account: stash.address, signer: sudo.address, detail: { targets: bob } },
        ]);
      });

    it("leaves out the operator's own proxied nominations", async () => {
      const signed = await writer.signNominationBatch([{ stash: stash.address, targets: [alice, bob] }]);
      const result = await writer.sendAndTrack(signed, 1);
      expect(result).toMatchObject({ kind: 'included', outcomes: [{ ok: true }] });
      if (result.kind !== 'included') return;
      const accounts = new Set([stash.address]);
      const own = await source.blockEvents(result.block.number, accounts);
      expect(changes(own.events)).toEqual([]);
      // The same block read without an operator shows the change: the filter above is what hid it.
      const unfiltered = new PolkadotChainEventSource(conn, { operatorAddress: null });
      expect(changes((await unfiltered.blockEvents(result.block.number, accounts)).events)).toMatchObject([
        { key: `x${result.extrinsicIndex}.0`, account: stash.address, signer: operator.address },
      ]);
    });

    it('reports bond extra and unbond amounts', async () => {
      const moved = await run(
        chain.api.tx.utility.batchAll([
          chain.api.tx.staking.bondExtra(10n * KSM),
          chain.api.tx.staking.unbond(5n * KSM),
        ]),
        stash,
      );
      expect(moved.error).toBeNull();
      const [bondedKey] = await eventKeys(moved.blockHash, 'staking', 'Bonded');
      const [unbondedKey] = await eventKeys(moved.blockHash, 'staking', 'Unbonded');
      expect(await eventsAt(moved, [stash])).toMatchObject([
        { key: bondedKey, kind: 'bonded', account: stash.address, amount: 10n * KSM },
        { key: unbondedKey, kind: 'unbonded', account: stash.address, amount: 5n * KSM },
      ]);
    });

    it('reports a chill both as the Chilled event and as a nominations change', async () => {
      const chilled = await run(chain.api.tx.staking.chill(), stash);
      expect(chilled.error).toBeNull();
      const [chilledKey] = await eventKeys(chilled.blockHash, 'staking', 'Chilled');
      expect(await eventsAt(chilled, [stash])).toMatchObject([
        { key: chilledKey, kind: 'chilled', account: stash.address },
        { key: `x${chilled.index}.0`, kind: 'nominations_changed', account: stash.address, detail: { call: 'chill' } },
      ]);
    });

    it('reports a proxy removed', async () => {
      const removed = await run(chain.api.tx.proxy.removeProxy(helper.address, 'Staking', 0), stash);
      expect(removed.error).toBeNull();
      const [key] = await eventKeys(removed.blockHash, 'proxy', 'ProxyRemoved');
      expect(await eventsAt(removed, [stash, helper])).toMatchObject([
        {
          key,
          kind: 'proxy_removed',
          account: stash.address,
          detail: { delegate: helper.address, proxyType: 'Staking' },
        },
      ]);
    });

    it('reports proxy.removeProxies, which emits no event of its own, from the call', async () => {
      const removed = await run(chain.api.tx.proxy.removeProxies(), noBond);
      expect(removed.error).toBeNull();
      expect(removed.events.filter((e) => e.section === 'proxy')).toEqual([]);
      const proxies = (await chain.api.query.proxy.proxies(noBond.address)).toJSON() as [unknown[], unknown];
      expect(proxies[0]).toEqual([]);
      expect(await eventsAt(removed, [noBond, stash])).toEqual([
        {
          key: `x${removed.index}.0`,
          kind: 'proxies_removed',
          account: noBond.address,
          extrinsicIndex: removed.index,
          extrinsicHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) as unknown,
          signer: noBond.address,
          amount: null,
          era: null,
          validator: null,
          detail: { call: 'removeProxies' },
        },
      ]);
    });

    it('reports setPayee and removeProxies inside a utility.batch of the stash, and watches it in that block', async () => {
      const batch = await run(
        chain.api.tx.utility.batch([
          chain.api.tx.staking.setPayee({ Account: helper.address }),
          chain.api.tx.proxy.removeProxies(),
        ]),
        stash,
      );
      expect(batch.error).toBeNull();
      expect(batch.events.filter((e) => e.method === 'ItemCompleted')).toHaveLength(2);
      const proxies = (await chain.api.query.proxy.proxies(stash.address)).toJSON() as [unknown[], unknown];
      expect(proxies[0]).toEqual([]);
      const { events, watch } = await source.blockEvents(batch.blockNumber, new Set([stash.address, other.address]));
      expect(events.filter((e) => e.key.startsWith('x'))).toMatchObject([
        {
          key: `x${batch.index}.0`,
          kind: 'account_changed',
          account: stash.address,
          signer: stash.address,
          detail: { call: 'staking.setPayee', payee: 'Account', payeeAccount: helper.address },
        },
        {
          key: `x${batch.index}.1`,
          kind: 'proxies_removed',
          account: stash.address,
          detail: { call: 'removeProxies' },
        },
      ]);
      expect(watch).toEqual([stash.address]);
    });

    it("reports a multisig's proxies removed through multisig.asMultiThreshold1 and asMulti, as the multisig", async () => {
      const signer = pair('//Events//MultiSigner');
      const cosigner = pair('//Events//MultiCosigner');
      const multisig = (threshold: number) =>
        chain.keyring.encodeAddress(createKeyMulti([signer.address, cosigner.address], threshold), 2);
      const [m1, m2] = [multisig(1), multisig(2)];
      await chain.fund([signer.address, cosigner.address, m1, m2], 100);
      const proxiesOf = async (who: string) =>
        ((await chain.api.query.proxy.proxies(who)).toJSON() as [unknown[], unknown])[0];
      const tracked = new Set([m1, m2]);

      // Threshold 1: the call runs at once, as the multisig.
      const added = await run(
        chain.api.tx.multisig.asMultiThreshold1(
          [cosigner.address],
          chain.api.tx.proxy.addProxy(helper.address, 'Staking', 0),
        ),
        signer,
      );
      expect(added.error).toBeNull();
      expect(await proxiesOf(m1)).toHaveLength(1);
      const removed = await run(
        chain.api.tx.multisig.asMultiThreshold1([cosigner.address], chain.api.tx.proxy.removeProxies()),
        signer,
      );
      expect(removed.error).toBeNull();
      expect(await proxiesOf(m1)).toEqual([]);
      await expect(source.blockEvents(removed.blockNumber, tracked)).resolves.toMatchObject({
        events: [{ key: `x${removed.index}.0`, kind: 'proxies_removed', account: m1, signer: signer.address }],
        watch: [m1],
      });

      // Threshold 2: the first approval only records itself (watched, nothing recorded), the last runs the call.
      const removeAll = chain.api.tx.proxy.removeProxies();
      const addOne = chain.api.tx.proxy.addProxy(helper.address, 'Staking', 0);
      const approve = async (
        by: KeyringPair,
        call: SubmittableExtrinsic<'promise'>,
        timepoint: { height: number; index: number } | null,
      ) => {
        const others = [by === signer ? cosigner.address : signer.address];
        const maxWeight = (await call.paymentInfo(m2)).weight;
        return run(chain.api.tx.multisig.asMulti(2, others, timepoint, call, maxWeight), by);
      };
      const timepointOf = (o: { blockNumber: number; index: number }) => ({ height: o.blockNumber, index: o.index });

      const addFirst = await approve(signer, addOne, null);
      expect(addFirst.error).toBeNull();
      const addLast = await approve(cosigner, addOne, timepointOf(addFirst));
      expect(addLast.error).toBeNull();
      expect(await proxiesOf(m2)).toHaveLength(1);

      const first = await approve(signer, removeAll, null);
      expect(first.error).toBeNull();
      expect(first.events.map((e) => e.method)).toContain('NewMultisig');
      await expect(source.blockEvents(first.blockNumber, tracked)).resolves.toMatchObject({ events: [], watch: [m2] });
      const last = await approve(cosigner, removeAll, timepointOf(first));
      expect(last.error).toBeNull();
      expect(last.events.map((e) => e.method)).toContain('MultisigExecuted');
      expect(await proxiesOf(m2)).toEqual([]);
      await expect(source.blockEvents(last.blockNumber, tracked)).resolves.toMatchObject({
        events: [{ key: `x${last.index}.0`, kind: 'proxies_removed', account: m2, signer: cosigner.address }],
        watch: [m2],
      });
    });

    it('refuses a block that does not exist yet', async () => {
      const head = await chain.head();
      await expect(source.blockEvents(head + 10, new Set([stash.address]))).rejects.toThrow(/does not exist/);
    });
  });
});
