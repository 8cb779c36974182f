import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

import type { InfraLogger } from './infra-logger.js';
import { schemaEngineAdapterFactory } from './pg-adapter-factory.js';

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

let engineModule: Promise<EngineModule> | undefined;

// The project's `lib` (ES2022, no DOM) has no WebAssembly declarations; Node has the global.
interface WebAssemblyApi {
  instantiate(
    bytes: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
}
const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * The engine arms a 10 s timer around its advisory lock and never clears it (its bindings import
 * no clearTimeout), which would keep a finished `migrate` process alive: its timers are unref'd.
 */
function withUnrefTimers(bindings: EngineModule): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...bindings };
  for (const [name, value] of Object.entries(bindings)) {
    if (name.startsWith('__wbg_setTimeout_') && typeof value === 'function') {
      const setTimer = value as (...args: unknown[]) => unknown;
      imports[name] = (...args: unknown[]): unknown => {
        const timer = setTimer(...args);
        if (timer instanceof Object && 'unref' in timer && typeof timer.unref === 'function') timer.unref();
        return timer;
      };
    }
  }
  return imports;
}

/**
 * The package's entry imports its `.wasm` as an ES module, which Node 20 only allows behind
 * `--experimental-wasm-modules`; instantiating the bytes here works under plain node, tsx and vitest.
 */
function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const entry = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm');
    const bytes = await readFile(path.join(path.dirname(entry), 'schema_engine_bg.wasm'));
    const { instance } = await webAssembly.instantiate(bytes, {
      './schema_engine_bg.js': withUnrefTimers(bindings),
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return engineModule;
}

export interface SchemaEngineSession {
  databaseUrl: string;
  /** Prisma schema files to load into the engine: [path, content]. */
  datamodels?: [string, string][];
  logger?: InfraLogger;
}

/** Runs `use` with a schema engine connected to `databaseUrl`, then frees it and its connections. */
export async function withSchemaEngine<T>(
  session: SchemaEngineSession,
  use: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const log = (line: unknown): void => session.logger?.debug?.({ engine: line }, 'schema engine');
  const adapters = schemaEngineAdapterFactory(session.databaseUrl);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: session.datamodels },
      log,
      bindMigrationAwareSqlAdapterFactory(adapters),
    );
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } finally {
    await adapters.close();
  }
}
