import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { ChainEvent, ChainEventKind } from '../domain/ports.js';
import type { Address } from '../domain/shared/types.js';
import { leafOutcomes, type OutcomeMarker } from './call-outcomes.js';
import { callLeaves, callTree, multiAddress, type ResultEvent } from './call-walker.js';
import { address, num, planck } from './codec-values.js';
import { eventFields, pick, type EventLike } from './event-fields.js';

/** The parts of a polkadot-js extrinsic read here. */
export interface ExtrinsicLike {
  isSigned: boolean;
  signer: Codec;
  hash: Codec;
  method: Call;
}

export interface EventRecordLike {
  phase: { isApplyExtrinsic: boolean; asApplyExtrinsic: Codec; isFinalization: boolean };
  event: EventLike;
}

export interface BlockContent {
  extrinsics: ExtrinsicLike[];
  records: EventRecordLike[];
  /** SS58 prefix every address is encoded with. */
  prefix: number;
  /** The service's own signer: its nominations are not "changed by someone else". */
  operator: Address | null;
  accounts: ReadonlySet<Address>;
}

const AMOUNT_EVENTS: Record<string, ChainEventKind> = {
  'staking.Bonded': 'bonded',
  'staking.Unbonded': 'unbonded',
  'staking.Withdrawn': 'withdrawn',
};

const RESULT_EVENTS = new Set<string>(['proxy.ProxyExecuted', 'sudo.Sudid', 'sudo.SudoAsDone', 'utility.DispatchedAs']);

/**
 * The ChainEvents of one block that concern `accounts`, in chain order: events of the block
 * initialisation, then per extrinsic its events followed by the nominations it changed, then the
 * events of the block finalisation.
 */
export function decodeBlockEvents(block: BlockContent): ChainEvent[] {
  const { prefix, accounts } = block;
  const perExtrinsic: { events: ChainEvent[]; markers: OutcomeMarker[]; failed: boolean }[] = block.extrinsics.map(
    () => ({ events: [], markers: [], failed: false }),
  );
  const initialization: ChainEvent[] = [];
  const finalization: ChainEvent[] = [];
  const signers = block.extrinsics.map((ext) => (ext.isSigned ? signerAddress(ext.signer, prefix) : null));
  // The payout a Rewarded event belongs to: the last PayoutStarted of the same phase.
  let payout: { phase: string; era: number; validator: Address; page: Codec | null } | null = null;

  block.records.forEach((record, index) => {
    const extrinsicIndex = record.phase.isApplyExtrinsic ? num(record.phase.asApplyExtrinsic) : null;
    const slot = extrinsicIndex === null ? null : perExtrinsic[extrinsicIndex];
    const phase = extrinsicIndex === null ? (record.phase.isFinalization ? 'final' : 'init') : `x${extrinsicIndex}`;
    const { event } = record;
    const name = `${event.section}.${event.method}`;
    if (slot) {
      const marker = outcomeMarker(name, event);
      if (marker) slot.markers.push(marker);
      if (name === 'system.ExtrinsicFailed') slot.failed = true;
    }
    const fields = eventFields(event);
    const base = (kind: ChainEventKind, account: Address): ChainEvent => ({
      key: `e${index}`,
      kind,
      account,
      extrinsicIndex,
      extrinsicHash: extrinsicIndex === null ? null : (block.extrinsics[extrinsicIndex]?.hash.toHex() ?? null),
      signer: extrinsicIndex === null ? null : (signers[extrinsicIndex] ?? null),
      amount: null,
      era: null,
      validator: null,
      detail: {},
    });
    const account = (...aliases: string[]) => {
      const value = pick(fields, ...aliases);
      return value === null ? null : address(value, prefix);
    };

    let found: ChainEvent | null = null;
    if (name === 'staking.PayoutStarted') {
      const era = pick(fields, 'eraIndex', 'era');
      const validator = account('validatorStash', 'validator');
      payout = era && validator ? { phase, era: num(era), validator, page: pick(fields, 'page') } : null;
    } else if (name === 'staking.Rewarded') {
      const stash = account('stash');
      const amount = pick(fields, 'amount');
      if (stash && amount && accounts.has(stash)) {
        const current = payout?.phase === phase ? payout : null;
        found = {
          ...base('rewarded', stash),
          amount: planck(amount),
          era: current?.era ?? null,
          validator: current?.validator ?? null,
          detail: {
            ...destination(pick(fields, 'dest'), prefix, 'dest'),
            ...(current?.page ? { page: current.page.toString() } : {}),
          },
        };
      }
    } else if (AMOUNT_EVENTS[name]) {
      const stash = account('stash');
      const amount = pick(fields, 'amount');
      if (stash && amount && accounts.has(stash))
        found = { ...base(AMOUNT_EVENTS[name], stash), amount: planck(amount) };
    } else if (name === 'staking.Chilled') {
      const stash = account('stash');
      if (stash && accounts.has(stash)) found = base('chilled', stash);
    } else if (name === 'staking.PayeeSet') {
      const stash = account('stash');
      if (stash && accounts.has(stash)) {
        found = { ...base('payee_set', stash), detail: destination(pick(fields, 'payee', 'dest'), prefix, 'payee') };
      }
    } else if (name === 'proxy.ProxyAdded' || name === 'proxy.ProxyRemoved') {
      const delegator = account('delegator');
      const delegate = account('delegatee', 'delegate');
      if (delegator && delegate && accounts.has(delegator)) {
        const proxyType = pick(fields, 'proxyType');
        const delay = pick(fields, 'delay');
        found = {
          ...base(name === 'proxy.ProxyAdded' ? 'proxy_added' : 'proxy_removed', delegator),
          detail: {
            delegate,
            proxyType: proxyType ? enumName(proxyType) : '',
            ...(delay ? { delay: delay.toString() } : {}),
          },
        };
      }
    }
    if (!found) return;
    if (slot) slot.events.push(found);
    else (phase === 'final' ? finalization : initialization).push(found);
  });

  block.extrinsics.forEach((ext, i) => {
    const signer = signers[i];
    if (!signer || signer === block.operator) return;
    const slot = perExtrinsic[i]!;
    slot.events.push(...callChanges(ext, i, signer, slot, block));
  });
  return [...initialization, ...perExtrinsic.flatMap((s) => s.events), ...finalization];
}

/**
 * Calls that change a stash without an event of their own, decoded from the call tree (nested
 * ones included) when they ran, for `accounts`: staking.nominate / chill, and proxy.removeProxies
 * (the wallets' "remove all proxies": the proxy pallet emits no ProxyRemoved for it, on Asset
 * Hub 2000002 as on the relay runtime).
 */
const CALL_KINDS: Record<string, ChainEventKind> = {
  'staking.nominate': 'nominations_changed',
  'staking.chill': 'nominations_changed',
  'proxy.removeProxies': 'proxies_removed',
};

function callChanges(
  ext: ExtrinsicLike,
  index: number,
  signer: Address,
  slot: { markers: OutcomeMarker[]; failed: boolean },
  block: BlockContent,
): ChainEvent[] {
  const tree = callTree(ext.method, signer, block.prefix);
  const leaves = callLeaves(tree);
  const isChange = (c: Call) => CALL_KINDS[`${c.section}.${c.method}`] !== undefined;
  if (!leaves.some((l) => isChange(l.call))) return [];
  // Markers that do not fit the tree (calls nested where the walker does not look): trust the extrinsic's result.
  const ran = leafOutcomes(tree, !slot.failed, slot.markers) ?? leaves.map(() => !slot.failed);
  const out: ChainEvent[] = [];
  let n = 0;
  leaves.forEach((leaf, i) => {
    if (!isChange(leaf.call)) return;
    const key = `x${index}.${n++}`;
    if (!ran[i] || leaf.origin === null || !block.accounts.has(leaf.origin)) return;
    const targets =
      leaf.call.method === 'nominate'
        ? (leaf.call.args[0] as unknown as Codec[]).map((t) => multiAddress(t, block.prefix) ?? t.toString())
        : [];
    out.push({
      key,
      kind: CALL_KINDS[`${leaf.call.section}.${leaf.call.method}`]!,
      account: leaf.origin,
      extrinsicIndex: index,
      extrinsicHash: ext.hash.toHex(),
      signer,
      amount: null,
      era: null,
      validator: null,
      detail: { call: leaf.call.method, ...(leaf.call.section === 'staking' ? { targets: targets.join(',') } : {}) },
    });
  });
  return out;
}

function outcomeMarker(name: string, event: EventLike): OutcomeMarker | null {
  switch (name) {
    case 'utility.ItemCompleted':
      return { kind: 'itemCompleted' };
    case 'utility.ItemFailed':
      return { kind: 'itemFailed' };
    case 'utility.BatchInterrupted':
      return { kind: 'batchInterrupted', index: num(pick(eventFields(event), 'index') ?? event.data[0]) };
    case 'utility.BatchCompleted':
      return { kind: 'batchCompleted' };
    case 'utility.BatchCompletedWithErrors':
      return { kind: 'batchCompletedWithErrors' };
    default:
      if (!RESULT_EVENTS.has(name)) return null;
      return { kind: 'result', event: name as ResultEvent, ok: (event.data[0] as unknown as { isOk: boolean }).isOk };
  }
}

interface EnumLike {
  type?: string;
  value?: Codec;
}

/** The extrinsic signer: a MultiAddress on current runtimes, a plain AccountId on some older ones. */
function signerAddress(signer: Codec, prefix: number): Address | null {
  return typeof (signer as EnumLike).type === 'string'
    ? multiAddress(signer, prefix)
    : encodeAddress(signer.toU8a(), prefix);
}

function enumName(value: Codec): string {
  const type = (value as EnumLike).type;
  return typeof type === 'string' ? type : value.toString();
}

/** A RewardDestination as readable fields: `{dest: 'Staked'}` or `{dest: 'Account', destAccount: <address>}`. */
function destination(value: Codec | null, prefix: number, name: string): Record<string, string> {
  if (value === null) return {};
  const type = enumName(value);
  const inner = (value as EnumLike).value;
  return type === 'Account' && inner ? { [name]: type, [`${name}Account`]: address(inner, prefix) } : { [name]: type };
}
