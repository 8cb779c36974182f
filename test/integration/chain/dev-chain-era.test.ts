import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainReader } from '../../../src/chain/chain-reader.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { advanceEra, setValidatorCount } from '../../support/chain-era.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

let chain: DevChain;
let conn: ChainConnection;

beforeAll(async () => {
  chain = await startDevChain({ runtime: 'relay' });
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint] });
});

afterAll(async () => {
  await conn?.close();
  await chain?.close();
});

describe('an era change on the dev chain', () => {
  it('elects a new validator backed by a nomination, and the reader sees it in the new active set', async () => {
    const reader = new PolkadotChainReader(conn);
    const validator = chain.keyring.addFromUri('//Era//Validator');
    const nominator = chain.keyring.addFromUri('//Era//Nominator');
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
    expect((await reader.validatorSet()).elected.has(validator.address)).toBe(false);

    await setValidatorCount(chain, 3);
    await expect(advanceEra(chain)).resolves.toBe(1);

    const view = await reader.validatorSet();
    expect(view.activeEra).toBe(1);
    expect(view.elected.has(validator.address)).toBe(true);
    expect(view.elected.size).toBe(3);
    expect((await reader.activeEra()).index).toBe(1);
  });
});
