import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PrismaCollectiveRepository } from '../../../src/db/collective.repository.js';
import { createPrismaClient } from '../../../src/db/prisma-client.js';
import { PrismaProposalRepository } from '../../../src/db/proposal.repository.js';
import { PrismaRemovalProposals } from '../../../src/db/removal-proposals.repository.js';
import { collectiveSubjects } from '../../../src/domain/collectives/collective-governance.js';
import type { CollectiveDeps } from '../../../src/domain/collectives/collective-deps.js';
import type { CollectiveSettings } from '../../../src/domain/collectives/types.js';
import { DomainError } from '../../../src/domain/errors.js';
import { closeAndEnact } from '../../../src/domain/governance/close-and-enact.use-case.js';
import { GovernedSubjectRegistry } from '../../../src/domain/governance/governed-subject.js';
import type { NonceUse } from '../../../src/domain/wallet/authorize.js';
import { FakeCollectiveRegistries, FakeDelegations, FakeStakes, KSM } from '../../support/collective-fakes.js';
import { TestClock } from '../../support/in-memory-governance.js';
import { fakeAuthorize, fakeCodec } from '../../support/in-memory-pools.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-env.js';

let db: TestDatabase;
let prisma: ReturnType<typeof createPrismaClient>;
let collectives: PrismaCollectiveRepository;
let proposals: PrismaProposalRepository;
let removals: PrismaRemovalProposals;

const T0 = new Date('2031-01-01T00:00:00Z');
const settings = (over: Partial<CollectiveSettings> = {}): CollectiveSettings => ({
  description: '',
  depositWhitelist: { any: true, roles: [], accounts: [] },
  ownersWhitelist: { roles: [], accounts: [] },
  spendingPools: [
    { name: 'garden', share: '0.6' },
    { name: 'orchard', share: '0.4' },
  ],
  claimStart: T0.getTime() / 1000,
  claimPeriod: 86_400,
  claimEnd: 0,
  voteQuorum: '0.6',
  votePeriod: 120,
  voteEnactment: 45,
  ...over,
});

let seq = 0;
const nonce = (address = 'alice'): NonceUse => ({
  address,
  nonce: `removal-nonce-${String(++seq).padStart(6, '0')}`,
  action: 'collective.withdraw',
});

/** A collective whose creator (a stash of its own) bonds 100 KSM. */
async function collective(name: string, over: Partial<CollectiveSettings> = {}) {
  await collectives.create(
    {
      name,
      creator: `${name}-creator`,
      settings: settings(over),
      bondingDeadline: T0.getTime() / 1000 + 86_400,
      contribution: {
        address: `${name}-creator`,
        bonds: [{ denom: 'KSM', amount: 100n * KSM }],
        previousPayee: { kind: 'Staked' },
        at: T0,
      },
      at: T0,
    },
    { address: `${name}-creator`, nonce: `create-${name}-nonce-0000`, action: 'collective.create' },
  );
}

const usedNonce = (use: NonceUse) =>
  prisma.usedNonce.findUnique({ where: { address_nonce: { address: use.address, nonce: use.nonce } } });
const removalRows = (subject: string) =>
  prisma.proposal.findMany({ where: { scope: 'collective', subject, kind: 'remove' } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? `${e.kind} ${e.code}` : String(e)),
  );

beforeAll(async () => {
  db = await createTestDatabase('removals');
  prisma = createPrismaClient(db.url);
  collectives = new PrismaCollectiveRepository(prisma);
  proposals = new PrismaProposalRepository(prisma);
  removals = new PrismaRemovalProposals(prisma);
  await prisma.token.create({
    data: { denom: 'KSM', kind: 'native', assetId: null, decimals: 12, rate: '10', staking: true },
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('PrismaRemovalProposals', () => {
  beforeEach(async () => {
    await prisma.proposal.deleteMany({});
  });

  it('stores a passed removal proposal with the collective voting settings, the nonce spent with it', async () => {
    await collective('alpha');
    const use = nonce();
    const at = new Date('2031-01-02T00:00:00.700Z');
    const id = await removals.raise({ collective: 'alpha', proposer: 'alice', reason: 'below the minimum', at }, use);
    const whole = new Date('2031-01-02T00:00:00Z');
    expect(await proposals.get(id)).toEqual({
      id,
      scope: 'collective',
      subject: 'alpha',
      kind: 'remove',
      body: { kind: 'remove' },
      proposer: 'alice',
      status: 'passed',
      reason: 'raised automatically: below the minimum',
      quorum: '0.6',
      votePeriod: 120,
      voteEnactment: 45,
      createdAt: whole,
      votingEndsAt: whole,
      decidedAt: whole,
      enactAt: new Date(whole.getTime() + 45_000),
      enactedAt: null,
      eligible: [],
      tally: { yes: 0, no: 0, abstain: 0 },
    });
    expect(await usedNonce(use)).not.toBeNull();
  });

  it('returns the open removal proposal instead of a second one, spending the nonce all the same', async () => {
    await collective('beta');
    const first = await removals.raise({ collective: 'beta', proposer: 'alice', reason: 'one', at: T0 }, nonce());
    const use = nonce('bob');
    expect(await removals.raise({ collective: 'beta', proposer: 'bob', reason: 'two', at: T0 }, use)).toBe(first);
    expect(await removalRows('beta')).toHaveLength(1);
    expect(await usedNonce(use)).not.toBeNull();
  });

  it('a voting removal proposal counts as open too; an enacted or failed one does not', async () => {
    await collective('gamma');
    const voting = await prisma.proposal.create({
      data: {
        scope: 'collective',
        subject: 'gamma',
        kind: 'remove',
        body: { kind: 'remove' },
        proposer: 'gamma-creator',
        status: 'voting',
        quorum: '0.5',
        votePeriod: 60,
        voteEnactment: 0,
        createdAt: T0,
        votingEndsAt: T0,
        eligible: [],
      },
    });
    expect(await removals.raise({ collective: 'gamma', proposer: 'alice', reason: 'r', at: T0 }, nonce())).toBe(
      voting.id.toString(),
    );
    await prisma.proposal.update({ where: { id: voting.id }, data: { status: 'failed' } });
    const fresh = await removals.raise({ collective: 'gamma', proposer: 'alice', reason: 'r', at: T0 }, nonce());
    expect(fresh).not.toBe(voting.id.toString());
    expect(await removalRows('gamma')).toHaveLength(2);
  });

  it('a replayed nonce raises nothing (401 NONCE_REPLAYED)', async () => {
    await collective('delta');
    const use = nonce();
    await removals.raise({ collective: 'delta', proposer: 'alice', reason: 'r', at: T0 }, use);
    await prisma.proposal.deleteMany({});
    expect(await codeOf(removals.raise({ collective: 'delta', proposer: 'alice', reason: 'r', at: T0 }, use))).toBe(
      'unauthenticated NONCE_REPLAYED',
    );
    expect(await removalRows('delta')).toEqual([]);
  });

  it('an unknown collective: 404 COLLECTIVE_NOT_FOUND, the nonce not spent', async () => {
    const use = nonce();
    expect(await codeOf(removals.raise({ collective: 'nowhere', proposer: 'alice', reason: 'r', at: T0 }, use))).toBe(
      'not_found COLLECTIVE_NOT_FOUND',
    );
    expect(await usedNonce(use)).toBeNull();
    expect(await prisma.proposal.count()).toBe(0);
  });

  it('raises at once for one collective make one proposal', async () => {
    await collective('epsilon');
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        removals.raise({ collective: 'epsilon', proposer: `user${i}`, reason: 'r', at: T0 }, nonce(`user${i}`)),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    expect(await removalRows('epsilon')).toHaveLength(1);
  });

  it('the governance tick enacts it after the enactment delay: the collective removed, its stashes released', async () => {
    await collective('zeta');
    const clock = new TestClock(new Date('2031-02-01T00:00:00Z'));
    const registries = new FakeCollectiveRegistries();
    const deps: CollectiveDeps = {
      authorize: fakeAuthorize,
      collectives,
      registries,
      delegations: new FakeDelegations(),
      stakes: new FakeStakes(),
      removals,
      codec: fakeCodec([]),
      clock,
      operator: () => 'operator',
    };
    const governance = {
      proposals,
      subjects: new GovernedSubjectRegistry().register(collectiveSubjects(deps)),
      roles: registries,
      clock,
    };
    const id = await removals.raise({ collective: 'zeta', proposer: 'alice', reason: 'r', at: clock.now() }, nonce());

    clock.advance(44);
    expect((await closeAndEnact(governance, clock.now())).enacted).toEqual([]);
    clock.advance(1);
    expect((await closeAndEnact(governance, clock.now())).enacted).toEqual([id]);

    const removed = (await collectives.byName('zeta'))!;
    expect(removed).toMatchObject({
      status: 'removed',
      removedReason: `removed by proposal ${id}`,
      removedAt: clock.now(),
    });
    expect(await collectives.contributors(removed.id)).toMatchObject([
      { address: 'zeta-creator', status: 'released', bonds: [] },
    ]);
    expect((await collectives.distributions(removed.id, { after: null, limit: 10 })).items).toMatchObject([
      { kind: 'final' },
    ]);
    expect(
      await prisma.collectivePayeeChange.findMany({
        where: { stash: 'zeta-creator' },
        select: { kind: true },
        orderBy: { id: 'asc' },
      }),
    ).toEqual([{ kind: 'set' }, { kind: 'restore' }]);
    expect((await proposals.get(id))!.status).toBe('enacted');
    // Removed: no further removal is raised.
    const use = nonce();
    expect(
      await codeOf(removals.raise({ collective: 'zeta', proposer: 'alice', reason: 'r', at: clock.now() }, use)),
    ).toBe('conflict COLLECTIVE_REMOVED');
    expect(await usedNonce(use)).toBeNull();
  });
});
