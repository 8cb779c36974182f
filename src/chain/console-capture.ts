import { format } from 'node:util';

/** The pino levels console output is sent at. */
export interface ConsoleSink {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

type ConsoleMethod = 'log' | 'info' | 'warn' | 'error' | 'debug';
const METHODS: ConsoleMethod[] = ['log', 'info', 'warn', 'error', 'debug'];

// @polkadot/util's logger writes `console.<m>(<date>, '<ORIGIN>:' padded, ...values)`.
const POLKADOT_ORIGIN = /^\s*([A-Z0-9][A-Z0-9/_-]*):$/;

/**
 * Sends what the process prints through `console` (in practice: the chain library, whose
 * `API-WS: disconnected from <endpoint URL>` lines carry the endpoint and so a provider's key)
 * to the logger, whose lines are redacted. Returns a function that puts the console back.
 *
 * The chain library's errors are about connections, which the service handles itself (it
 * reconnects, rotates, reports readiness): they are logged as warnings.
 */
export function routeConsoleToLogger(sink: ConsoleSink): () => void {
  const original = Object.fromEntries(METHODS.map((m) => [m, console[m]])) as Record<ConsoleMethod, unknown>;
  const level = { log: 'info', info: 'info', warn: 'warn', error: 'error', debug: 'debug' } as const;
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      const origin = polkadotOrigin(args);
      if (origin !== null) {
        sink[method === 'error' ? 'warn' : level[method]]({ origin }, format(...args.slice(2)));
      } else {
        sink[level[method]]({ origin: 'console' }, format(...args));
      }
    };
  }
  return () => {
    for (const method of METHODS) console[method] = original[method] as (typeof console)[ConsoleMethod];
  };
}

function polkadotOrigin(args: unknown[]): string | null {
  const [date, origin] = args;
  if (typeof date !== 'string' || typeof origin !== 'string') return null;
  return POLKADOT_ORIGIN.exec(origin)?.[1] ?? null;
}
