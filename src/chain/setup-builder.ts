import type { SetupBuilder, SetupCall } from '../domain/ports/extrinsics.js';
import { formatUnits } from '../domain/shared/money.js';
import type { Address, Planck } from '../domain/shared/types.js';
import type { ChainConnection } from './connection.js';
import { buildSetupBatchCall, callFactoryFromApi, STAKING_PROXY_TYPE } from './nomination-calls.js';

/** The call a user's wallet signs to opt in: optional bond plus the operator's Staking proxy, atomically. */
export class PolkadotSetupBuilder implements SetupBuilder {
  constructor(private readonly conn: ChainConnection) {}

  buildSetupCall(input: { operator: Address; bondValue: Planck | null }): SetupCall {
    const call = buildSetupBatchCall(callFactoryFromApi(this.conn.api()), input);
    const { symbol, decimals } = this.conn.token;
    const description: string[] = [];
    if (input.bondValue !== null) {
      description.push(
        `Bond ${formatUnits(input.bondValue, decimals)} ${symbol} from this account; rewards are added to the bond (payee: Staked).`,
      );
    }
    description.push(
      `Add ${input.operator} as a ${STAKING_PROXY_TYPE} proxy with no delay: it can nominate and manage staking for this account, never transfer funds.`,
      'Both steps run together or not at all (utility.batchAll). Remove the proxy at any time to opt out.',
    );
    return { callData: call.toHex(), callHash: call.hash.toHex(), description };
  }
}

export { formatUnits };
