import { pino, type DestinationStream, type Logger } from 'pino';
import { redactSecrets } from './redaction.js';

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

export interface LoggerOptions {
  /** URLs that may carry credentials (CHAIN_ENDPOINTS, CANDIDATES_URL): their parts never reach a line. */
  secretUrls?: readonly string[];
  /** Where lines go (default: stdout); tests capture them. */
  destination?: DestinationStream;
}

/**
 * Besides the named paths, every line is redacted as a whole just before it is written
 * (`redactSecrets`): URLs keep scheme, host and port only, and the parts of `secretUrls` are
 * scrubbed, wherever they are (a message, an error's message or stack, a nested field).
 */
export function createLogger(level: string, name = 'ndest', options: LoggerOptions = {}): Logger {
  const secretUrls = [...(options.secretUrls ?? [])];
  return pino(
    {
      name,
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      hooks: { streamWrite: (line) => redactSecrets(line, secretUrls) },
    },
    options.destination,
  );
}

export type { Logger };
