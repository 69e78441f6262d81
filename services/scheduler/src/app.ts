import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { NestPinoLogger, createLogger } from '@kalcifer/platform';
import { AppModule } from './app.module';
import { readConfig, type SchedulerConfig } from './config';
import { closeConnections, openConnections } from './infrastructure/connections';
import { HealthEndpoint, METRICS_REGISTRY } from './transport/health-endpoint';

export interface SchedulerHandle {
  app: INestApplicationContext;
  config: SchedulerConfig;
  /** Port of /healthz, /readyz and /metrics. */
  healthPort: number;
  /** The metrics served on /metrics. */
  registry: Registry;
  /** Stops the consumer and the poller, marks what fired, closes every connection. */
  close(): Promise<void>;
}

export interface BootstrapOptions {
  /** Environment entries that win over process.env (tests: MONGODB_DB, TIMER_POLL_MS...). */
  env?: Record<string, string>;
  /** main.ts: close on SIGTERM/SIGINT. */
  shutdownHooks?: boolean;
}

/** Starts the scheduler in this process. */
export async function bootstrap(options: BootstrapOptions = {}): Promise<SchedulerHandle> {
  const config = readConfig({ ...process.env, ...options.env });
  const logger = createLogger('scheduler', config.LOG_LEVEL);
  const connections = await openConnections(config, logger);
  let app: INestApplicationContext;
  try {
    app = await NestFactory.createApplicationContext(AppModule.register({ config, logger, connections }), {
      logger: new NestPinoLogger(logger),
      // Throw to the caller instead of aborting the process.
      abortOnError: false,
    });
  } catch (err) {
    await closeConnections(connections);
    throw err;
  }
  if (options.shutdownHooks) app.enableShutdownHooks();
  let closing: Promise<void> | undefined;
  return {
    app,
    config,
    healthPort: app.get(HealthEndpoint).port ?? 0,
    registry: app.get<Registry>(METRICS_REGISTRY),
    close: () => (closing ??= app.close()),
  };
}
