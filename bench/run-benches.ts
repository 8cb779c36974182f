/**
 * `npm run bench`: every benchmark entry in turn, each in its own process (so that one's memory
 * and chain never weigh on the next), their tables printed as they come. `npm run bench:api`
 * (the API under load) is separate: it starts the whole service.
 *
 *   npm run bench                       all of them
 *   npm run bench -- round indexer      only these (names of bench/<name>.bench.ts)
 *
 * It prints figures and asserts nothing; it exits non-zero only when an entry failed to run.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** In the order they print: the round (build, then the service's plan), payouts, indexer, signatures. */
const ENTRIES = ['round', 'round-service', 'payout-scan', 'indexer', 'signature-verify'] as const;

function run(name: string): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, `${name}.bench.ts`)], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('exit', (code) => resolve({ code, ms: Date.now() - started }));
  });
}

const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(ENTRIES as readonly string[]).includes(a));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${ENTRIES.join(', ')}`);
  process.exit(2);
}
const chosen = asked.length > 0 ? asked : [...ENTRIES];
const cpus = os.cpus();
console.log(
  `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}\n`,
);
const failed: string[] = [];
for (const name of chosen) {
  console.log(`=== bench/${name}.bench.ts ===\n`);
  const { code, ms } = await run(name);
  console.log(`\n=== ${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${(ms / 1000).toFixed(1)} s ===\n`);
  if (code !== 0) failed.push(name);
}
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
