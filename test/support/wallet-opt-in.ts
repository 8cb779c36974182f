import type { KeyringPair } from '@polkadot/keyring/types';
import { expect } from 'vitest';
import type { DevChain } from './dev-chain.js';
import { httpJson } from './http-json.js';
import { signedEnvelope } from './wallet.js';

/** What a wallet does to join: a signed opt-in to the API, then the returned setup call signed and submitted. */
export async function optInThroughApi(chain: DevChain, baseUrl: string, pair: KeyringPair): Promise<void> {
  const genesis = chain.api.genesisHash.toHex();
  const res = await httpJson('POST', `${baseUrl}/v1/delegations`, signedEnvelope(pair, 'opt-in', genesis));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.setup.callData).toMatch(/^0x/);
  const call = chain.api.createType('Call', res.body.setup.callData);
  const outcome = await chain.submit(chain.api.tx(call), pair);
  expect(outcome.error).toBeNull();
}
