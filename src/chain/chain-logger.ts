import { errorMessage, redactUrl, toError } from '../redaction.js';

/** The pino-compatible subset the chain adapter logs through. */
export interface ChainLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLogger: ChainLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

/** The endpoint without what may hold a provider's API key: scheme, host and port (see redactUrl). */
export function redactEndpoint(endpoint: string): string {
  const shown = redactUrl(endpoint);
  return shown === '<invalid URL>' ? '<invalid endpoint>' : shown;
}

export { errorMessage, toError };
