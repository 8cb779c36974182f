import net from 'node:net';
import type { ApiPromise } from '@polkadot/api';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolkadotChainReader } from '../../../src/chain/chain-reader.js';
import { ChainConnection } from '../../../src/chain/connection.js';
import { KSM, startDevChain, type DevChain } from '../../support/dev-chain.js';

/*
 * Reads at the head through the subscription to new heads, shared per block: one Asset Hub chain
 * for the file. Block production is switched off where requests are counted, so that the head
 * stays put while they are.
 */

let chain: DevChain;
let conn: ChainConnection;
let reader: PolkadotChainReader;
let operator: KeyringPair;
let staker: KeyringPair;

/** The requests sent through the connection's current socket, by method. */
const sent = new Map<string, number>();
const wrapped = new WeakSet<object>();
function countRequests(api: ApiPromise): void {
  const provider = (api as unknown as { _rpcCore: { provider: { send: (...args: unknown[]) => Promise<unknown> } } })
    ._rpcCore.provider;
  if (wrapped.has(provider)) return;
  wrapped.add(provider);
  const send = provider.send.bind(provider);
  provider.send = (...args: unknown[]) => {
    const method = args[0] as string;
    const params = args[1] as unknown[];
    // chain_getHeader without a hash asks for the head; with one, it is api.at's header of a block.
    const name = method === 'chain_getHeader' && params.length === 0 ? 'chain_getHeader(head)' : method;
    sent.set(name, (sent.get(name) ?? 0) + 1);
    return send(...args);
  };
}
const requests = (method: string) => sent.get(method) ?? 0;

async function until<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the reader's subscription announced block `number` (or a later one). */
const announced = (number: number) =>
  until(`head ${number} announced`, () => (reader.heads().latest()?.number ?? -1) >= number && reader.heads().isLive());

beforeAll(async () => {
  chain = await startDevChain();
  operator = chain.keyring.addFromUri('//Head//Op');
  staker = chain.keyring.addFromUri('//Head//Staker');
  await chain.fund([staker.address], 1_000);
  conn = await ChainConnection.connect({ endpoints: [chain.endpoint], connectTimeoutMs: 60_000, healthIntervalMs: 0 });
  countRequests(conn.api());
  reader = new PolkadotChainReader(conn, { reads: 'shared-per-block' });
});

afterAll(async () => {
  reader?.heads().close();
  await conn?.close();
  await chain?.close();
});

describe("fresh reads (the workers' reader)", () => {
  it("read at the node's head at once, without waiting for its announcement", async () => {
    const fresh = new PolkadotChainReader(conn);
    const head = await chain.api.rpc.chain.getHeader();
    await chain.newBlock();
    // No waiting for an announcement: the node is asked for its head.
    const { at } = await fresh.activeEra();
    expect(at.number).toBeGreaterThanOrEqual(head.number.toNumber() + 1);
    // And again after the next block, with no announcement awaited either.
    await chain.newBlock();
    expect((await fresh.stashViews([operator.address])).at.number).toBeGreaterThanOrEqual(at.number + 1);
  });
});

describe('reads at the head, shared per block', () => {
  it('sees a new head announced after a block, and reads at it without asking for the head', async () => {
    const first = await reader.heads().head();
    await chain.newBlock();
    const next = await announced(first.number + 1);
    expect(next).toBe(true);
    const before = requests('chain_getHeader(head)');
    const known = reader.heads().latest()!;
    const { at } = await reader.activeEra();
    expect(at.number).toBeGreaterThanOrEqual(first.number + 1);
    // The head known when asked, or one announced since (idle blocks keep coming): never an older one.
    expect(at.number).toBeGreaterThanOrEqual(known.number);
    expect(requests('chain_getHeader(head)')).toBe(before);
  });

  it('the first read after the block that bonds and adds a proxy shows them', async () => {
    const { views: before } = await reader.stashViews([staker.address]);
    expect(before.get(staker.address)).toMatchObject({ ledger: null, proxies: [] });
    const outcome = await chain.submit(
      chain.api.tx.utility.batchAll([
        chain.api.tx.staking.bond(100n * KSM, 'Staked'),
        chain.api.tx.proxy.addProxy(operator.address, 'Staking', 0),
      ]),
      staker,
    );
    expect(outcome.error).toBeNull();
    await announced(outcome.blockNumber);
    const { at, views } = await reader.stashViews([staker.address]);
    expect(at.number).toBeGreaterThanOrEqual(outcome.blockNumber);
    expect(views.get(staker.address)).toMatchObject({
      ledger: { total: 100n * KSM, active: 100n * KSM },
      proxies: [{ delegate: operator.address, proxyType: 'Staking', delay: 0 }],
    });
  });

  it('coalesces concurrent reads at one block, and asks the runtime for the quota at most once', async () => {
    chain.setAutoBuild(false);
    try {
      await chain.newBlock();
      const head = await chain.head();
      await announced(head);
      sent.clear();
      const strangers = Array.from({ length: 300 }, (_, i) => chain.keyring.addFromUri(`//Head//Stranger${i}`).address);
      const reads = await Promise.all([
        ...strangers.map((s) => reader.stashViews([s])),
        ...Array.from({ length: 300 }, () => reader.stashViews([staker.address])),
        ...Array.from({ length: 300 }, () => reader.stakingLimits()),
        ...Array.from({ length: 300 }, () => reader.activeEra()),
      ]);
      const blocks = new Set(reads.map((r) => ('at' in r ? r.at.number : head)));
      expect([...blocks]).toEqual([head]);
      const counted = Object.fromEntries(sent);
      // 301 stashes × 2 items (bonded, proxies), 128 stashes a request: 3 requests; the one bonded
      // stash's ledger and nominations: 1; limits: 1; era: 1 (one more if the batches split).
      expect(requests('state_queryStorageAt')).toBeLessThanOrEqual(7);
      expect(requests('state_getStorage')).toBeLessThanOrEqual(1);
      expect(requests('chain_getHeader(head)')).toBe(0);
      // The runtime's quota: asked once for all 300 limits (and never again, below).
      expect(requests('state_call')).toBeLessThanOrEqual(1);
      expect(Object.values(counted).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(14);

      // The same reads again at the same block: nothing sent at all.
      sent.clear();
      await Promise.all([
        ...strangers.map((s) => reader.stashViews([s])),
        reader.stashViews([staker.address]),
        reader.stakingLimits(),
        reader.activeEra(),
      ]);
      expect(Object.fromEntries(sent)).toEqual({});

      // A new block: read once more, still without the runtime call.
      await chain.newBlock();
      await announced(head + 1);
      sent.clear();
      await Promise.all(Array.from({ length: 200 }, () => reader.stakingLimits()));
      expect(requests('state_call')).toBe(0);
      expect(requests('state_queryStorageAt')).toBe(1);
    } finally {
      chain.setAutoBuild(true);
    }
  });

  it('follows the connection through a dropped socket and an endpoint switch', async () => {
    const proxy = await startDroppableProxy(chain.endpoint);
    const viaProxy = await ChainConnection.connect({
      endpoints: [proxy.endpoint, chain.endpoint],
      connectTimeoutMs: 60_000,
      healthIntervalMs: 0,
    });
    const proxied = new PolkadotChainReader(viaProxy, { reads: 'shared-per-block' });
    try {
      const start = await proxied.heads().head();
      await until('live heads through the proxy', () => proxied.heads().isLive());

      proxy.drop();
      await until('the drop noticed', () => !proxied.heads().isLive());
      // No old head meanwhile: the head is asked of the node, which cannot answer.
      await expect(proxied.stashViews([staker.address])).rejects.toThrow();
      await chain.newBlock();
      proxy.restore();
      // The provider reconnects by itself (every 2.5 s): heads are announced again.
      await until('heads announced after the reconnection', async () => {
        await chain.newBlock();
        return proxied.heads().isLive() && proxied.heads().latest()!.number >= start.number + 2;
      });
      const known = proxied.heads().latest()!;
      const { at } = await proxied.stashViews([staker.address]);
      expect(at.number).toBeGreaterThanOrEqual(known.number);

      await viaProxy.rotate();
      expect(viaProxy.endpoint()).toBe(chain.endpoint);
      const beforeSwitch = proxied.heads().latest()!.number;
      await proxied.heads().head();
      await until('heads announced on the new endpoint', async () => {
        await chain.newBlock();
        return proxied.heads().isLive() && proxied.heads().latest()!.number > beforeSwitch;
      });
      const { views } = await proxied.stashViews([staker.address]);
      expect(views.get(staker.address)?.ledger).toEqual({ total: 100n * KSM, active: 100n * KSM });
    } finally {
      proxied.heads().close();
      await viaProxy.close();
      await proxy.close();
    }
  });
});

/** A TCP forwarder whose connections can be dropped (the node goes away) and that later accepts again. */
async function startDroppableProxy(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listening = (server.address() as net.AddressInfo).port;
  return {
    endpoint: `ws://127.0.0.1:${listening}`,
    drop: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
    restore: () => void server.listen(listening, '127.0.0.1'),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
