import { describe, expect, it } from 'vitest';
import { classifySubmitError } from '../../../src/chain/submit-errors.js';

describe('classifySubmitError', () => {
  it.each([
    ['1013: Transaction Already Imported', 'in-pool'],
    ['1014: Priority is too low: (100 vs 100)', 'in-pool'],
    ['1010: Invalid Transaction: Transaction is outdated', 'stale'],
    ['1010: {"invalid":{"stale":null}}', 'stale'],
    ['1010: {"invalid":{"badProof":null}}', 'invalid'],
    ['1010: Invalid Transaction: Transaction has an ancient birth block', 'invalid'],
    ['1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)', 'cannot-pay'],
    ['1010: {"invalid":{"payment":null}}', 'cannot-pay'],
    ['1010: Invalid Transaction: Transaction will be valid in the future', 'transient'],
    ['No response received from RPC endpoint in 60s', 'transient'],
    ['WebSocket is not connected', 'transient'],
  ])('%s → %s', (message, kind) => {
    expect(classifySubmitError(message)).toBe(kind);
  });
});
