import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';

/**
 * The operator's sr25519 key from its secret URI (mnemonic, hex seed, `//Dev` path…), or null in
 * read-only mode. The error never carries the secret nor the keyring's message about it.
 */
export async function createOperatorSigner(secretUri: string | null, ss58Prefix: number): Promise<KeyringPair | null> {
  if (secretUri === null || secretUri.trim() === '') return null;
  await cryptoWaitReady();
  try {
    return new Keyring({ type: 'sr25519', ss58Format: ss58Prefix }).addFromUri(secretUri.trim());
  } catch {
    throw new Error('OPERATOR_SEED is not a valid secret URI (mnemonic, 0x seed or derivation path)');
  }
}
