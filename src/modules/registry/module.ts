import type { RouteRegistration } from '../../api/build-app.js';
import { networkPropertiesAdminRoutes } from '../../api/routes/admin/network-properties.routes.js';
import { rolesAdminRoutes } from '../../api/routes/admin/roles.routes.js';
import { tokensAdminRoutes } from '../../api/routes/admin/tokens.routes.js';
import { registryRoutes } from '../../api/routes/registry.routes.js';
import type { AddressCodec } from '../../domain/ports/wallet.js';
import type { NetworkPropertiesRepository } from '../../domain/registry/network-properties.repository.js';
import type { RoleRepository } from '../../domain/registry/role.repository.js';
import type { NativeTokenInfo } from '../../domain/registry/token.js';
import type { TokenRepository } from '../../domain/registry/token.repository.js';
import { seedNativeToken } from '../../domain/registry/seed-native-token.use-case.js';
import type { FeatureModule } from '../feature-module.js';

export interface RegistryModuleDeps {
  tokens: TokenRepository;
  roles: RoleRepository;
  networkProperties: NetworkPropertiesRepository;
  codec: AddressCodec;
  /** The chain's own token, once the chain answered (null before: native decimals are then not checked). */
  nativeToken(): NativeTokenInfo | null;
  /** Remembers that the chain's own token was listed once (ServiceState). */
  state: { get(key: string): Promise<string | null>; set(key: string, value: string): Promise<void> };
}

/** Tokens, roles and network properties: public reads under `/v1`, changes under `/v1/admin`. */
export function registryModule(deps: RegistryModuleDeps): FeatureModule {
  const options = { registry: deps };
  const route = (plugin: unknown, prefix?: string): RouteRegistration => ({
    plugin: plugin as RouteRegistration['plugin'],
    ...(prefix ? { prefix } : {}),
    options,
  });
  return {
    name: 'registry',
    routes: [route(registryRoutes, '/v1')],
    adminRoutes: [route(tokensAdminRoutes), route(rolesAdminRoutes), route(networkPropertiesAdminRoutes)],
    // Pools and collectives work out of the box: the chain's own token is listed the first time.
    onChainReady: async () => {
      const native = deps.nativeToken();
      if (native) await seedNativeToken({ tokens: deps.tokens, state: deps.state, native });
    },
  };
}
