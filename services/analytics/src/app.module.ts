import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Logger } from '@kalcifer/platform';
import { EvaluateAlertRules } from './application/evaluate-alert-rules';
import { GetAbResults } from './application/get-ab-results';
import { GetFunnel } from './application/get-funnel';
import { GetJourneyAnalytics } from './application/get-journey-analytics';
import { GetNodeAnalytics } from './application/get-node-analytics';
import { ManageAlertRules } from './application/manage-alert-rules';
import { RecordJournalStep } from './application/record-journal-step';
import type { AnalyticsConfig } from './config';
import { MongoAlertRuleStore } from './infrastructure/mongo-alert-rule-store';
import { MongoAlertWindowCounter } from './infrastructure/mongo-alert-window-counter';
import { MongoJourneyEventStore } from './infrastructure/mongo-journey-event-store';
import { NatsAlertPublisher } from './infrastructure/nats-alert-publisher';
import { Resources } from './infrastructure/resources';
import { ALERT_RULE_STORE, type AlertRuleStore } from './ports/alert-rule-store';
import { JOURNEY_EVENT_STORE, type JourneyEventStore } from './ports/journey-event-store';
import { AlertEvaluationLoop } from './transport/alert-evaluation.loop';
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
          provide: ALERT_RULE_STORE,
          inject: [Resources],
          useFactory: async (r: Resources) => {
            const store = new MongoAlertRuleStore(r.mongo);
            await store.init();
            return store;
          },
        },
        {
          provide: AlertEvaluationLoop,
          // After the event store: the counter uses its model and indexes.
          inject: [Resources, ALERT_RULE_STORE, METRICS_REGISTRY, JOURNEY_EVENT_STORE],
          useFactory: (r: Resources, rules: AlertRuleStore, registry: Registry) =>
            new AlertEvaluationLoop(
              new EvaluateAlertRules(
                rules,
                new MongoAlertWindowCounter(r.mongo),
                new NatsAlertPublisher(r.bus.js),
                logger,
              ),
              config.ALERT_EVAL_INTERVAL_MS,
              registry,
              logger,
            ),
        },
        {
          provide: AnalyticsGrpcServer,
          inject: [JOURNEY_EVENT_STORE, ALERT_RULE_STORE],
          useFactory: (store: JourneyEventStore, rules: AlertRuleStore) =>
            new AnalyticsGrpcServer(
              config.ANALYTICS_GRPC_ADDRESS,
              new GetJourneyAnalytics(store),
              new GetNodeAnalytics(store),
              new GetFunnel(store),
              new GetAbResults(store),
              new ManageAlertRules(rules),
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
