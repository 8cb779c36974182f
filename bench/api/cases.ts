import { count } from '../report-format.js';
import type { ChainWorld } from './chain-world.js';
import { runLoad, startLoad, type LoadFigures } from './load.js';
import type { OptInPool } from './opt-in-pool.js';
import { getJson, poll, type RunningService } from './service.js';

/** A measured case and the goal for it. */
export interface CaseRow {
  name: string;
  figures: LoadFigures;
  /** Minimum share of the bare route's rate (null: the bare route itself, or no rate goal). */
  minRatio: number | null;
  /** What perSecond counts, for the table ("req/s", "accepted/s"). */
  unit: string;
  /** The bare route's run just before this case: its ratio divides by this one (absent on the bare row). */
  bare?: LoadFigures;
}

export interface Settings {
  connections: number;
  seconds: number;
}

/** p99 at 64 connections, on every case and during a round (issue 11). */
export const P99_GOAL_MS = 50;

const rotating = (paths: string[]) => {
  let next = 0;
  return [
    {
      method: 'GET',
      setupRequest: (request: { path?: string }) => {
        request.path = paths[next++ % paths.length]!;
        return request;
      },
    },
  ];
};

/** A fixed shuffle (xorshift), so that consecutive requests ask for unrelated stashes. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  let x = 0x9e3779b9;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export interface ReadCaseInput {
  bareUrl: string;
  base: string;
  knownStash: string;
  stashes: string[];
  unknownStash: string;
}

/**
 * The bare route, run just before a case: how fast this machine answers the cheapest route at
 * that moment. The same machine's bare rate moves by a quarter from one minute to the next
 * (46,000 to 68,000 req/s in one day's runs), so each case is divided by the run beside it rather
 * than by one run at the start.
 */
export function bareRun(bareUrl: string, settings: Settings, progress: (line: string) => void): Promise<LoadFigures> {
  progress(`bare Fastify GET /bare: ${settings.connections} connections, ${settings.seconds} s`);
  return runLoad({ url: bareUrl, connections: settings.connections, seconds: settings.seconds, expectedStatus: 200 });
}

/**
 * The row the table shows for the bare route: the median of its runs (one before each case), with
 * the slowest and fastest in its name.
 */
export function bareRow(runs: LoadFigures[]): CaseRow | null {
  if (runs.length === 0) return null;
  const sorted = [...runs].sort((a, b) => a.perSecond - b.perSecond);
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const n0 = (v: number) => count(Math.round(v));
  const name =
    runs.length === 1
      ? 'bare Fastify GET /bare'
      : `bare Fastify GET /bare (median of ${runs.length} runs: ${n0(sorted[0]!.perSecond)} to ${n0(sorted[sorted.length - 1]!.perSecond)})`;
  return { name, figures: median, minRatio: null, unit: 'req/s' };
}

/** The reads, one after the other, each just after a run of the bare route (see bareRun). */
export async function readCases(
  input: ReadCaseInput,
  settings: Settings,
  progress: (line: string) => void,
  selected: (name: string) => boolean = () => true,
): Promise<CaseRow[]> {
  const { connections, seconds } = settings;
  const cases: { name: string; url: string; minRatio: number | null; expected?: number; paths?: string[] }[] = [
    {
      name: 'GET /v1/delegations/{one known stash}',
      url: `${input.base}/v1/delegations/${input.knownStash}`,
      minRatio: 0.3,
    },
    {
      name: `GET /v1/delegations/{${input.stashes.length.toLocaleString('en-US')} known stashes, mixed}`,
      url: input.base,
      minRatio: 0.3,
      paths: shuffled(input.stashes).map((s) => `/v1/delegations/${s}`),
    },
    { name: 'GET /v1/candidates', url: `${input.base}/v1/candidates`, minRatio: 0.5 },
    { name: 'GET /v1/rounds', url: `${input.base}/v1/rounds`, minRatio: 0.5 },
    {
      name: 'GET /v1/delegations/{unknown address} (404)',
      url: `${input.base}/v1/delegations/${input.unknownStash}`,
      minRatio: 0.5,
      expected: 404,
    },
    { name: 'GET /metrics', url: `${input.base}/metrics`, minRatio: 0.2 },
  ];
  const rows: CaseRow[] = [];
  for (const c of cases.filter((c) => selected(c.name))) {
    const bare = await bareRun(input.bareUrl, settings, progress);
    progress(`${c.name}: ${connections} connections, ${seconds} s`);
    const figures = await runLoad({
      url: c.url,
      connections,
      seconds,
      expectedStatus: c.expected ?? 200,
      requests: c.paths ? rotating(c.paths) : undefined,
    });
    rows.push({ name: c.name, figures, minRatio: c.minRatio, unit: 'req/s', bare });
  }
  return rows;
}

/** Opt-ins, every one a fresh account's: accepted (201) per second, every other answer an error. */
export async function optInCase(
  base: string,
  bareUrl: string,
  pool: OptInPool,
  settings: Settings,
  progress: (line: string) => void,
): Promise<CaseRow> {
  // The bare run goes first: the opt-ins must still be valid after it and the case.
  if (Date.now() > pool.expiresAt.getTime() - (2 * settings.seconds + 5) * 1000)
    throw new Error('the pre-signed opt-ins expire before the case could end: the set-up took too long');
  const bare = await bareRun(bareUrl, settings, progress);
  progress(`POST /v1/delegations: ${pool.bodies.length.toLocaleString('en-US')} pre-signed opt-ins at most`);
  let next = 0;
  const figures = await runLoad({
    url: `${base}/v1/delegations`,
    connections: settings.connections,
    seconds: settings.seconds,
    expectedStatus: 201,
    amount: pool.bodies.length,
    rate: 'expected',
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: { body?: string }) => {
          request.body = pool.bodies[next++ % pool.bodies.length]!;
          return request;
        },
      },
    ],
  });
  return { name: 'POST /v1/delegations (opt-in, sr25519)', figures, minRatio: 0.1, unit: 'accepted/s', bare };
}

export interface RoundFigures {
  delegators: number;
  roundId: string;
  status: string;
  /** From the POST to the round's end as the API reports it (polled every 250 ms). */
  wallMs: number;
  /** The service's own record: created → planned. */
  plannedMs: number | null;
  /** Blocks the bench built for its seed. */
  blocksBuilt: number;
  load: LoadFigures;
}

/**
 * An admin dry-run round over every active delegation while GET status and candidates are under
 * load (alternating, on the same connections): the load starts first, the round is asked for,
 * blocks are built for its seed as soon as it has committed to one (Chopsticks builds on
 * dev_newBlock), and the load stops when the round has ended.
 */
export async function roundUnderLoad(
  service: RunningService,
  chain: ChainWorld,
  input: { knownStash: string; delegators: number; timeoutS: number },
  settings: Settings,
  progress: (line: string) => void,
): Promise<RoundFigures> {
  const load = startLoad({
    url: service.base,
    connections: settings.connections,
    seconds: input.timeoutS,
    expectedStatus: 200,
    requests: rotating([`/v1/delegations/${input.knownStash}`, '/v1/candidates']),
  });
  try {
    await new Promise((r) => setTimeout(r, 1_000));
    const started = Date.now();
    const res = await fetch(`${service.base}/v1/admin/rounds`, {
      method: 'POST',
      headers: { ...service.adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ dryRun: true }),
    });
    const body = (await res.json()) as { round?: { id: string } };
    if (res.status !== 202 || !body.round)
      throw new Error(`POST /v1/admin/rounds: ${res.status} ${JSON.stringify(body)}`);
    const id = body.round.id;
    progress(`round ${id} (dry run) started under load; building blocks for its seed`);
    let blocksBuilt = 0;
    const round = await poll(
      `round ${id} to end`,
      service.process,
      async () => {
        const r = (await getJson(`${service.base}/v1/rounds/${id}?limit=1`))?.body as
          | { round: { status: string; seedBlockNumber: number | null; createdAt: string; plannedAt: string | null } }
          | undefined;
        if (!r) return undefined;
        const { status, seedBlockNumber } = r.round;
        if (status !== 'planning') return r.round;
        if (seedBlockNumber !== null && (await chain.head()) < seedBlockNumber) {
          await chain.newBlock();
          blocksBuilt++;
        }
        return undefined;
      },
      input.timeoutS * 1000,
    );
    const wallMs = Date.now() - started;
    load.stop();
    return {
      delegators: input.delegators,
      roundId: id,
      status: round.status,
      wallMs,
      plannedMs: round.plannedAt ? Date.parse(round.plannedAt) - Date.parse(round.createdAt) : null,
      blocksBuilt,
      load: await load.done,
    };
  } catch (error) {
    load.stop();
    await load.done.catch(() => undefined);
    throw error;
  }
}
