import { randomBytes } from 'node:crypto';
import { stringToU8a, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed, sr25519Sign, waitReady } from '@polkadot/wasm-crypto';
import { signedMessage } from '../../src/domain/wallet/signed-request.js';

export interface OptInPool {
  /** JSON bodies of POST /v1/delegations, each a fresh account's signed `opt-in`. */
  bodies: string[];
  /** When the first of them expires (signed requests live at most 10 minutes). */
  expiresAt: Date;
  /** Time it took to generate and sign them. */
  ms: number;
}

/**
 * Signed opt-ins of `count` fresh sr25519 accounts (the scheme wallets use), signed before the
 * case so that the load generator only sends: keypairs and signatures by the WASM sr25519 of
 * @polkadot/wasm-crypto (util-crypto 14's sr25519 is pure JS, about 4 times slower here). Each
 * asks to bond `bond` planck, so an unbonded stash is accepted. Yields to the event loop between
 * slices: the set-up's other work (a child's output, timers) goes on meanwhile.
 */
export async function signOptIns(count: number, genesisHash: string, bond: bigint): Promise<OptInPool> {
  await waitReady();
  const started = performance.now();
  const expiresAt = new Date(Date.now() + 9.5 * 60_000);
  const bodies: string[] = [];
  while (bodies.length < count) {
    for (let i = 0; i < 500 && bodies.length < count; i++) {
      const pair = sr25519KeypairFromSeed(randomBytes(32));
      const secret = pair.slice(0, 64);
      const publicKey = pair.slice(64);
      const payload = {
        bond: bond.toString(),
        address: encodeAddress(publicKey, 2),
        nonce: randomBytes(16).toString('hex'),
        expiresAt: expiresAt.toISOString(),
      };
      const signature = sr25519Sign(publicKey, secret, stringToU8a(signedMessage('opt-in', genesisHash, payload)));
      bodies.push(JSON.stringify({ payload, signature: u8aToHex(signature) }));
    }
    await new Promise((r) => setImmediate(r));
  }
  return { bodies, expiresAt, ms: performance.now() - started };
}
