import { u8aToHex } from '@polkadot/util';
import type { SetupBuilder, SetupCall } from '../domain/ports/extrinsics.js';
import { formatUnits } from '../domain/shared/money.js';
import type { Address, Planck } from '../domain/shared/types.js';
import type { ChainConnection } from './connection.js';
import { buildSetupBatchCall, callFactoryFromApi, STAKING_PROXY_TYPE } from './nomination-calls.js';
import { setupCallEncoder, type EncodedSetupCall } from './setup-call-encoder.js';

type Encoder = (bondValue: Planck | null) => EncodedSetupCall;

/** Operators whose encoders are kept per runtime: the service has one; a few more cost nothing. */
const MAX_OPERATORS = 8;

/** The call a user's wallet signs to opt in: optional bond plus the operator's Staking proxy, atomically. */
export class PolkadotSetupBuilder implements SetupBuilder {
  /**
   * Per codec registry (a runtime upgrade brings a new one, so its encoders are never reused on
   * the new metadata), per operator: building the call through the registry on every opt-in
   * cost more than everything else the request does but the signature check.
   */
  #encoders = new WeakMap<object, Map<Address, Encoder>>();

  constructor(private readonly conn: ChainConnection) {}

  buildSetupCall(input: { operator: Address; bondValue: Planck | null }): SetupCall {
    const { bytes, hash } = this.#encoderFor(input.operator)(input.bondValue);
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
    return { callData: u8aToHex(bytes), callHash: u8aToHex(hash), description };
  }

  #encoderFor(operator: Address): Encoder {
    const api = this.conn.api();
    let byOperator = this.#encoders.get(api.registry);
    if (!byOperator) this.#encoders.set(api.registry, (byOperator = new Map()));
    const cached = byOperator.get(operator);
    if (cached) return cached;
    const calls = callFactoryFromApi(api);
    const encoder: Encoder =
      setupCallEncoder(calls, operator) ??
      ((bondValue) => {
        const call = buildSetupBatchCall(calls, { operator, bondValue });
        return { bytes: call.toU8a(), hash: call.hash.toU8a() };
      });
    if (byOperator.size >= MAX_OPERATORS) byOperator.delete(byOperator.keys().next().value!);
    byOperator.set(operator, encoder);
    return encoder;
  }
}

export { formatUnits };
