import { inspect } from 'node:util';

/**
 * RPC providers put API keys in endpoint URLs (user info, a path segment, the query), and the
 * chain library repeats the URL in its errors and console output. One rule wherever text leaves
 * the process (log lines, job failure reasons, HTTP error bodies): an absolute ws(s) or http(s)
 * URL keeps its scheme, host and port only, and `/…` marks that something was cut. On top, the
 * parts of the configured secret-bearing URLs (`secretUrls`: CHAIN_ENDPOINTS, CANDIDATES_URL)
 * are scrubbed wherever they show up alone.
 */
const URL_IN_TEXT = /\b(?:wss?|https?):\/\/[^\s"'`<>\\]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
/**
 * Parts of a secret URL scrubbed on their own: a password, and whatever looks like a key (6+
 * characters with letters and digits, or 20+ characters). Words such as `rpc`, `ws` or
 * `candidates` are left alone, or every line mentioning them would be mangled; in a URL they are
 * cut anyway.
 */
const MIN_FRAGMENT_LENGTH = 6;
const looksLikeKey = (value: string): boolean =>
  value.length >= 20 || (value.length >= MIN_FRAGMENT_LENGTH && /\d/.test(value) && /[a-z]/i.test(value));
export const REDACTED = '[redacted]';

/** `scheme://host:port`, plus `/…` when anything else was there. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const cut =
      parsed.username !== '' ||
      parsed.password !== '' ||
      parsed.pathname.length > 1 ||
      parsed.search !== '' ||
      parsed.hash !== '';
    return `${parsed.protocol}//${parsed.host}${cut ? '/…' : ''}`;
  } catch {
    return '<invalid URL>';
  }
}

export function redactSecrets(text: string, secretUrls: readonly string[] = []): string {
  let out = text.replace(URL_IN_TEXT, (match) => {
    const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    const url = match.slice(0, match.length - trailing.length);
    const shown = redactUrl(url);
    return `${shown === '<invalid URL>' ? '<redacted URL>' : shown}${trailing}`;
  });
  for (const fragment of secretFragments(secretUrls)) out = out.split(fragment).join(REDACTED);
  return out;
}

const fragmentCache = new Map<string, string[]>();

/** Passwords and key-like parts (user name, path segments, query values, fragment) of each URL, raw and decoded, longest first. */
export function secretFragments(secretUrls: readonly string[]): string[] {
  const key = secretUrls.join('\n');
  const cached = fragmentCache.get(key);
  if (cached) return cached;
  const fragments = new Set<string>();
  const add = (value: string, secret = false) => {
    for (const v of [value, safeDecode(value)])
      if (secret ? v.length >= MIN_FRAGMENT_LENGTH : looksLikeKey(v)) fragments.add(v);
  };
  for (const raw of secretUrls) {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      continue;
    }
    add(url.username);
    add(url.password, true);
    for (const segment of url.pathname.split('/')) add(segment);
    for (const value of url.searchParams.values()) add(value);
    add(url.hash.slice(1));
  }
  const list = [...fragments].sort((a, b) => b.length - a.length);
  if (fragmentCache.size > 16) fragmentCache.clear();
  fragmentCache.set(key, list);
  return list;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The message of anything thrown. The chain library rejects with event objects (a WebSocket
 * `ErrorEvent`), which `String()` turns into `[object Object]`: their `message` is used instead.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const { message, error: inner, type } = error as { message?: unknown; error?: unknown; type?: unknown };
    if (typeof message === 'string' && message !== '') return message;
    if (inner instanceof Error) return inner.message;
    if (typeof type === 'string') return `${type} event`;
    return inspect(error, { depth: 1, breakLength: Infinity });
  }
  return String(error);
}

/**
 * An Error for pino's `err` serializer (message, type, stack), whatever was thrown: the real
 * error inside an event object (a WebSocket `ErrorEvent` carries one), else a new one.
 */
export function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  const inner = (error as { error?: unknown } | null)?.error;
  if (inner instanceof Error) return inner;
  return new Error(errorMessage(error));
}

/**
 * The error, redacted in place (message, stack, and its causes), so that its class survives
 * (BullMQ's `UnrecoverableError`, a `DomainError`'s kind and code): for errors that leave the
 * process as they are, such as a job's failure reason.
 */
export function redactError(error: unknown, secretUrls: readonly string[] = []): Error {
  const err = toError(error);
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    try {
      e.message = redactSecrets(e.message, secretUrls);
      if (e.stack) e.stack = redactSecrets(e.stack, secretUrls);
    } catch {
      // A frozen error keeps its text; the log line is still redacted as a whole.
    }
  }
  return err;
}

/**
 * Wraps every async function of `fns` so that what it throws is redacted before its caller (a
 * BullMQ worker storing `failedReason`) sees it.
 */
export function withRedactedErrors<T extends { [K in keyof T]: (...args: never[]) => Promise<unknown> }>(
  fns: T,
  secretUrls: readonly string[],
): T {
  return Object.fromEntries(
    Object.entries<(...args: never[]) => Promise<unknown>>(fns).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (error) {
          throw redactError(error, secretUrls);
        }
      },
    ]),
  ) as T;
}

/** The configured URLs that may carry credentials: the chain endpoints and the candidate source. */
export function secretUrlsOf(config: { chainEndpoints: readonly string[]; candidatesUrl: string | null }): string[] {
  return [...config.chainEndpoints, ...(config.candidatesUrl ? [config.candidatesUrl] : [])];
}
