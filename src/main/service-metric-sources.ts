import type { RunningJob, ServiceMetricSources } from '../api/service-metrics.js';
import type { Context } from './context.js';
import { startServiceGauges, type ServiceGauges, type ServiceGaugeSources } from './service-gauges.js';

/** What the service's gauges read, from the context: queries, queue reads and the chain's head. */
export function serviceGaugeSources(ctx: Context): ServiceGaugeSources {
  return {
    changes: ctx.changes,
    delegatorsByStatus: () => ctx.stats.statusCounts(),
    payoutsByStatus: async () => {
      const rows = await ctx.prisma.payout.groupBy({ by: ['status'], _count: { _all: true } });
      return Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    },
    indexerCursor: () => ctx.events.cursor(),
    enteredActiveSet: () => ctx.stats.enteredTotal(),
    // `eventSource` throws until the chain answered: a rejection, read again on the next tick.
    finalizedHead: async () => (await ctx.eventSource.finalizedHead()).number,
    activeJobs: async () =>
      (
        await Promise.all(
          ctx.queues.all().map(async (q) =>
            (await q.getActive()).map((j): RunningJob => ({
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
    logger: ctx.logger.child({ component: 'metrics' }),
  };
}

/**
 * The service's gauges (GET /metrics), started on first use only: every process builds the
 * modules, but only the one serving /metrics keeps the gauges current (in the background).
 */
export function serviceMetricSources(ctx: Context): ServiceMetricSources {
  let gauges: ServiceGauges | null = null;
  return {
    start: () => (gauges ??= startServiceGauges(serviceGaugeSources(ctx))),
  };
}
