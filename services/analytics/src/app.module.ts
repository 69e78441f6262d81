import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Logger } from '@kalcifer/platform';
import { GetFunnel } from './application/get-funnel';
import { GetJourneyAnalytics } from './application/get-journey-analytics';
import { GetNodeAnalytics } from './application/get-node-analytics';
import { RecordJournalStep } from './application/record-journal-step';
import type { AnalyticsConfig } from './config';
import { MongoJourneyEventStore } from './infrastructure/mongo-journey-event-store';
import { Resources } from './infrastructure/resources';
import { JOURNEY_EVENT_STORE, type JourneyEventStore } from './ports/journey-event-store';
import { AnalyticsGrpcServer } from './transport/analytics.grpc';
import { HealthEndpoint } from './transport/health.endpoint';
import { JournalConsumer } from './transport/journal.consumer';

const METRICS_REGISTRY = Symbol('MetricsRegistry');

/** The analytics composition root: application classes stay free of Nest. */
@Module({})
export class AnalyticsModule {
  static forRoot(config: AnalyticsConfig, logger: Logger): DynamicModule {
    return {
      module: AnalyticsModule,
      providers: [
        { provide: Resources, useFactory: () => Resources.open(config, logger) },
        // One registry per service instance, so that two in one process (tests) do not collide.
        { provide: METRICS_REGISTRY, useFactory: () => new Registry() },
        {
          provide: JOURNEY_EVENT_STORE,
          inject: [Resources],
          useFactory: async (r: Resources) => {
            const store = new MongoJourneyEventStore(r.mongo);
            await store.init();
            return store;
          },
        },
        {
          provide: RecordJournalStep,
          inject: [JOURNEY_EVENT_STORE],
          useFactory: (store: JourneyEventStore) => new RecordJournalStep(store),
        },
        {
          provide: JournalConsumer,
          inject: [Resources, RecordJournalStep, METRICS_REGISTRY],
          useFactory: (r: Resources, record: RecordJournalStep, registry: Registry) =>
            new JournalConsumer(r.bus, record, config.ANALYTICS_CONCURRENCY, registry, logger),
        },
        {
          provide: AnalyticsGrpcServer,
          inject: [JOURNEY_EVENT_STORE],
          useFactory: (store: JourneyEventStore) =>
            new AnalyticsGrpcServer(
              config.ANALYTICS_GRPC_ADDRESS,
              new GetJourneyAnalytics(store),
              new GetNodeAnalytics(store),
              new GetFunnel(store),
              logger,
            ),
        },
        {
          provide: HealthEndpoint,
          inject: [Resources, METRICS_REGISTRY],
          useFactory: (r: Resources, registry: Registry) =>
            new HealthEndpoint(config.HEALTH_PORT, registry, r.bus, r.mongo, config.HEALTH_HOST),
        },
      ],
    };
  }
}
