import type { DevChain } from './dev-chain.js';

/**
 * Era changes on the v1.0.0 dev chain (it has Sudo, key //Alice). Chopsticks runs no offchain
 * worker, so the election falls back to `governanceFallback`; epochs are crossed by moving
 * Timestamp.Now and Babe.CurrentSlot to the epoch's last slot (dev_timeTravel breaks BABE).
 */

const sudoKey = (chain: DevChain) => chain.keyring.addFromUri('//Alice');

async function sudo(chain: DevChain, call: Parameters<DevChain['api']['tx']['sudo']['sudo']>[0], label: string) {
  const outcome = await chain.submit(chain.api.tx.sudo.sudo(call), sudoKey(chain));
  const sudid = outcome.events.find((e) => e.section === 'sudo' && e.method === 'Sudid');
  const result = JSON.stringify(sudid?.data ?? null);
  if (outcome.error || !sudid || result.includes('Err'))
    throw new Error(`sudo ${label} failed: ${outcome.error ?? result}`);
}

async function activeEraIndex(chain: DevChain): Promise<number> {
  const era = (await chain.api.query.staking.activeEra()).toJSON() as { index: number } | null;
  return era?.index ?? 0;
}

/** How many validators the next election picks (both relay specs start with 2). */
export async function setRelayValidatorCount(chain: DevChain, count: number): Promise<void> {
  await sudo(chain, chain.api.tx.staking.setValidatorCount(count), 'staking.setValidatorCount');
}

/** Builds the next block at the first slot of the next epoch, so that the session rotates. */
async function crossEpoch(chain: DevChain): Promise<void> {
  const { api } = chain;
  const genesisSlot = Number((await api.query.babe.genesisSlot()).toString());
  const epochIndex = Number((await api.query.babe.epochIndex()).toString());
  const duration = Number(api.consts.babe.epochDuration.toString());
  const slotMs = Number(api.consts.babe.expectedBlockTime.toString());
  // Chopsticks builds the next block at slot + 1.
  const lastSlot = genesisSlot + (epochIndex + 1) * duration - 1;
  await chain.rpc('dev_setStorage', [{ Timestamp: { Now: lastSlot * slotMs }, Babe: { CurrentSlot: lastSlot } }]);
  await chain.newBlock();
}

/** Forces a new era and drives sessions until `activeEra` moves; returns the new index. */
export async function advanceRelayEra(chain: DevChain): Promise<number> {
  const before = await activeEraIndex(chain);
  await sudo(chain, chain.api.tx.staking.forceNewEra(), 'staking.forceNewEra');
  for (let session = 0; session < 8; session++) {
    const phase = (await chain.api.query.electionProviderMultiPhase.currentPhase()).toString();
    if (phase === 'Emergency') {
      await sudo(chain, chain.api.tx.electionProviderMultiPhase.governanceFallback(null, null), 'governanceFallback');
    }
    await crossEpoch(chain);
    const now = await activeEraIndex(chain);
    if (now !== before) return now;
  }
  throw new Error(`active era still ${before} after 8 sessions`);
}
