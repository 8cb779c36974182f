import { WsProvider } from '@polkadot/api';
import { advanceEra } from '../../test/support/chain-era.js';
import { connectDevChain, KSM } from '../../test/support/dev-chain.js';
import { startChild, type Child } from './children.js';

/** Validators of "the programme" the bench creates: waiting, 5% commission, the draw's pool. */
const PROGRAMME_SIZE = 6;
const PROGRAMME_BOND_KSM = 1_000n;
const PERBILL_PER_PERCENT = 10_000_000;
export const OPERATOR_SEED = '//NDeST-bench-api//operator';

export interface ChainWorld {
  process: Child;
  endpoint: string;
  genesisHash: string;
  /** Every validator of the chain, SS58 prefix 2: the candidate list the bench serves. */
  validators: string[];
  /** The programme's validators (waiting, eligible): targets of the seeded rounds. */
  eligible: string[];
  /** A bond every fresh stash's opt-in may ask for: above minNominatorBond and the existential deposit. */
  optInBond: bigint;
  operatorAddress: string;
  /** Builds one block (Chopsticks dev_newBlock), for a round waiting for its seed block. */
  newBlock(): Promise<void>;
  head(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The local Kusama Asset Hub (the real runtime in Chopsticks) in its own process (chain-process.ts); then, over a connection of this process used for set-up only: programme
 * validators (waiting), the first era with an elected set (the genesis validators), a funded
 * operator. The connection is closed before any measurement; only a bare provider stays, to
 * build the blocks a round's seed needs.
 */
export async function startChainWorld(log: (line: string) => void): Promise<ChainWorld> {
  const chainProcess = startChild('chain', 'bench/api/chain-process.ts', {});
  try {
    const endpoint = (await chainProcess.waitFor(/chain ready (ws:\/\/\S+)/, 180_000))[1]!;
    log(`chain: ${endpoint} (Chopsticks in its own process, Manual mode)`);
    // Blocks as soon as the set-up's extrinsics wait, never during a storage edit; no idle blocks.
    const chain = await connectDevChain(endpoint, {
      mode: 'Manual',
      autoBuild: true,
      idleBlockMs: 0,
      runtime: 'asset-hub',
    });
    try {
      const pair = (uri: string) => chain.keyring.addFromUri(uri);
      const programme = Array.from({ length: PROGRAMME_SIZE }, (_, i) => pair(`//NDeST-bench-api//validator//${i}`));
      // One after the other: each funds its stash (a storage edit) before its extrinsic, and blocks
      // built while several of those interleave lost extrinsics here (never included).
      for (const p of programme)
        await chain.createValidator(p, {
          commission: 5 * PERBILL_PER_PERCENT,
          blocked: false,
          bondKsm: PROGRAMME_BOND_KSM,
        });
      // Asset Hub's genesis era elects nobody: a live chain always has an active set (the genesis
      // validators, who outweigh the programme's by far); the programme's stay waiting.
      const era = await advanceEra(chain);
      const operatorAddress = pair(OPERATOR_SEED).address;
      await chain.fund([operatorAddress], 10_000);
      const validators = (await chain.api.query.staking.validators.keys()).map((k) =>
        chain.keyring.encodeAddress(k.args[0]!.toU8a(), 2),
      );
      const minBond = BigInt((await chain.api.query.staking.minNominatorBond()).toString());
      const existential = BigInt(chain.api.consts.balances.existentialDeposit.toString());
      log(
        `chain world: era ${era} active, ${validators.length} validators (${programme.length} of the programme, waiting), minNominatorBond ${minBond}`,
      );
      const provider = new WsProvider(endpoint);
      await provider.isReady;
      const genesisHash = chain.api.genesisHash.toHex();
      return {
        process: chainProcess,
        endpoint,
        genesisHash,
        validators,
        eligible: programme.map((p) => p.address),
        optInBond: (minBond > existential ? minBond : existential) + KSM,
        operatorAddress,
        newBlock: async () => void (await provider.send('dev_newBlock', [{ count: 1 }])),
        head: async () => Number.parseInt((await provider.send<{ number: string }>('chain_getHeader', [])).number, 16),
        close: async () => {
          await provider.disconnect().catch(() => undefined);
          await chainProcess.stop();
        },
      };
    } finally {
      await chain.close();
    }
  } catch (error) {
    await chainProcess.stop();
    throw error;
  }
}
