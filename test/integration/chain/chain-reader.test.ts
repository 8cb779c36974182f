import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilitySourceFromApi, proxyTypeNames, type ChainCapabilities } from '../../../src/chain/capabilities.js';
import { decodeAddress } from '@polkadot/util-crypto';
import { AccountMap, type StorageEntryLike } from '../../../src/chain/account-storage.js';
import { PolkadotChainReader } from '../../../src/chain/chain-reader.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import type { ValidatorSetView } from '../../../src/domain/ports/chain-reading.js';
import { advanceEra } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain, type DevRuntime } from '../../support/dev-chain.js';

const PERCENT = 10_000_000;

/** What each executing runtime must be detected as, from its own metadata. */
const EXPECTED: Record<
  DevRuntime,
  { caps: ChainCapabilities; stakingProxyIndex: number; activeEra: number; existentialDeposit: bigint }
> = {
  // Kusama Asset Hub 2000002, pallet_staking_async.
  'asset-hub': {
    caps: {
      payoutCall: 'payoutStakersByPage',
      activeSetSource: 'erasStakersOverview',
      hasForceBatch: true,
      hasProxy: true,
      hasMinimumActiveStake: true,
      hasBonded: true,
      claimedRewards: { storage: true, ledgerField: null },
      maxNominations: { kind: 'runtimeApi' },
      stakingProxyType: 'Staking',
    },
    stakingProxyIndex: 8,
    existentialDeposit: 3_333_333n,
    // Its genesis era has no exposures: the tests run in the era injected by beforeAll.
    activeEra: 1,
  },
  // The 2023 relay runtime, legacy pallet-staking.
  relay: {
    caps: {
      payoutCall: 'payoutStakers',
      activeSetSource: 'erasStakers',
      hasForceBatch: true,
      hasProxy: true,
      hasMinimumActiveStake: true,
      hasBonded: true,
      claimedRewards: { storage: false, ledgerField: 'claimedRewards' },
      maxNominations: { kind: 'runtimeApi' },
      stakingProxyType: 'Staking',
    },
    stakingProxyIndex: 3,
    existentialDeposit: 333_333_333n,
    activeEra: 0,
  },
};

describe.each(['asset-hub', 'relay'] as const)('on the %s runtime', (runtime) => {
  const expected = EXPECTED[runtime];
  let chain: DevChain;
  let conn: ChainConnection;
  let reader: PolkadotChainReader;
  let operator: KeyringPair;
  let open: KeyringPair;
  let blocked: KeyringPair;
  let nominator: KeyringPair;
  let idle: KeyringPair;
  /** The validators of the chain's genesis (relay: //Alice//stash, //Bob//stash; Asset Hub: 8 others). */
  let genesisValidators: string[];
  /** The elected set of the active era, as the chain was told to have it. */
  let elected: string[];
  /** Asset Hub only: the reader's view in the genesis era, before any era was injected. */
  let genesisView: ValidatorSetView | null = null;

  beforeAll(async () => {
    chain = await startDevChain({ runtime });
    const pair = (uri: string) => chain.keyring.addFromUri(uri);
    operator = pair('//Reader//Op');
    open = pair('//Reader//Open');
    blocked = pair('//Reader//Blocked');
    nominator = pair('//Reader//Nom');
    idle = pair('//Reader//Idle');
    genesisValidators = (await chain.api.query.staking.validators.keys()).map((k) =>
      chain.keyring.encodeAddress(k.args[0].toU8a(), 2),
    );
    await chain.createValidator(open, { commission: 5 * PERCENT, blocked: false });
    await chain.createValidator(blocked, { commission: 0, blocked: true });
    await chain.rpc('dev_setStorage', [
      { Staking: { MinNominatorBond: (10n * KSM).toString(), MinimumActiveStake: (3n * KSM).toString() } },
    ]);
    await chain.fund([nominator.address, idle.address], 1_000);
    const setup = await chain.submit(
      chain.api.tx.utility.batchAll([
        chain.api.tx.staking.bond(250n * KSM, 'Staked'),
        chain.api.tx.proxy.addProxy(operator.address, 'Staking', 0),
        chain.api.tx.staking.nominate([open.address, genesisValidators[0]!]),
      ]),
      nominator,
    );
    expect(setup.error).toBeNull();
    // The first endpoint refuses connections: the connection must move on to the dev chain.
    // (A generous limit: a loaded machine may take seconds to open the dev chain's API.)
    conn = await ChainConnection.connect({ endpoints: ['ws://127.0.0.1:1', chain.endpoint], connectTimeoutMs: 60_000 });
    reader = new PolkadotChainReader(conn);
    if (runtime === 'asset-hub') {
      genesisView = await reader.validatorSet();
      // An era whose election picked the new open validator and three of the genesis ones.
      elected = [open.address, ...genesisValidators.slice(0, 3)];
      await expect(advanceEra(chain, { elected })).resolves.toBe(1);
    } else {
      // The relay's genesis era elected its two genesis validators.
      elected = genesisValidators;
    }
  });

  afterAll(async () => {
    await conn?.close();
    await chain?.close();
  });

  describe('ChainConnection', () => {
    it('skipped the unreachable endpoint and reports the chain properties', () => {
      expect(conn.endpoint()).toBe(chain.endpoint);
      expect(conn.isHealthy()).toBe(true);
      expect(reader.genesisHash()).toBe(chain.api.genesisHash.toHex());
      expect(reader.ss58Prefix()).toBe(2);
      expect(reader.token()).toEqual({ symbol: 'KSM', decimals: 12 });
    });

    it('passes a health check', async () => {
      await expect(conn.checkHealth()).resolves.toBe(true);
    });
  });

  describe('PolkadotChainReader', () => {
    it('detects the staking paths from the executing runtime', () => {
      expect(chain.runtime).toBe(runtime);
      expect(reader.capabilities()).toEqual(expected.caps);
    });

    it('finds the Staking proxy type by name, whatever its index in this runtime', () => {
      const names = proxyTypeNames(capabilitySourceFromApi(conn.api()));
      expect(names.indexOf('Staking')).toBe(expected.stakingProxyIndex);
    });

    it('reads the active era at the head', async () => {
      const era = await reader.activeEra();
      expect(era.index).toBe(expected.activeEra);
      expect(era.at.number).toBe(await chain.head());
    });

    it('reads the staking limits, maxNominations from the runtime API', async () => {
      await expect(reader.stakingLimits()).resolves.toEqual({
        minNominatorBond: 10n * KSM,
        minimumActiveStake: 3n * KSM,
        maxNominations: 24,
        existentialDeposit: expected.existentialDeposit,
      });
    });

    it('reads every validator with its prefs and the elected set of the active era, at one block', async () => {
      const view = await reader.validatorSet();
      expect(view.activeEra).toBe(expected.activeEra);
      expect(view.at.hash).toBe((await chain.api.rpc.chain.getBlockHash(view.at.number)).toHex());
      expect(view.validators.get(open.address)).toEqual({ commission: 5 * PERCENT, blocked: false });
      expect(view.validators.get(blocked.address)).toEqual({ commission: 0, blocked: true });
      expect([...view.validators.keys()].sort()).toEqual([...genesisValidators, open.address, blocked.address].sort());
      expect([...view.elected].sort()).toEqual([...elected].sort());
    });

    if (runtime === 'asset-hub')
      it("reads the elected set from the era's exposures only: none in the genesis era, never the collators", async () => {
        expect(genesisView!.activeEra).toBe(0);
        expect(genesisView!.validators.size).toBe(genesisValidators.length + 2);
        expect(genesisView!.elected.size).toBe(0);
        // session.validators on Asset Hub are its collators (//Alice, //Bob), not staking validators.
        const collators = ((await chain.api.query.session.validators()).toJSON() as string[]).map((c) =>
          chain.keyring.encodeAddress(c, 2),
        );
        expect(collators.length).toBeGreaterThan(0);
        const view = await reader.validatorSet();
        for (const c of collators) expect(view.elected.has(c)).toBe(false);
        // The era's overview is keyed by the elected validators: the same set, read independently.
        const overview = await chain.api.query.staking.erasStakersOverview.keys(view.activeEra);
        expect(overview.map((k) => chain.keyring.encodeAddress(k.args[1].toU8a(), 2)).sort()).toEqual(
          [...view.elected].sort(),
        );
      });

    it('reads bond, proxies and nominations of many stashes at one block', async () => {
      const genesisValidator = genesisValidators[0]!;
      const { at, views } = await reader.stashViews([nominator.address, idle.address, genesisValidator]);
      expect(at.number).toBe(await chain.head());
      expect(views.get(nominator.address)).toEqual({
        stash: nominator.address,
        ledger: { total: 250n * KSM, active: 250n * KSM },
        proxies: [{ delegate: operator.address, proxyType: 'Staking', delay: 0 }],
        // Nominated in the genesis era on both runtimes.
        nominations: { targets: [open.address, genesisValidator], submittedIn: 0 },
      });
      expect(views.get(idle.address)).toEqual({ stash: idle.address, ledger: null, proxies: [], nominations: null });
      // A genesis validator's own bond, as the chain stores it (relay: 100 KSM, not the README's 100,000).
      const ledger = (await chain.api.query.staking.ledger(genesisValidator)).toJSON() as {
        total: number | string;
        active: number | string;
      };
      expect(views.get(genesisValidator)?.ledger).toEqual({
        total: BigInt(ledger.total),
        active: BigInt(ledger.active),
      });
      if (runtime === 'relay') expect(views.get(genesisValidator)?.ledger?.active).toBe(100n * KSM);
    });

    it('reads an empty list as an empty map', async () => {
      const { views } = await reader.stashViews([]);
      expect(views.size).toBe(0);
    });

    it("hashes the stash items' keys from the metadata itself, and reads what the library's queryMulti reads", async () => {
      // A stash with two proxies of other types, one with a delay, and no bond.
      const proxied = chain.keyring.addFromUri('//Reader//Proxied');
      await chain.fund([proxied.address], 100);
      const added = await chain.submit(
        chain.api.tx.utility.batchAll([
          chain.api.tx.proxy.addProxy(operator.address, 'NonTransfer', 3),
          chain.api.tx.proxy.addProxy(open.address, 'Any', 0),
        ]),
        proxied,
      );
      expect(added.error).toBeNull();
      const at = await chain.api.rpc.chain.getBlockHash(await chain.head());
      const apiAt = await chain.api.at(at);
      const entries: Record<string, unknown> = {
        bonded: apiAt.query.staking.bonded,
        ledger: apiAt.query.staking.ledger,
        nominators: apiAt.query.staking.nominators,
        proxies: apiAt.query.proxy.proxies,
      };
      const stashes = [nominator.address, idle.address, proxied.address, open.address, ...genesisValidators];
      // Every item of both runtimes has a key this reader builds, byte for byte the library's.
      for (const [item, entry] of Object.entries(entries)) {
        const map = AccountMap.of(entry as StorageEntryLike, apiAt.registry);
        expect(map, item).not.toBeNull();
        for (const stash of stashes)
          expect(map!.key(decodeAddress(stash))).toBe((entry as StorageEntryLike).key(stash));
      }
      const byRegistry = new PolkadotChainReader(conn, { stashReads: 'registry' });
      const block = { hash: at.toHex(), number: await chain.head() };
      const mine = await reader.stashViews(stashes, block);
      const theirs = await byRegistry.stashViews(stashes, block);
      expect(mine.views).toEqual(theirs.views);
      expect(mine.views.get(proxied.address)).toEqual({
        stash: proxied.address,
        ledger: null,
        proxies: expect.arrayContaining([
          { delegate: operator.address, proxyType: 'NonTransfer', delay: 3 },
          { delegate: open.address, proxyType: 'Any', delay: 0 },
        ]),
        nominations: null,
      });
      expect(mine.views.get(proxied.address)?.proxies).toHaveLength(2);
      // The genesis validators are bonded, with a ledger; some nominate nobody.
      expect(genesisValidators.every((v) => mine.views.get(v)?.ledger !== null)).toBe(true);
    });
  });
});
