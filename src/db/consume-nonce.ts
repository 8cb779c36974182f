import { unauthenticated } from '../domain/errors.js';
import type { NonceUse } from '../domain/wallet/authorize.js';
import type { Prisma } from './generated/client.js';
import { isUniqueViolation } from './mappers.js';

/**
 * The one place a signed request's nonce is spent: inside the transaction of the change it
 * authorises, first, so that a replay fails before anything else is written and a failed change
 * rolls the nonce back with it (DESIGN §6: a nonce is accepted once per address).
 */
export async function consumeNonce(tx: Prisma.TransactionClient, use: NonceUse): Promise<void> {
  try {
    await tx.usedNonce.create({ data: { address: use.address, nonce: use.nonce, action: use.action } });
  } catch (e) {
    if (isUniqueViolation(e)) throw nonceReplayed();
    throw e;
  }
}

/** The error of a signed request whose nonce its address used before (401, DESIGN §6). */
export const nonceReplayed = () => unauthenticated('NONCE_REPLAYED', 'this nonce was already used by this address');
