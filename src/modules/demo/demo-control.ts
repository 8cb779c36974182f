import { conflict, unavailable } from '../../domain/errors.js';

/** A demo account: a public test key of the demo's local chain (never real funds: that is the point). */
export interface DemoAccount {
  name: string;
  uri: string;
  address: string;
}

export interface DemoState {
  accounts: DemoAccount[];
  activeEra: number;
}

/** What the API asks of the demo (`npm run demo`'s control server, which drives the local chain). */
export interface DemoControl {
  state(): Promise<DemoState>;
  /** Moves the chain to its next era; resolves with the new active era's index. */
  advanceEra(): Promise<number>;
}

/** Longer than an era change on the local chain takes (a few seconds), shorter than the API's request timeout. */
const ERA_TIMEOUT_MS = 25_000;
const READ_TIMEOUT_MS = 5_000;

/**
 * The control server at DEMO_CONTROL_URL (127.0.0.1), over HTTP. Its refusals become domain
 * errors: an era change already under way (409 DEMO_ERA_IN_PROGRESS), a control server or chain
 * that does not answer or failed (503 DEMO_CONTROL_UNAVAILABLE).
 */
export function httpDemoControl(baseUrl: string): DemoControl {
  const call = async <T>(method: 'GET' | 'POST', path: string, timeoutMs: number): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(new URL(path, baseUrl), { method, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw unavailable(
        'DEMO_CONTROL_UNAVAILABLE',
        `the demo's control server did not answer (${(error as Error).message}): is \`npm run demo\` still running?`,
      );
    }
    const body = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
    if (res.ok && body !== null) return body;
    const message = body?.error?.message ?? `HTTP ${res.status}`;
    if (res.status === 409) throw conflict('DEMO_ERA_IN_PROGRESS', message);
    throw unavailable('DEMO_CONTROL_UNAVAILABLE', `the demo's chain could not do that: ${message}`);
  };
  return {
    state: () => call<DemoState>('GET', '/demo', READ_TIMEOUT_MS),
    advanceEra: async () => (await call<{ era: number }>('POST', '/eras', ERA_TIMEOUT_MS)).era,
  };
}
