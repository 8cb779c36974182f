import type { Address } from '../domain/shared/types.js';
import type { NonceUse } from '../domain/wallet/authorize.js';
import { consumeNonce } from './consume-nonce.js';
import { Prisma } from './generated/client.js';

/**
 * What the repositories of the pools and the collectives share over their rows (SpendingPool,
 * StakingCollective: each named, each with the account the operator created for it).
 */

type Tx = Prisma.TransactionClient;

/**
 * Locks the row named `name` until the transaction ends (`SELECT … FOR UPDATE`), so that the
 * changes of one pool or collective run one after the other; throws `missing()` when there is none.
 */
export async function lockByName(
  tx: Tx,
  table: 'SpendingPool' | 'StakingCollective',
  name: string,
  missing: () => Error,
): Promise<void> {
  const locked = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT "id" FROM ${Prisma.raw(`"${table}"`)} WHERE "name" = ${name} FOR UPDATE`;
  if (locked.length === 0) throw missing();
}

/** A unit of work on one locked row: the transaction its changes commit in, nonces spent in it. */
export class LockedUnit {
  constructor(
    protected readonly tx: Tx,
    private readonly rowId: string,
  ) {}

  protected get id() {
    return BigInt(this.rowId);
  }

  spendNonce(use: NonceUse) {
    return consumeNonce(this.tx, use);
  }
}

/** The names, by account, of the rows whose account is one of these (one read for a whole block). */
export async function readNamesByAccount(
  accounts: Address[],
  read: (where: { account: { in: Address[] } }) => Promise<{ name: string; account: string | null }[]>,
): Promise<Map<Address, string>> {
  if (accounts.length === 0) return new Map();
  const rows = await read({ account: { in: [...new Set(accounts)] } });
  return new Map(rows.map((r) => [r.account!, r.name]));
}
