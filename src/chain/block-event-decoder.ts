import type { Call } from '@polkadot/types/interfaces';
import type { Codec } from '@polkadot/types/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { ChainEvent, ChainEventKind } from '../domain/ports/chain-events.js';
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

const RESULT_EVENTS = new Set<string>([
  'proxy.ProxyExecuted',
  'sudo.Sudid',
  'sudo.SudoAsDone',
  'utility.DispatchedAs',
  'multisig.MultisigExecuted',
]);

export interface DecodedBlock {
  /**
   * The ChainEvents of the block that concern `accounts`, in chain order: events of the block
   * initialisation, then per extrinsic its events followed by the changes decoded from its calls,
   * then the events of the block finalisation.
   */
  events: ChainEvent[];
  /**
   * Tracked accounts an extrinsic of the block may have changed (proxies, bond, payee,
   * nominations), whether or not the call ran, in order of first appearance: the watcher re-reads
   * them, which costs nothing when nothing changed. `events` only claims what ran.
   */
  watch: Address[];
}

export function decodeBlock(block: BlockContent): DecodedBlock {
  const { prefix, accounts } = block;
  const watch = new Set<Address>();
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
    if (name === 'multisig.MultisigExecuted') {
      // Its call may have been walked already; this also covers calls nested where the walker does not look.
      const multisig = account('multisig');
      if (multisig && accounts.has(multisig)) watch.add(multisig);
    } else if (name === 'staking.PayoutStarted') {
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
    // The operator's own calls (its proxied nominations, payees) are the service's doing, not a user's.
    if (!signer || signer === block.operator) return;
    const slot = perExtrinsic[i]!;
    slot.events.push(...callChanges(ext, i, signer, slot, block, watch));
  });
  return { events: [...initialization, ...perExtrinsic.flatMap((s) => s.events), ...finalization], watch: [...watch] };
}

/**
 * Calls that can change a delegator's proxies, bond, payee or nominations, wherever they are
 * nested. `accounts`: whose ('origin', or the argument naming the accounts: kick changes the
 * kicked nominators' nominations, not the validator's). `kind`: what is recorded when the call
 * ran; null when an event of its own already reports it (Bonded, Unbonded, Withdrawn, Chilled,
 * ProxyAdded, ProxyRemoved) or when it changes nothing of the account (createPure: the new pure's
 * proxies). proxy.removeProxies (the wallets' "remove all proxies") and killPure emit no
 * ProxyRemoved, and staking emits nothing for nominate, setPayee, setController on Asset Hub.
 */
interface WatchedCall {
  accounts: 'origin' | string;
  kind: ChainEventKind | null;
}

const WATCHED_CALLS: Record<string, WatchedCall> = {
  'staking.bond': { accounts: 'origin', kind: null },
  'staking.bondExtra': { accounts: 'origin', kind: null },
  'staking.unbond': { accounts: 'origin', kind: null },
  'staking.withdrawUnbonded': { accounts: 'origin', kind: null },
  'staking.rebond': { accounts: 'origin', kind: null },
  'staking.setPayee': { accounts: 'origin', kind: 'account_changed' },
  'staking.setController': { accounts: 'origin', kind: 'account_changed' },
  'staking.nominate': { accounts: 'origin', kind: 'nominations_changed' },
  'staking.chill': { accounts: 'origin', kind: 'nominations_changed' },
  // A validator's intent replaces its nominations.
  'staking.validate': { accounts: 'origin', kind: 'nominations_changed' },
  'staking.kick': { accounts: 'who', kind: 'account_changed' },
  'staking.chillOther': { accounts: 'stash', kind: null },
  'staking.updatePayee': { accounts: 'controller', kind: 'account_changed' },
  'staking.reapStash': { accounts: 'stash', kind: 'account_changed' },
  'staking.forceUnstake': { accounts: 'stash', kind: 'account_changed' },
  'staking.restoreLedger': { accounts: 'stash', kind: 'account_changed' },
  'proxy.addProxy': { accounts: 'origin', kind: null },
  'proxy.removeProxy': { accounts: 'origin', kind: null },
  'proxy.removeProxies': { accounts: 'origin', kind: 'proxies_removed' },
  'proxy.createPure': { accounts: 'origin', kind: null },
  'proxy.killPure': { accounts: 'origin', kind: 'proxies_removed' },
};

function callChanges(
  ext: ExtrinsicLike,
  index: number,
  signer: Address,
  slot: { markers: OutcomeMarker[]; failed: boolean },
  block: BlockContent,
  watch: Set<Address>,
): ChainEvent[] {
  const tree = callTree(ext.method, signer, block.prefix);
  const leaves = callLeaves(tree);
  const watched = (c: Call): WatchedCall | undefined => WATCHED_CALLS[`${c.section}.${c.method}`];
  if (!leaves.some((l) => watched(l.call))) return [];
  // Markers that do not fit the tree (calls nested where the walker does not look): trust the extrinsic's result.
  const ran = leafOutcomes(tree, !slot.failed, slot.markers) ?? leaves.map(() => !slot.failed);
  const out: ChainEvent[] = [];
  let n = 0;
  leaves.forEach((leaf, i) => {
    const spec = watched(leaf.call);
    if (!spec) return;
    const { call } = leaf;
    const named = spec.accounts === 'origin' ? [leaf.origin] : accountsArg(call, spec.accounts, block.prefix);
    for (const account of named) {
      const tracked = account !== null && block.accounts.has(account);
      if (tracked) watch.add(account);
      if (spec.kind === null) continue;
      // Numbered whether or not recorded, so a key never depends on which accounts are tracked.
      const key = `x${index}.${n++}`;
      if (!ran[i] || !tracked) continue;
      out.push({
        key,
        kind: spec.kind,
        account,
        extrinsicIndex: index,
        extrinsicHash: ext.hash.toHex(),
        signer,
        amount: null,
        era: null,
        validator: null,
        detail: callDetail(call, spec.kind, block.prefix),
      });
    }
  });
  return out;
}

/** nominations_changed and proxies_removed keep their first form (`call`: the method); account_changed names `section.method`. */
function callDetail(call: Call, kind: ChainEventKind, prefix: number): Record<string, string> {
  if (kind === 'nominations_changed') {
    const targets =
      call.method === 'nominate'
        ? (call.args[0] as unknown as Codec[]).map((t) => multiAddress(t, prefix) ?? t.toString())
        : [];
    return { call: call.method, targets: targets.join(',') };
  }
  if (kind === 'proxies_removed') return { call: call.method };
  const name = `${call.section}.${call.method}`;
  return name === 'staking.setPayee'
    ? { call: name, ...destination(callArg(call, 'payee'), prefix, 'payee') }
    : { call: name };
}

/** The argument of `call` named `name` (snake_case or camelCase), or null. */
function callArg(call: Call, name: string): Codec | null {
  const wanted = name.replace(/_/g, '').toLowerCase();
  return call.argsEntries.find(([n]) => n.replace(/_/g, '').toLowerCase() === wanted)?.[1] ?? null;
}

/** The accounts an argument names: one AccountId or MultiAddress, or a list of them (null: an index). */
function accountsArg(call: Call, name: string, prefix: number): (Address | null)[] {
  const value = callArg(call, name);
  if (value === null) return [];
  const one = (v: Codec) => (typeof (v as EnumLike).type === 'string' ? multiAddress(v, prefix) : address(v, prefix));
  return Array.isArray(value) ? (value as Codec[]).map(one) : [one(value)];
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
    case 'utility.IfElseMainSuccess':
      return { kind: 'ifElseMain' };
    case 'utility.IfElseFallbackCalled':
      return { kind: 'ifElseFallback' };
    default: {
      if (!RESULT_EVENTS.has(name)) return null;
      // MultisigExecuted's result is its last field; the other wrappers' is their first.
      const result = name === 'multisig.MultisigExecuted' ? pick(eventFields(event), 'result') : event.data[0];
      return { kind: 'result', event: name as ResultEvent, ok: (result as unknown as { isOk: boolean }).isOk };
    }
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
