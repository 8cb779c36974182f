import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/lib/api.js';
import { errorInWords } from '../../../web/src/lib/error-words.js';
import { repoRoot } from '../../support/dev-chain.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('API errors in plain words', () => {
  it('puts plain words first and keeps the service’s message and code', () => {
    const words = errorInWords(new ApiError(409, 'NAME_TAKEN', 'a pool named "grants" exists'));
    expect(words.title).toBe('That name is already taken. Pick another one.');
    expect(words.detail).toBe('a pool named "grants" exists');
    expect(words.code).toBe('NAME_TAKEN');
  });

  it('shows the service’s own message for a code it has no words for', () => {
    const words = errorInWords(new ApiError(422, 'SOMETHING_NEW', 'what the service said'));
    expect(words).toEqual({ title: 'what the service said', detail: null, code: 'SOMETHING_NEW' });
  });

  it('words a refusal in the wallet as the user’s own choice', () => {
    expect(errorInWords(new Error('Cancelled')).code).toBe('USER_REJECTED');
  });

  it('words every code the README lists, and only codes the service really sends', () => {
    const src = sources(path.join(repoRoot, 'src'))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const errorsParagraph = readme.slice(readme.indexOf('Errors are always'), readme.indexOf('### Pages, limits'));
    const listed = [...errorsParagraph.matchAll(/`([A-Z][A-Z_]{3,})`/g)].map((m) => m[1]!);
    expect(listed.length).toBeGreaterThan(30);
    for (const code of listed) {
      if (code === 'INVALID_PAYLOAD_NONCE') continue; // an example of a field-named code
      expect(errorInWords(new ApiError(400, code, 'm')).detail, `${code} has plain words`).toBe('m');
      expect(src, `${code} is sent by the service`).toContain(`'${code}'`);
    }
  });
});
