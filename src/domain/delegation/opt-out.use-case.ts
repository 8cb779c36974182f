import type { AddressCodec } from '../ports/wallet.js';
import type { Clock } from '../ports/clock-and-beacon.js';
import type { Authorize } from '../wallet/authorize.js';
import { validationError } from '../errors.js';
import { assertCanOptOut } from './delegation-rules.js';
import type { DelegationRepository } from './delegation.repository.js';
import type { Delegation } from './types.js';

export interface OptOutDeps {
  delegations: DelegationRepository;
  authorize: Authorize;
  codec: AddressCodec;
  clock: Clock;
}

/**
 * A signed `opt-out` ends future nominations for the stash. Its current nominations stay on chain:
 * the user's funds and choices are theirs (they may chill or nominate by hand).
 */
export async function optOut(
  deps: OptOutDeps,
  pathAddress: string,
  envelope: { payload: unknown; signature: unknown },
): Promise<Delegation> {
  const request = deps.authorize('opt-out', envelope);
  if (deps.codec.normalize(pathAddress) !== request.address)
    throw validationError('ADDRESS_MISMATCH', 'the signed address differs from the address in the path', {
      field: 'payload.address',
    });
  const current = assertCanOptOut(await deps.delegations.findByStash(request.address), request.address);
  return deps.delegations.transition({
    stash: request.address,
    expectedFrom: current.status,
    to: 'opted_out',
    reason: 'opted out by a signed request',
    source: 'api',
    at: deps.clock.now(),
    nonce: request.nonceUse,
  });
}
