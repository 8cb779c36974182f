import { useCallback, useState } from 'react';
import { useApp } from '../app-state.js';
import { api } from './api.js';
import type { WalletAction } from './signed-request.js';

export interface SignedAction<T> {
  /** Signs `fields` with the selected account and sends them; resolves with the answer, or null after an error (shown by `error`). */
  run(fields: Record<string, unknown>): Promise<T | null>;
  busy: boolean;
  /** What went wrong last (an ApiError keeps the API's code and message); null after a success. */
  error: unknown;
  result: T | null;
  reset(): void;
}

/**
 * One signed request (DESIGN §6): the wallet signs `NDeST:<action>:…`, then `method path` sends
 * it. On success the app's views read again.
 */
export function useSignedAction<T = unknown>(
  action: WalletAction,
  method: 'POST' | 'DELETE',
  path: string,
): SignedAction<T> {
  const app = useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<T | null>(null);
  const run = useCallback(
    async (fields: Record<string, unknown>) => {
      setBusy(true);
      setError(null);
      try {
        const envelope = await app.sign(action, fields);
        const answer = method === 'POST' ? await api.post<T>(path, envelope) : await api.delete<T>(path, envelope);
        setResult(answer);
        app.refresh();
        return answer;
      } catch (e) {
        setError(e);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [app, action, method, path],
  );
  return { run, busy, error, result, reset: () => (setError(null), setResult(null)) };
}
