import { validationError } from '../errors.js';
import type { AddressCodec } from '../ports/wallet.js';
import type { CandidateEntry, ParsedCandidates, RejectedEntry } from './types.js';

/** One item of a source before address checks: where it sat, and what it said. */
interface RawItem {
  /** `#<index>` for array items, `line <n>` for text lines: names the item in rejection details. */
  position: string;
  stash: unknown;
  name: string | null;
  programmeValid: boolean | null;
  programmeDetails: string[];
}

/**
 * Reads every shape a candidate source comes in: the 1KV `/candidates` array (2022 and 2024
 * field sets), a JSON array of stashes or of objects with `stash`, either of these under a
 * `candidates` key (the programme's roster), or plain text with one stash per line.
 * The file's own `active` flag and commission are ignored: the chain decides those.
 */
export function parseCandidates(body: string, codec: AddressCodec): ParsedCandidates {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') throw unreadable('the candidate source is empty');
  const items = text.startsWith('[') || text.startsWith('{') ? itemsOfJson(text) : itemsOfText(text);
  return checkAddresses(items, codec);
}

function itemsOfJson(text: string): RawItem[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw unreadable(`the candidate source is not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(document) ? document : isRecord(document) ? document.candidates : undefined;
  if (!Array.isArray(list)) {
    throw unreadable('the candidate source is JSON but neither an array nor an object with a `candidates` array');
  }
  return list.map((item, index) => itemOfJson(item, `#${index}`));
}

function itemOfJson(item: unknown, position: string): RawItem {
  if (typeof item === 'string') return bareStash(item, position);
  if (!isRecord(item)) return bareStash(item ?? undefined, position);
  const validity = Array.isArray(item.validity) ? item.validity.filter(isRecord) : null;
  const failed = validity?.filter((check) => check.valid === false) ?? [];
  return {
    position,
    stash: item.stash,
    name: typeof item.name === 'string' && item.name.trim() !== '' ? item.name.trim() : null,
    // 1KV's `valid` is its verdict; some failed checks (e.g. unclaimed rewards) do not count against it.
    programmeValid: typeof item.valid === 'boolean' ? item.valid : validity ? failed.length === 0 : null,
    programmeDetails: failed.map(describeFailedCheck),
  };
}

function describeFailedCheck(check: Record<string, unknown>): string {
  if (typeof check.details === 'string' && check.details.trim() !== '') return check.details.trim();
  return typeof check.type === 'string' ? `${check.type} check failed` : 'a programme check failed';
}

function itemsOfText(text: string): RawItem[] {
  const items: RawItem[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const content = line.replace(/#.*$/, '').trim();
    if (content === '') continue;
    // A page of markup or prose (an HTML error page served with 200) is not a stash list.
    if (/\s/.test(content) || content.startsWith('<')) {
      throw unreadable(`the candidate source is neither JSON nor a list of one stash per line (line ${index + 1})`);
    }
    items.push(bareStash(content, `line ${index + 1}`));
  }
  return items;
}

function bareStash(stash: unknown, position: string): RawItem {
  return { position, stash, name: null, programmeValid: null, programmeDetails: [] };
}

function checkAddresses(items: RawItem[], codec: AddressCodec): ParsedCandidates {
  const entries: CandidateEntry[] = [];
  const rejected: RejectedEntry[] = [];
  const firstSeen = new Map<string, string>();
  for (const item of items) {
    const raw = typeof item.stash === 'string' ? item.stash.trim() : item.stash;
    if (raw === undefined || raw === null || raw === '') {
      rejected.push({ entry: item.position, reason: 'MISSING_STASH', detail: `${item.position} has no stash` });
      continue;
    }
    if (typeof raw !== 'string') {
      rejected.push({
        entry: item.position,
        reason: 'INVALID_ADDRESS',
        detail: `${item.position}: the stash is a ${Array.isArray(raw) ? 'array' : typeof raw}, not an address`,
      });
      continue;
    }
    const stash = codec.normalize(raw);
    if (stash === null) {
      rejected.push({
        entry: raw,
        reason: 'INVALID_ADDRESS',
        detail: `${item.position}: ${raw} is not a valid address of this network`,
      });
      continue;
    }
    const earlier = firstSeen.get(stash);
    if (earlier !== undefined) {
      rejected.push({
        entry: raw,
        reason: 'DUPLICATE',
        detail: `${item.position}: ${stash} is already listed at ${earlier}`,
      });
      continue;
    }
    firstSeen.set(stash, item.position);
    entries.push({
      stash,
      name: item.name,
      programmeValid: item.programmeValid,
      programmeDetails: item.programmeDetails,
    });
  }
  return { entries, rejected };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const unreadable = (message: string) => validationError('CANDIDATE_SOURCE_UNREADABLE', message);
