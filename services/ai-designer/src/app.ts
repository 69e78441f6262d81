import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connectMongo, createLogger, type Logger } from '@kalcifer/platform';
import { AiDesignerModule, HealthEndpoint } from './app.module';
import { GeminiJourneyDesigner } from './application/gemini-journey-designer';
import { OfflineJourneyDesigner } from './application/offline-journey-designer';
import { readConfig, type DesignerConfig } from './config';
import { GeminiLanguageModel } from './infrastructure/gemini-language-model';
import { MongoDesignSessionStore } from './infrastructure/mongo-design-session-store';
import type { JourneyDesigner } from './ports/journey-designer';
import { AiDesignerGrpcServer } from './transport/ai-designer.grpc';

/** Environment overrides, in env form (strings): what a test or an embedding process changes. */
export type DesignerOverrides = Partial<Record<keyof DesignerConfig, string>>;

export interface RunningDesigner {
  config: DesignerConfig;
  logger: Logger;
  grpcPort: number;
  healthPort: number;
  app: INestApplicationContext;
  close(): Promise<void>;
}

function chooseDesigner(config: DesignerConfig, logger: Logger): JourneyDesigner {
  if (config.GEMINI_API_KEY === undefined) return new OfflineJourneyDesigner();
  const model = new GeminiLanguageModel({
    apiKey: config.GEMINI_API_KEY,
    model: config.GEMINI_MODEL,
    baseUrl: config.GEMINI_BASE_URL,
    timeoutMs: config.GEMINI_TIMEOUT_MS,
  });
  return new GeminiJourneyDesigner(model, {
    maxAttempts: config.GEMINI_MAX_ATTEMPTS,
    log: (message, detail) => logger.warn(detail, message),
  });
}

/** Starts the ai-designer in this process (main.ts, integration tests). */
export async function bootstrap(overrides: DesignerOverrides = {}): Promise<RunningDesigner> {
  const config = readConfig({ ...process.env, ...overrides });
  const logger = createLogger('ai-designer', config.LOG_LEVEL);
  const mongo = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
  try {
    const sessions = new MongoDesignSessionStore(mongo);
    await sessions.init();
    const app = await NestFactory.createApplicationContext(
      AiDesignerModule.forRoot({ config, logger, mongo, sessions, designer: chooseDesigner(config, logger) }),
      { logger: false, abortOnError: false },
    );
    const grpcPort = app.get(AiDesignerGrpcServer).boundPort ?? -1;
    const healthPort = app.get(HealthEndpoint).boundPort ?? -1;
    logger.info(
      {
        grpc: grpcPort,
        health: healthPort,
        designer: config.GEMINI_API_KEY === undefined ? 'offline' : `gemini ${config.GEMINI_MODEL}`,
      },
      'ai-designer started',
    );
    return {
      config,
      logger,
      grpcPort,
      healthPort,
      app,
      close: async () => {
        await app.close();
        await mongo.close();
      },
    };
  } catch (err) {
    await mongo.close();
    throw err;
  }
}
