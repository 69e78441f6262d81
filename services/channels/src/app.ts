import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, type Logger } from '@kalcifer/platform';
import { ChannelsModule, type ChannelsTestOptions } from './app.module';
import { readConfig, type ChannelsConfig } from './config';
import { HealthEndpoint } from './transport/health.endpoint';

/** Environment overrides, in env form (strings): what a test or an embedding process changes. */
export type ChannelsOverrides = Partial<Record<keyof ChannelsConfig, string>>;

export interface RunningChannels {
  config: ChannelsConfig;
  logger: Logger;
  healthPort: number;
  app: INestApplicationContext;
  /** Stops consuming, lets the intents in flight finish, then closes every connection. */
  close(): Promise<void>;
}

/** Starts the channel worker in this process (main.ts, integration tests). */
export async function bootstrap(
  overrides: ChannelsOverrides = {},
  options: ChannelsTestOptions = {},
): Promise<RunningChannels> {
  const config = readConfig({ ...process.env, ...overrides });
  const logger = createLogger('channels', config.LOG_LEVEL);
  // abortOnError false: a failed start rejects instead of aborting the process.
  const app = await NestFactory.createApplicationContext(ChannelsModule.forRoot(config, logger, options), {
    logger: false,
    abortOnError: false,
  });
  const healthPort = app.get(HealthEndpoint).boundPort ?? -1;
  logger.info(
    { health: healthPort, smtp: redactUrl(config.SMTP_URL), lookup: Boolean(config.MAILPIT_API_URL) },
    'channels started',
  );
  return { config, logger, healthPort, app, close: () => app.close() };
}

function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
