import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCandidates } from '../../../src/domain/candidates/parse-candidates.js';
import { DomainError } from '../../../src/domain/errors.js';
import type { AddressCodec } from '../../../src/domain/ports/wallet.js';
import { kusamaAddress, kusamaTestCodec, polkadotAddress } from './kusama-test-codec.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixture = (name: string) => readFileSync(path.resolve(repoRoot, '../shared/fixtures', name), 'utf8');

const A = kusamaAddress(1);
const B = kusamaAddress(2);
const C = kusamaAddress(3);
const parse = (body: string) => parseCandidates(body, kusamaTestCodec);

function expectUnreadable(body: string, messagePart: string) {
  let thrown: unknown;
  try {
    parse(body);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DomainError);
  expect(thrown).toMatchObject({ kind: 'validation', code: 'CANDIDATE_SOURCE_UNREADABLE' });
  expect((thrown as Error).message).toContain(messagePart);
}

describe('parseCandidates on real documents', () => {
  it('reads the 1KV /candidates response of 2022-07-01: 573 candidates, 455 valid by the programme', () => {
    const { entries, rejected } = parse(fixture('1kv-kusama-candidates-2022-07-01.json'));
    expect(rejected).toEqual([]);
    expect(entries).toHaveLength(573);
    expect(entries.filter((e) => e.programmeValid === true)).toHaveLength(455);
    expect(entries.filter((e) => e.programmeValid === false)).toHaveLength(118);
    expect(entries[0]).toEqual({
      stash: 'FUbMLUvMq3tnJK7jX8TaZmRCX9yRqEFNLsKK3K1UtfZw16v',
      name: 'thirdwave-network-validator-bis',
      programmeValid: true,
      programmeDetails: [],
    });
    const berkeley = entries.find((e) => e.name === 'dotberkeley');
    expect(berkeley?.programmeValid).toBe(false);
    expect(berkeley?.programmeDetails).toContain('dotberkeley does not have a validate intention.');
    // Every invalid entry says why.
    expect(entries.filter((e) => e.programmeValid === false && e.programmeDetails.length === 0)).toEqual([]);
  });

  it('reads the alert bot copy of 2022-07-21 (extra fields) and keeps the programme verdict over its checks', () => {
    const { entries, rejected } = parse(fixture('1kv-kusama-candidates-2022-07-21.json'));
    expect(rejected).toEqual([]);
    expect(entries).toHaveLength(576);
    expect(entries.filter((e) => e.programmeValid === true)).toHaveLength(452);
    const yarik = entries.find((e) => e.name === 'YARIK2');
    // Valid for 1KV although its unclaimed-rewards check failed: the failed check is still reported.
    expect(yarik?.programmeValid).toBe(true);
    expect(yarik?.programmeDetails).toEqual(['YARIK2 has unclaimed eras: 3794,3795,3796 prior to era: 3826']);
  });

  it('reads the programme roster { candidates: [...] }: names, no verdict', () => {
    const { entries, rejected } = parse(fixture('1kv-kusama-roster-2024-11-13.json'));
    expect(rejected).toEqual([]);
    expect(entries).toHaveLength(1126);
    expect(entries.every((e) => e.programmeValid === null && e.programmeDetails.length === 0)).toBe(true);
    expect(entries[0]).toMatchObject({ stash: 'Cp4U5UYg2FaVUpyEtQgfBm9aqge6EEPkJxEFVZFYy7L1AZF', name: 'Blockshard' });
  });
});

describe('parseCandidates shapes', () => {
  it('reads the 2024 field set (commission in Perbill parts, ignored) and derives nothing from `active`', () => {
    const body = JSON.stringify([
      {
        name: 'alpha',
        stash: A,
        commission: 50_000_000,
        active: true,
        valid: true,
        validity: [{ valid: true, type: 'ONLINE', details: '' }],
      },
      {
        name: 'beta',
        stash: B,
        commission: 1_000_000_000,
        active: false,
        valid: false,
        validity: [
          { valid: false, type: 'CLIENT_UPGRADE', details: 'beta is not on the latest client version' },
          { valid: false, type: 'IDENTITY', details: '' },
          { valid: true, type: 'ONLINE', details: 'ignored: passed' },
        ],
      },
    ]);
    expect(parse(body)).toEqual({
      entries: [
        { stash: A, name: 'alpha', programmeValid: true, programmeDetails: [] },
        {
          stash: B,
          name: 'beta',
          programmeValid: false,
          programmeDetails: ['beta is not on the latest client version', 'IDENTITY check failed'],
        },
      ],
      rejected: [],
    });
  });

  it('derives the verdict from validity[] when `valid` is absent', () => {
    const body = JSON.stringify([
      { stash: A, validity: [{ valid: true, type: 'ONLINE' }] },
      { stash: B, validity: [{ valid: false, type: 'ONLINE', details: 'offline' }] },
    ]);
    expect(parse(body).entries.map((e) => [e.programmeValid, e.programmeDetails])).toEqual([
      [true, []],
      [false, ['offline']],
    ]);
  });

  it('reads a JSON array of stash strings', () => {
    expect(parse(JSON.stringify([A, B]))).toEqual({
      entries: [
        { stash: A, name: null, programmeValid: null, programmeDetails: [] },
        { stash: B, name: null, programmeValid: null, programmeDetails: [] },
      ],
      rejected: [],
    });
  });

  it('reads a JSON array of objects with `stash`, ignoring other fields', () => {
    const parsed = parse(
      JSON.stringify([
        { stash: A, name: '  padded  ', note: 1 },
        { stash: B, name: '' },
      ]),
    );
    expect(parsed.entries).toEqual([
      { stash: A, name: 'padded', programmeValid: null, programmeDetails: [] },
      { stash: B, name: null, programmeValid: null, programmeDetails: [] },
    ]);
  });

  it('reads arrays of strings or objects under a `candidates` key', () => {
    expect(parse(JSON.stringify({ candidates: [A, { stash: B }] })).entries.map((e) => e.stash)).toEqual([A, B]);
    expect(parse(JSON.stringify({ candidates: [{ slotId: 0, name: 'x', stash: C }] })).entries).toEqual([
      { stash: C, name: 'x', programmeValid: null, programmeDetails: [] },
    ]);
  });

  it('reads a plain text list with comments, blank lines, CRLF, a BOM and padding', () => {
    const body = `\uFEFF# our candidates\r\n${A}\r\n\r\n   ${B}   # the second one\n# ${C} commented out\n`;
    expect(parse(body).entries.map((e) => e.stash)).toEqual([A, B]);
  });

  it('accepts an empty list', () => {
    expect(parse('[]')).toEqual({ entries: [], rejected: [] });
    expect(parse('{"candidates": []}')).toEqual({ entries: [], rejected: [] });
  });

  it('normalizes addresses with the codec', () => {
    const upper: AddressCodec = { normalize: (address) => address.toUpperCase() };
    expect(parseCandidates('["abc"]', upper).entries[0]?.stash).toBe('ABC');
  });
});

describe('parseCandidates rejections', () => {
  it('rejects addresses of another network or malformed, with the raw text and a detail', () => {
    const dot = polkadotAddress(1);
    const parsed = parse(JSON.stringify([A, dot, 'not-an-address', { stash: 42 }]));
    expect(parsed.entries.map((e) => e.stash)).toEqual([A]);
    expect(parsed.rejected).toEqual([
      { entry: dot, reason: 'INVALID_ADDRESS', detail: `#1: ${dot} is not a valid address of this network` },
      {
        entry: 'not-an-address',
        reason: 'INVALID_ADDRESS',
        detail: '#2: not-an-address is not a valid address of this network',
      },
      { entry: '#3', reason: 'INVALID_ADDRESS', detail: '#3: the stash is a number, not an address' },
    ]);
  });

  it('names the line of an invalid address in a text list', () => {
    expect(parse(`${A}\nnope\n`).rejected).toEqual([
      { entry: 'nope', reason: 'INVALID_ADDRESS', detail: 'line 2: nope is not a valid address of this network' },
    ]);
  });

  it('rejects entries without a stash by index', () => {
    const parsed = parse(JSON.stringify([{ name: 'anonymous' }, { stash: '  ' }, null, { stash: null }, A]));
    expect(parsed.entries.map((e) => e.stash)).toEqual([A]);
    expect(parsed.rejected).toEqual(
      ['#0', '#1', '#2', '#3'].map((entry) => ({ entry, reason: 'MISSING_STASH', detail: `${entry} has no stash` })),
    );
  });

  it('keeps the first of a stash listed twice, also when the second is written differently', () => {
    const parsed = parse(JSON.stringify([{ stash: A, name: 'first' }, B, { stash: ` ${A} `, name: 'second' }]));
    expect(parsed.entries.map((e) => [e.stash, e.name])).toEqual([
      [A, 'first'],
      [B, null],
    ]);
    expect(parsed.rejected).toEqual([{ entry: A, reason: 'DUPLICATE', detail: `#2: ${A} is already listed at #0` }]);

    const aliasing: AddressCodec = { normalize: (address) => address.toLowerCase() };
    expect(parseCandidates('["abc", "ABC"]', aliasing).rejected).toEqual([
      { entry: 'ABC', reason: 'DUPLICATE', detail: '#1: abc is already listed at #0' },
    ]);
  });

  it.each([
    ['an empty body', '', 'empty'],
    ['only whitespace', ' \n\t ', 'empty'],
    ['broken JSON', `[${JSON.stringify(A)},`, 'not valid JSON'],
    ['a JSON object without candidates', '{"data": []}', 'neither an array'],
    ['a candidates key that is not an array', '{"candidates": {"a": 1}}', 'neither an array'],
    ['an HTML error page', '<!DOCTYPE html>\n<html><body>Bad gateway</body></html>', 'line 1'],
    ['prose', `${A}\nthis is not a list\n`, 'line 2'],
  ])('refuses %s as unreadable', (_label, body, messagePart) => {
    expectUnreadable(body, messagePart);
  });
});
