import { describe, expect, it } from 'vitest';
import { LruMap } from '../../../src/lru-map.js';
import { BlockMemo } from '../../../src/chain/block-memo.js';
import { BlockReadCoalescer } from '../../../src/chain/block-read-coalescer.js';

/** A load that records each batch it is asked for and answers `${block}:${key}` (none for keys starting with '-'). */
function recordingLoad() {
  const batches: { block: string; keys: string[] }[] = [];
  const load = (block: string, keys: string[]) => {
    batches.push({ block, keys: [...keys].sort() });
    return Promise.resolve(new Map(keys.filter((k) => !k.startsWith('-')).map((k) => [k, `${block}:${k}`])));
  };
  return { batches, load };
}

describe('LruMap', () => {
  it('forgets the least recently used entry first', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1); // a is now the most recent
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    expect(lru.size).toBe(2);
  });

  it('agrees with a plain list model over a long mixed run of reads, writes and deletes', () => {
    // The model: keys oldest first, an array scanned in full (obviously right, and slow).
    const lru = new LruMap<number, number>(7);
    let model: { key: number; value: number }[] = [];
    let x = 12345;
    const next = () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x);
    for (let i = 0; i < 20_000; i++) {
      const key = next() % 12;
      const op = next() % 10;
      const at = model.findIndex((e) => e.key === key);
      if (op < 5) {
        const expected = at < 0 ? undefined : model[at]!.value;
        if (at >= 0) model.push(...model.splice(at, 1));
        expect(lru.get(key)).toBe(expected);
      } else if (op < 9) {
        if (at >= 0) model.splice(at, 1);
        model.push({ key, value: i });
        if (model.length > 7) model = model.slice(1);
        lru.set(key, i);
      } else {
        if (at >= 0) model.splice(at, 1);
        lru.delete(key);
      }
      expect(lru.size).toBe(model.length);
    }
    lru.clear();
    expect(lru.size).toBe(0);
    lru.set(1, 1);
    expect(lru.get(1)).toBe(1);
  });

  it('replaces a value without growing', () => {
    const lru = new LruMap<string, number>(2);
    lru.set('a', 1);
    lru.set('a', 2);
    expect(lru.size).toBe(1);
    expect(lru.get('a')).toBe(2);
  });
});

describe('BlockMemo', () => {
  it('reads each (block, name) once, sharing the read in flight', async () => {
    const memo = new BlockMemo();
    let reads = 0;
    const load = () => Promise.resolve(++reads);
    const all = await Promise.all([memo.get('0x1', 'era', load), memo.get('0x1', 'era', load)]);
    expect(all).toEqual([1, 1]);
    await expect(memo.get('0x1', 'era', load)).resolves.toBe(1);
    await expect(memo.get('0x2', 'era', load)).resolves.toBe(2);
    expect(reads).toBe(2);
  });

  it('forgets a failed read, so the next caller tries again', async () => {
    const memo = new BlockMemo();
    await expect(memo.get('0x1', 'era', () => Promise.reject(new Error('socket closed')))).rejects.toThrow(
      'socket closed',
    );
    await expect(memo.get('0x1', 'era', () => Promise.resolve(7))).resolves.toBe(7);
  });
});

describe('BlockReadCoalescer', () => {
  it('reads the keys asked at one block within the window in one load, each key once', async () => {
    const { batches, load } = recordingLoad();
    const coalescer = new BlockReadCoalescer(load, { windowMs: 0 });
    const answers = await Promise.all([
      coalescer.read('0xA', ['s1', 's2']),
      coalescer.read('0xA', ['s2', 's3']),
      coalescer.read('0xA', ['s1']),
    ]);
    expect(batches).toEqual([{ block: '0xA', keys: ['s1', 's2', 's3'] }]);
    expect([...answers[0]!.entries()]).toEqual([
      ['s1', '0xA:s1'],
      ['s2', '0xA:s2'],
    ]);
    expect([...answers[1]!.entries()]).toEqual([
      ['s2', '0xA:s2'],
      ['s3', '0xA:s3'],
    ]);
    expect([...answers[2]!.entries()]).toEqual([['s1', '0xA:s1']]);
  });

  it('answers a key read before at that block from its cache, without a load', async () => {
    const { batches, load } = recordingLoad();
    const coalescer = new BlockReadCoalescer(load, { windowMs: 0 });
    await coalescer.read('0xA', ['s1']);
    for (let i = 0; i < 1_000; i++) await coalescer.read('0xA', ['s1']);
    expect(batches).toHaveLength(1);
    expect(coalescer.peek('0xA', 's1')).toBe('0xA:s1');
  });

  it('1,000 requests for 1,000 different keys at one block: one load', async () => {
    const { batches, load } = recordingLoad();
    const coalescer = new BlockReadCoalescer(load, { windowMs: 0 });
    const keys = Array.from({ length: 1_000 }, (_, i) => `s${i}`);
    const answers = await Promise.all(keys.map((k) => coalescer.read('0xA', [k])));
    expect(batches).toHaveLength(1);
    expect(batches[0]!.keys).toHaveLength(1_000);
    expect(answers.every((a, i) => a.get(`s${i}`) === `0xA:s${i}`)).toBe(true);
  });

  it('keeps blocks apart: a new block reads again', async () => {
    const { batches, load } = recordingLoad();
    const coalescer = new BlockReadCoalescer(load, { windowMs: 0 });
    const [a, b] = await Promise.all([coalescer.read('0xA', ['s1']), coalescer.read('0xB', ['s1'])]);
    expect(a.get('s1')).toBe('0xA:s1');
    expect(b.get('s1')).toBe('0xB:s1');
    expect(batches).toHaveLength(2);
  });

  it('a key asked while its batch is already loading joins that load', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batches: string[][] = [];
    const coalescer = new BlockReadCoalescer<string>(
      async (block, keys) => {
        batches.push(keys);
        await gate;
        return new Map(keys.map((k) => [k, `${block}:${k}`]));
      },
      { windowMs: 0 },
    );
    const first = coalescer.read('0xA', ['s1']);
    // Past the window: the first batch is out.
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    const second = coalescer.read('0xA', ['s1', 's2']);
    release();
    await expect(first).resolves.toEqual(new Map([['s1', '0xA:s1']]));
    await expect(second).resolves.toEqual(
      new Map([
        ['s1', '0xA:s1'],
        ['s2', '0xA:s2'],
      ]),
    );
    expect(batches).toEqual([['s1'], ['s2']]);
  });

  it('leaves keys without a value out, and caches nothing for them', async () => {
    const { batches, load } = recordingLoad();
    const coalescer = new BlockReadCoalescer(load, { windowMs: 0 });
    await expect(coalescer.read('0xA', ['-gone'])).resolves.toEqual(new Map());
    await coalescer.read('0xA', ['-gone']);
    expect(batches).toHaveLength(2);
  });

  it('rejects every caller of a failed load, and reads again on the next request', async () => {
    let fail = true;
    const coalescer = new BlockReadCoalescer<string>(
      (_block, keys) =>
        fail ? Promise.reject(new Error('socket closed')) : Promise.resolve(new Map(keys.map((k) => [k, k]))),
      { windowMs: 0 },
    );
    const results = await Promise.allSettled([coalescer.read('0xA', ['s1']), coalescer.read('0xA', ['s1', 's2'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(coalescer.read('0xA', ['s1'])).resolves.toEqual(new Map([['s1', 's1']]));
  });

  it('holds at most maxEntries values', async () => {
    const { batches, load } = recordingLoad();
    const coalescer = new BlockReadCoalescer(load, { windowMs: 0, maxEntries: 2 });
    await coalescer.read('0xA', ['s1', 's2', 's3']);
    expect(coalescer.peek('0xA', 's1')).toBeUndefined();
    await coalescer.read('0xA', ['s3']);
    expect(batches).toHaveLength(1);
  });
});
