import type { ServiceMetricSources } from '../api/service-metrics.js';
import type { Context } from './context.js';

/** Where the service's gauges come from (GET /metrics), from the context. */
export function serviceMetricSources(ctx: Context): ServiceMetricSources {
  return {
    delegatorsByStatus: () => ctx.stats.statusCounts(),
    payoutsByStatus: async () => {
      const rows = await ctx.prisma.payout.groupBy({ by: ['status'], _count: { _all: true } });
      return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    },
    indexer: async () => ({
      cursor: await ctx.events.cursor(),
      finalized: await Promise.resolve()
        .then(() => ctx.eventSource.finalizedHead())
        .then(
          (h) => h.number,
          () => null,
        ),
    }),
    enteredActiveSet: () => ctx.stats.enteredTotal(),
    activeJobs: async () =>
      (
        await Promise.all(
          ctx.queues.all().map(async (q) =>
            (await q.getActive()).map((j) => ({
              queue: q.name,
              id: j.id ?? '',
              progress:
                typeof j.progress === 'object' && j.progress !== null
                  ? (j.progress as Record<string, unknown>)
                  : { value: j.progress },
            })),
          ),
        )
      ).flat(),
  };
}
