import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CaseInput, CaseResult } from './bench-types.js';

type CaseMessage = { ok: true; result: CaseResult } | { ok: false; error: string };

/** Runs one case in a fresh Node process (with the tsx loader) and returns its result. */
export function forkCase(input: CaseInput, cwd: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./round-case.ts', import.meta.url)), [], {
      cwd,
      execArgv: ['--import', 'tsx'],
      // structured clone: the costs are bigints
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    child.once('message', (message: CaseMessage) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`case ${input.runtime} × ${input.delegators} failed:\n${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!settled) reject(new Error(`case ${input.runtime} × ${input.delegators} exited with ${signal ?? code}`));
    });
    child.send(input);
  });
}
