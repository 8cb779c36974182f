import type { Codec } from '@polkadot/types/types';
import type { ChainToken, ChainTransfer } from '../domain/ports/chain-events.js';
import type { BlockRef } from '../domain/shared/types.js';
import { address, num, planck } from './codec-values.js';
import { eventFields, pick, type EventLike } from './event-fields.js';

export interface TransferRecordLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec };
  event: EventLike;
}

/**
 * The token transfers of a block, from its events: `balances.Transfer {from, to, amount}`,
 * `assets.Transferred {assetId, from, to, amount}` and `assets.Issued {assetId, owner, amount}`
 * (a mint: from null). Events exist only for calls that ran (a failed call's are rolled back),
 * so each one is money that moved. Fees (`balances.Withdraw`), mints of the native token
 * (`balances.Minted`, e.g. teleports) and `foreignAssets` are not reported.
 */
export function decodeTransfers(records: TransferRecordLike[], block: BlockRef, prefix: number): ChainTransfer[] {
  const out: ChainTransfer[] = [];
  records.forEach(({ phase, event }, eventIndex) => {
    const name = `${event.section}.${event.method}`;
    if (name !== 'balances.Transfer' && name !== 'assets.Transferred' && name !== 'assets.Issued') return;
    const fields = eventFields(event);
    const from = name === 'assets.Issued' ? null : pick(fields, 'from');
    const to = pick(fields, name === 'assets.Issued' ? 'owner' : 'to');
    const amount = pick(fields, 'amount', 'totalSupply');
    const assetId = pick(fields, 'assetId');
    if (!to || !amount || (name !== 'assets.Issued' && !from)) return;
    let token: ChainToken;
    if (name === 'balances.Transfer') token = { kind: 'native' };
    else if (assetId) token = { kind: 'asset', assetId: num(assetId) };
    else return;
    out.push({
      token,
      from: from ? address(from, prefix) : null,
      to: address(to, prefix),
      amount: planck(amount),
      blockHash: block.hash,
      blockNumber: block.number,
      eventIndex,
      extrinsicIndex: phase.isApplyExtrinsic ? num(phase.asApplyExtrinsic) : null,
    });
  });
  return out;
}
