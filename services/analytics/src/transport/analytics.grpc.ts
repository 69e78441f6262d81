import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { analyticsGrpc } from '@kalcifer/contracts';
import { startGrpcServer, type Logger } from '@kalcifer/platform';
import type { RangeQuery } from '../application/analytics-range';
import type { GetFunnel } from '../application/get-funnel';
import type { GetJourneyAnalytics } from '../application/get-journey-analytics';
import type { GetNodeAnalytics } from '../application/get-node-analytics';

/** The Analytics gRPC service (proto/kalcifer/v1/analytics.proto): thin mapping to the use cases. */
export class AnalyticsGrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: { port: number; close(): Promise<void> };

  constructor(
    private readonly address: string,
    private readonly journeys: GetJourneyAnalytics,
    private readonly nodes: GetNodeAnalytics,
    private readonly funnels: GetFunnel,
    private readonly logger: Logger,
  ) {}

  get boundPort(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startGrpcServer(
      analyticsGrpc.AnalyticsService,
      {
        getJourneyAnalytics: (r) => this.journeys.execute(rangeOf(r)),
        getNodeAnalytics: async (r) => ({ nodes: await this.nodes.execute(rangeOf(r)) }),
        getFunnel: async (r) => ({ steps: await this.funnels.execute({ ...rangeOf(r), path: r.path }) }),
      },
      this.address,
      this.logger,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }
}

/** 0 leaves an end of the range open (proto3 has no absent int64). */
function rangeOf(r: { workspaceId: string; journeyId: string; fromMs: number; toMs: number }): RangeQuery {
  return {
    workspaceId: r.workspaceId,
    journeyId: r.journeyId,
    ...(r.fromMs !== 0 && { fromMs: r.fromMs }),
    ...(r.toMs !== 0 && { toMs: r.toMs }),
  };
}
