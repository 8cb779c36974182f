/**
 * The one text form of a JSON value that wallets sign (DESIGN §6): object keys sorted
 * recursively, no whitespace, arrays in their order. Keys sort by UTF-16 code units (JavaScript's
 * default sort) and numbers and strings print as `JSON.stringify` prints them, so the output is
 * the same as RFC 8785 (JCS) for every value a JSON parser can produce.
 *
 * Anything that is not a JSON value (undefined, functions, symbols, bigints, NaN/Infinity, Dates,
 * class instances, cycles) throws a `CanonicalJsonError` instead of being dropped or converted:
 * a signature over a silently altered value would prove nothing.
 */
export class CanonicalJsonError extends Error {
  constructor(
    /** JSON pointer of the offending value ('' for the root). */
    readonly path: string,
    reason: string,
  ) {
    super(`${path === '' ? 'the value' : path} ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  return write(value, '', new Set());
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, 'is not a finite number');
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      return writeContainer(value, path, ancestors);
    default:
      throw new CanonicalJsonError(path, `is not a JSON value (${typeof value})`);
  }
}

function writeContainer(value: object, path: string, ancestors: Set<object>): string {
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'refers to itself (cycle)');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: string[] = [];
      for (let index = 0; index < value.length; index++) {
        if (!(index in value)) throw new CanonicalJsonError(`${path}/${index}`, 'is a hole in an array');
        items.push(write(value[index], `${path}/${index}`, ancestors));
      }
      return `[${items.join(',')}]`;
    }
    if (!isPlainObject(value)) throw new CanonicalJsonError(path, 'is not a plain object');
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${write(record[key], `${path}/${escapePointer(key)}`, ancestors)}`);
    return `{${members.join(',')}}`;
  } finally {
    ancestors.delete(value);
  }
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && Object.getOwnPropertySymbols(value).length === 0;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
