import 'reflect-metadata';
import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger, initTelemetry } from '@kalcifer/platform';
import { startOrchestrator, type RunningOrchestrator } from './app';
import { readConfig } from './config';

const ORCHESTRATOR = Symbol('RunningOrchestrator');

class Lifecycle implements OnApplicationShutdown {
  constructor(private readonly running: RunningOrchestrator) {}
  async onApplicationShutdown() {
    await this.running.close();
  }
}

async function main() {
  initTelemetry('orchestrator');
  const config = readConfig();
  const logger = createLogger('orchestrator', config.LOG_LEVEL);

  @Module({
    providers: [
      { provide: ORCHESTRATOR, useFactory: () => startOrchestrator(config, logger) },
      {
        provide: Lifecycle,
        useFactory: (r: RunningOrchestrator) => new Lifecycle(r),
        inject: [ORCHESTRATOR],
      },
    ],
  })
  class OrchestratorModule {}

  const app = await NestFactory.createApplicationContext(OrchestratorModule, { logger: false });
  app.enableShutdownHooks();
}

main().catch((err: unknown) => {
  createLogger('orchestrator').fatal({ err }, 'orchestrator failed to start');
  process.exit(1);
});
