import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainReader } from '../../../src/chain/chain-reader.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

const PERCENT = 10_000_000;

let chain: DevChain;
let conn: ChainConnection;
let reader: PolkadotChainReader;
let operator: KeyringPair;
let open: KeyringPair;
let blocked: KeyringPair;
let nominator: KeyringPair;
let idle: KeyringPair;
const aliceStash = () => chain.keyring.addFromUri('//Alice//stash').address;
const bobStash = () => chain.keyring.addFromUri('//Bob//stash').address;

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay' });
  const pair = (uri: string) => chain.keyring.addFromUri(uri);
  operator = pair('//Reader//Op');
  open = pair('//Reader//Open');
  blocked = pair('//Reader//Blocked');
  nominator = pair('//Reader//Nom');
  idle = pair('//Reader//Idle');
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
      chain.api.tx.staking.nominate([open.address, aliceStash()]),
    ]),
    nominator,
  );
  expect(setup.error).toBeNull();
  // The first endpoint refuses connections: the connection must move on to the dev chain.
  conn = await ChainConnection.connect({ endpoints: ['ws://127.0.0.1:1', chain.endpoint], connectTimeoutMs: 5_000 });
  reader = new PolkadotChainReader(conn);
});

afterAll(async () => {
  await conn?.close();
  await chain?.close();
});

describe('ChainConnection on the dev chain', () => {
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

describe('PolkadotChainReader on the dev chain (relay runtime, legacy staking)', () => {
  it('detects the legacy staking paths from the metadata', () => {
    expect(reader.capabilities()).toMatchObject({
      payoutCall: 'payoutStakers',
      activeSetSource: 'erasStakers',
      hasForceBatch: true,
      hasProxy: true,
      claimedRewards: { storage: false, ledgerField: 'claimedRewards' },
      maxNominations: { kind: 'runtimeApi' },
      stakingProxyType: 'Staking',
    });
  });

  it('reads the active era at the head', async () => {
    const era = await reader.activeEra();
    expect(era.index).toBe(0);
    expect(era.at.number).toBe(await chain.head());
  });

  it('reads the staking limits, maxNominations from the runtime API', async () => {
    await expect(reader.stakingLimits()).resolves.toEqual({
      minNominatorBond: 10n * KSM,
      minimumActiveStake: 3n * KSM,
      maxNominations: 24,
    });
  });

  it('reads every validator with its prefs and the elected set of the active era, at one block', async () => {
    const view = await reader.validatorSet();
    expect(view.activeEra).toBe(0);
    expect(view.at.hash).toBe((await chain.api.rpc.chain.getBlockHash(view.at.number)).toHex());
    expect(view.validators.get(open.address)).toEqual({ commission: 5 * PERCENT, blocked: false });
    expect(view.validators.get(blocked.address)).toEqual({ commission: 0, blocked: true });
    expect([...view.validators.keys()].sort()).toEqual(
      [aliceStash(), bobStash(), open.address, blocked.address].sort(),
    );
    expect([...view.elected].sort()).toEqual([aliceStash(), bobStash()].sort());
  });

  it('reads bond, proxies and nominations of many stashes at one block', async () => {
    const { at, views } = await reader.stashViews([nominator.address, idle.address, aliceStash()]);
    expect(at.number).toBe(await chain.head());
    expect(views.get(nominator.address)).toEqual({
      stash: nominator.address,
      ledger: { total: 250n * KSM, active: 250n * KSM },
      proxies: [{ delegate: operator.address, proxyType: 'Staking', delay: 0 }],
      nominations: { targets: [open.address, aliceStash()], submittedIn: 0 },
    });
    expect(views.get(idle.address)).toEqual({ stash: idle.address, ledger: null, proxies: [], nominations: null });
    // The genesis validators bond 100 KSM each (not the 100,000 the chain README says).
    expect(views.get(aliceStash())?.ledger).toEqual({ total: 100n * KSM, active: 100n * KSM });
  });

  it('reads an empty list as an empty map', async () => {
    const { views } = await reader.stashViews([]);
    expect(views.size).toBe(0);
  });
});
