import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Logger } from '@kalcifer/platform';
import { redisPrefix, type SchedulerConfig } from './config';
import { CancelTimer } from './application/cancel-timer';
import { FireDueTimers } from './application/fire-due-timers';
import { LoadTimerIndex } from './application/load-timer-index';
import { FireRecorder } from './application/record-fires';
import { ScheduleTimer } from './application/schedule-timer';
import {
  BUS,
  ConnectionsCloser,
  MONGO,
  REDIS,
  type SchedulerConnections,
} from './infrastructure/connections';
import { MongoTimerStore } from './infrastructure/mongo-timer-store';
import { NatsFirePublisher } from './infrastructure/nats-fire-publisher';
import { PromSchedulerMetrics } from './infrastructure/prom-scheduler-metrics';
import { RedisTimerIndex } from './infrastructure/redis-timer-index';
import { FIRE_PUBLISHER } from './ports/fire-publisher';
import { LOGGER } from './ports/logger';
import { SCHEDULER_METRICS } from './ports/scheduler-metrics';
import { TIMER_SETTINGS, type TimerSettings } from './ports/settings';
import { TIMER_INDEX, type TimerIndex } from './ports/timer-index';
import { TIMER_STORE } from './ports/timer-store';
import { SchedulerRuntime } from './scheduler-runtime';
import { DueTimerPoller } from './transport/due-timer-poller';
import { HealthEndpoint, METRICS_REGISTRY } from './transport/health-endpoint';
import { IndexRefresher } from './transport/index-refresher';
import { TimerRequestsConsumer } from './transport/timer-requests.consumer';
import { TRANSPORT_SETTINGS, type TransportSettings } from './transport/transport-settings';

export interface AppModuleOptions {
  config: SchedulerConfig;
  logger: Logger;
  connections: SchedulerConnections;
}

/** The scheduler's wiring: ports bound to their adapters, use cases, drivers, runtime. */
@Module({})
export class AppModule {
  static register({ config, logger, connections }: AppModuleOptions): DynamicModule {
    const timerSettings: TimerSettings = {
      horizonMs: config.TIMER_HORIZON_MS,
      batchSize: config.TIMER_BATCH_SIZE,
    };
    const transportSettings: TransportSettings = {
      consumerConcurrency: config.TIMER_CONSUMER_CONCURRENCY,
      pollMs: config.TIMER_POLL_MS,
      batchSize: config.TIMER_BATCH_SIZE,
      reloadEveryMs: Math.floor(config.TIMER_HORIZON_MS / 4),
      healthPort: config.HEALTH_PORT,
      healthHost: config.HEALTH_HOST,
    };
    return {
      module: AppModule,
      providers: [
        { provide: LOGGER, useValue: logger },
        { provide: BUS, useValue: connections.bus },
        { provide: MONGO, useValue: connections.mongo },
        { provide: REDIS, useValue: connections.redis },
        { provide: TIMER_SETTINGS, useValue: timerSettings },
        { provide: TRANSPORT_SETTINGS, useValue: transportSettings },
        { provide: METRICS_REGISTRY, useValue: new Registry() },
        {
          provide: TIMER_STORE,
          useFactory: async () => {
            const store = new MongoTimerStore(connections.mongo);
            await store.init();
            return store;
          },
        },
        {
          provide: TIMER_INDEX,
          useFactory: () => new RedisTimerIndex(connections.redis, redisPrefix(config)),
        },
        { provide: FIRE_PUBLISHER, useFactory: () => new NatsFirePublisher(connections.bus) },
        {
          provide: SCHEDULER_METRICS,
          useFactory: (registry: Registry, index: TimerIndex) => new PromSchedulerMetrics(registry, index),
          inject: [METRICS_REGISTRY, TIMER_INDEX],
        },
        ScheduleTimer,
        CancelTimer,
        FireRecorder,
        FireDueTimers,
        LoadTimerIndex,
        TimerRequestsConsumer,
        IndexRefresher,
        DueTimerPoller,
        HealthEndpoint,
        SchedulerRuntime,
        ConnectionsCloser,
      ],
    };
  }
}
