import { decodeAddress } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';

/**
 * One key per account whatever its SS58 format: the chain, the API and a wallet may spell the
 * same account with different prefixes. Text that is not an address stays its own key.
 */
export function addressKey(address: string): string {
  try {
    return u8aToHex(decodeAddress(address));
  } catch {
    return address;
  }
}

export const sameAccount = (a: string, b: string) => addressKey(a) === addressKey(b);
