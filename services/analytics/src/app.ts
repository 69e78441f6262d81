import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, type Logger } from '@kalcifer/platform';
import { AnalyticsModule } from './app.module';
import { readConfig, type AnalyticsConfig } from './config';
import { AnalyticsGrpcServer } from './transport/analytics.grpc';
import { HealthEndpoint } from './transport/health.endpoint';

/** Environment overrides, in env form (strings): what a test or an embedding process changes. */
export type AnalyticsOverrides = Partial<Record<keyof AnalyticsConfig, string>>;

export interface RunningAnalytics {
  config: AnalyticsConfig;
  logger: Logger;
  grpcPort: number;
  healthPort: number;
  app: INestApplicationContext;
  /** Stops consuming, lets the writes in flight finish, then closes every connection. */
  close(): Promise<void>;
}

/** Starts the analytics service in this process (main.ts, integration tests). */
export async function bootstrap(overrides: AnalyticsOverrides = {}): Promise<RunningAnalytics> {
  const config = readConfig({ ...process.env, ...overrides });
  const logger = createLogger('analytics', config.LOG_LEVEL);
  // abortOnError false: a failed start rejects instead of aborting the process.
  const app = await NestFactory.createApplicationContext(AnalyticsModule.forRoot(config, logger), {
    logger: false,
    abortOnError: false,
  });
  const grpcPort = app.get(AnalyticsGrpcServer).boundPort ?? -1;
  const healthPort = app.get(HealthEndpoint).boundPort ?? -1;
  logger.info({ grpc: grpcPort, health: healthPort }, 'analytics started');
  return { config, logger, grpcPort, healthPort, app, close: () => app.close() };
}
