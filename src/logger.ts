import { pino, type Logger } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACTED_PATHS = [
  'operatorSeed',
  '*.operatorSeed',
  'adminToken',
  '*.adminToken',
  'config.operatorSeed',
  'config.adminToken',
  'req.headers.authorization',
  'headers.authorization',
  'signature',
  '*.signature',
];

export function createLogger(level: string, name = 'ndest'): Logger {
  return pino({ name, level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

export type { Logger };
