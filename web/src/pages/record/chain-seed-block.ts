import { chainApi } from '../../lib/chain.js';

export interface ChainSeedBlock {
  /** The hash the chain holds at that height; null when it has no block there yet. */
  hash: string | null;
  /** Whether that height is finalized, so no reorganisation can replace the block any more. */
  finalized: boolean;
}

const EMPTY_HASH = /^0x0{64}$/;

/**
 * The hash of block `number`, read by this browser from the chain endpoint the service names:
 * a check of the seed that does not take the service's word for it.
 */
export async function readSeedBlock(endpoint: string, number: number, timeoutMs = 20_000): Promise<ChainSeedBlock> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from ${endpoint} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([
      (async () => {
        const api = await chainApi(endpoint);
        const [hash, finalizedHead] = await Promise.all([
          api.rpc.chain.getBlockHash(number),
          api.rpc.chain.getFinalizedHead(),
        ]);
        const finalizedHeader = await api.rpc.chain.getHeader(finalizedHead);
        const hex = hash.toHex();
        return {
          hash: EMPTY_HASH.test(hex) ? null : hex,
          finalized: finalizedHeader.number.toNumber() >= number,
        };
      })(),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
