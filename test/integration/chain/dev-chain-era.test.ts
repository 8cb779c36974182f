import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainReader } from '../../../src/chain/chain-reader.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { advanceEra, exposurePages, setValidatorCount } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain, type DevRuntime } from '../../support/dev-chain.js';

let chain: DevChain;
let conn: ChainConnection;

async function openChain(runtime: DevRuntime): Promise<void> {
  chain = await startDevChain({ runtime });
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
}

async function closeChain(): Promise<void> {
  await conn?.close();
  await chain?.close();
}

/** A new validator and a stash bonding 5,000 KSM that nominates it. */
async function nominatedValidator(name: string): Promise<{ validator: string; nominator: string }> {
  const validator = chain.keyring.addFromUri(`//Era//${name}`);
  const nominator = chain.keyring.addFromUri(`//Era//${name}//Nominator`);
  await chain.createValidator(validator, { commission: 10_000_000, blocked: false, bondKsm: 500n });
  await chain.fund([nominator.address], 10_000);
  const nominated = await chain.submit(
    chain.api.tx.utility.batchAll([
      chain.api.tx.staking.bond(5_000n * KSM, 'Staked'),
      chain.api.tx.staking.nominate([validator.address]),
    ]),
    nominator,
  );
  expect(nominated.error).toBeNull();
  return { validator: validator.address, nominator: nominator.address };
}

describe('an era change on the relay runtime (legacy pallet-staking, Sudo-forced era)', () => {
  beforeAll(() => openChain('relay'));
  afterAll(closeChain);

  it('elects a new validator backed by a nomination, and the reader sees it in the new active set', async () => {
    const reader = new PolkadotChainReader(conn);
    const { validator } = await nominatedValidator('Validator');
    expect((await reader.validatorSet()).elected.has(validator)).toBe(false);

    await setValidatorCount(chain, 3);
    await expect(advanceEra(chain)).resolves.toBe(1);

    const view = await reader.validatorSet();
    expect(view.activeEra).toBe(1);
    expect(view.elected.has(validator)).toBe(true);
    expect(view.elected.size).toBe(3);
    expect((await reader.activeEra()).index).toBe(1);
  });
});

describe('an era change on Kusama Asset Hub (staking-async, injected era)', () => {
  beforeAll(() => openChain('asset-hub'));
  afterAll(closeChain);

  it('elects the nominated one of two new validators, and the reader sees it in the new active set', async () => {
    const reader = new PolkadotChainReader(conn);
    const genesisValidators = (await reader.validatorSet()).validators.size;
    const { validator, nominator } = await nominatedValidator('Backed');
    // The same own bond, and no nomination.
    const unbacked = chain.keyring.addFromUri('//Era//Unbacked');
    await chain.createValidator(unbacked, { commission: 10_000_000, blocked: false, bondKsm: 500n });
    const before = await reader.validatorSet();
    // The genesis era has no exposures: nobody is elected yet.
    expect(before.activeEra).toBe(0);
    expect(before.elected.size).toBe(0);

    // Every genesis validator and one more seat: the new validator with more approval takes it.
    await setValidatorCount(chain, genesisValidators + 1);
    await expect(advanceEra(chain)).resolves.toBe(1);

    const view = await reader.validatorSet();
    expect(view.activeEra).toBe(1);
    expect(view.elected.has(validator)).toBe(true);
    expect(view.elected.has(unbacked.address)).toBe(false);
    expect(view.elected.size).toBe(genesisValidators + 1);
    expect((await reader.activeEra()).index).toBe(1);
    // Exposed in the era's paged exposure, with its nominator.
    expect(await exposurePages(chain, 1, validator)).toEqual([[nominator]]);
  });
});
