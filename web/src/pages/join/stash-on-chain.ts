import type { ApiPromise } from '@polkadot/api';
import type { Codec } from '@polkadot/types/types';
import type { ProxyOnChain } from './operator-proxy.js';

/** What the chain shows for an account, read in the browser from the chain endpoint NDeST names. */
export interface StashOnChain {
  /** Planck, exact. */
  free: bigint;
  /** The staking ledger; null when the account is not bonded. */
  ledger: { active: bigint; total: bigint } | null;
  proxies: ProxyOnChain[];
  /** The validators the account nominates now; null when it nominates nobody. */
  nominations: string[] | null;
  /** The smallest bond the chain accepts for a new nominator: max(minNominatorBond, existential deposit). */
  minimumBond: bigint;
  minNominatorBond: bigint;
  /** The block these figures were read at. */
  block: number;
}

type OptionCodec<T> = Codec & { isSome: boolean; unwrap(): T };
type Query = (...args: unknown[]) => Promise<Codec>;

const big = (value: unknown) => BigInt((value as Codec).toString());

function some<T>(value: Codec): T | null {
  const o = value as OptionCodec<T>;
  // Older runtimes store some of these bare, not as an Option.
  if (typeof o.isSome === 'boolean') return o.isSome ? o.unwrap() : null;
  return value as unknown as T;
}

/** Reads balance, bond, proxies and nominations of `address` at the chain's head. */
export async function readStashOnChain(api: ApiPromise, address: string): Promise<StashOnChain> {
  const header = await api.rpc.chain.getHeader();
  const at = await api.at(header.hash);
  const staking = at.query.staking as unknown as Record<string, Query>;
  const proxy = at.query.proxy as unknown as Record<string, Query> | undefined;
  const system = at.query.system as unknown as Record<string, Query>;
  const [account, bonded, nominators, proxies, minNominatorBond] = await Promise.all([
    system.account!(address),
    staking.bonded ? staking.bonded(address) : Promise.resolve(null),
    staking.nominators!(address),
    proxy?.proxies ? proxy.proxies(address) : Promise.resolve(null),
    staking.minNominatorBond!(),
  ]);
  // The ledger is keyed by the controller, which `bonded` names (the stash itself on current runtimes).
  const controller = bonded ? some<Codec>(bonded) : address;
  const ledger = controller
    ? some<{ active: Codec; total: Codec }>(await staking.ledger!(controller.toString()))
    : null;
  const nominations = some<{ targets: Codec[] }>(nominators);
  const definitions = proxies
    ? (proxies as unknown as [Array<{ delegate: Codec; proxyType: Codec & { type?: string }; delay: Codec }>])[0]
    : [];
  const ed = (api.consts.balances as unknown as { existentialDeposit?: Codec } | undefined)?.existentialDeposit;
  const existentialDeposit = ed ? big(ed) : 0n;
  const minBond = big(minNominatorBond);
  return {
    free: big((account as unknown as { data: { free: Codec } }).data.free),
    ledger: ledger ? { active: big(ledger.active), total: big(ledger.total) } : null,
    proxies: definitions.map((d) => ({
      delegate: d.delegate.toString(),
      proxyType: d.proxyType.type ?? d.proxyType.toString(),
      delay: Number(d.delay.toString()),
    })),
    nominations: nominations ? nominations.targets.map((t) => t.toString()) : null,
    minimumBond: minBond > existentialDeposit ? minBond : existentialDeposit,
    minNominatorBond: minBond,
    block: header.number.toNumber(),
  };
}
