/**
 * Moves a running local chain (`npm run dev-chain`) to its next era:
 *
 *   npm run dev-era                     injected election results (Asset Hub) or a Sudo-forced era (relay)
 *   npm run dev-era -- --real           Asset Hub: the real multi-block election (the chain must run
 *                                       with --offchain-worker; about 100 blocks, a few minutes)
 *   npm run dev-era -- --count 3        three eras in a row
 *   npm run dev-era -- --validator-count 8
 *                                       first sets how many validators the election picks (governance's
 *                                       staking.setValidatorCount), so waiting validators can get in
 *
 * DEV_CHAIN_ENDPOINT (default ws://127.0.0.1:9944). Each ending era's validators get reward points,
 * so the eras pay rewards.
 */
import { parseArgs } from 'node:util';
import { activeSetPoints, advanceEra, setValidatorCount } from '../test/support/chain-era.js';
import { connectDevChain } from '../test/support/dev-chain.js';

const { values } = parseArgs({
  options: {
    real: { type: 'boolean', default: false },
    count: { type: 'string', default: '1' },
    'validator-count': { type: 'string' },
  },
});
const validatorCount = values['validator-count'] === undefined ? null : Number(values['validator-count']);
if (validatorCount !== null && !(Number.isInteger(validatorCount) && validatorCount >= 1 && validatorCount <= 1000)) {
  console.error(`--validator-count must be a whole number from 1 to 1000, got "${values['validator-count']}"`);
  process.exit(2);
}
const count = Number(values.count);
if (!Number.isInteger(count) || count < 1 || count > 100) {
  console.error(`--count must be a whole number from 1 to 100, got "${values.count}"`);
  process.exit(2);
}
const endpoint = process.env.DEV_CHAIN_ENDPOINT ?? 'ws://127.0.0.1:9944';
const chain = await connectDevChain(endpoint);
try {
  if (values.real && chain.runtime !== 'asset-hub')
    throw new Error('--real is for Asset Hub (the relay chain elects by itself)');
  if (validatorCount !== null) await setValidatorCount(chain, validatorCount);
  for (let i = 0; i < count; i++) {
    const era = await advanceEra(chain, {
      realEra: values.real,
      rewardPoints: await activeSetPoints(chain),
      onProgress: (line) => console.log(`  election: ${line}`),
    });
    console.log(`era ${era} active (${chain.runtime})`);
  }
} finally {
  await chain.api.disconnect();
}
process.exit(0);
