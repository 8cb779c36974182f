import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import relayKusamaHex from '@polkadot/types-support/metadata/static-kusama';
import { loadOfflineRegistry, type OfflineRuntime } from '../../src/chain/offline-calls.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Real Asset Hub metadata files kept in ../shared (third-party data, never copied into the repo). */
export const ASSET_HUB_METADATA = {
  kusama: 'asset-hub-kusama-statemine-2003000.scale',
  kusamaSubset: 'asset-hub-kusama-statemine-2003002-subset.scale',
  kusamaDec2025: 'asset-hub-kusama-statemine-2000003.scale',
  polkadot: 'asset-hub-polkadot-statemint-2003000.scale',
} as const;

export function assetHubRuntime(file: string = ASSET_HUB_METADATA.kusama, ss58Prefix = 2): OfflineRuntime {
  const bytes = readFileSync(path.resolve(repoRoot, '../shared/chain/metadata', file));
  return loadOfflineRegistry(new Uint8Array(bytes), { ss58Prefix });
}

/** Kusama relay metadata (v14) shipped with @polkadot/types-support. */
export function relayKusamaRuntime(): OfflineRuntime {
  return loadOfflineRegistry(relayKusamaHex, { ss58Prefix: 2 });
}
