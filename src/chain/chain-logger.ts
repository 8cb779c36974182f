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

/**
 * Endpoint URLs of RPC providers often carry an API key in the path or query:
 * log only scheme, host and port.
 */
export function redactEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    const hidden = url.pathname.length > 1 || url.search !== '' || url.username !== '' ? '/…' : '';
    return `${url.protocol}//${url.host}${hidden}`;
  } catch {
    return '<invalid endpoint>';
  }
}

/** The message of an unknown thrown value, for logs and wrapped errors. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
