import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { DemoControl } from '../../modules/demo/demo-control.js';

const DemoAccountSchema = Type.Object(
  {
    name: Type.String({ examples: ['Demo 1'] }),
    uri: Type.String({
      description: 'The secret URI of a public test key of the demo chain (demo mode only: nothing real)',
      examples: ['//NDeST-demo//1'],
    }),
    address: Type.String({ description: "SS58 address, in the staking network's format" }),
  },
  { additionalProperties: false },
);

const DemoStateSchema = Type.Object(
  {
    accounts: Type.Array(DemoAccountSchema),
    activeEra: Type.Integer({ minimum: 0, description: "The demo chain's active era" }),
  },
  { additionalProperties: false },
);

const EraAdvancedSchema = Type.Object(
  { era: Type.Integer({ minimum: 0, description: 'The new active era' }) },
  { additionalProperties: false },
);

/** Demo mode only (`npm run demo`): mounted by the demo module, absent (404) otherwise. */
export const demoRoutes: FastifyPluginAsyncTypebox<{ control: DemoControl }> = async (app, { control }) => {
  app.get(
    '/v1/demo',
    {
      schema: {
        tags: ['demo'],
        summary:
          "Demo mode only: the demo accounts (public test keys of the local chain, for the app's built-in demo signer) and the active era",
        response: { 200: DemoStateSchema },
      },
    },
    async () => control.state(),
  );

  app.post(
    '/v1/demo/eras',
    {
      schema: {
        tags: ['demo'],
        summary:
          'Demo mode only: moves the local chain to its next era (its validators earn points, the ending era pays); one at a time (409 DEMO_ERA_IN_PROGRESS)',
        response: { 200: EraAdvancedSchema },
      },
    },
    async () => ({ era: await control.advanceEra() }),
  );
};
