import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { mongoPing, startHealthServer, type HealthServer } from '@kalcifer/platform';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DesignConversation } from './application/design-conversation';
import { ImportDocument } from './application/import-document';
import type { DesignerConfig } from './config';
import type { DesignSessionStore } from './ports/design-session-store';
import type { JourneyDesigner } from './ports/journey-designer';
import { AiDesignerGrpcServer } from './transport/ai-designer.grpc';

/** /healthz, /readyz (MongoDB answers) and /metrics. */
export class HealthEndpoint implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: HealthServer;

  constructor(
    private readonly port: number,
    private readonly mongo: Connection,
    private readonly host: string,
  ) {}

  get boundPort(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startHealthServer(
      'ai-designer',
      this.port,
      { mongo: mongoPing(this.mongo) },
      undefined,
      this.host,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }
}

export interface DesignerDeps {
  config: DesignerConfig;
  logger: Logger;
  mongo: Connection;
  sessions: DesignSessionStore;
  designer: JourneyDesigner;
}

@Module({})
export class AiDesignerModule {
  static forRoot(deps: DesignerDeps): DynamicModule {
    const conversation = new DesignConversation(deps.designer, deps.sessions);
    const importDocument = new ImportDocument(deps.designer, deps.config.DOCUMENT_MAX_BYTES);
    return {
      module: AiDesignerModule,
      providers: [
        {
          provide: AiDesignerGrpcServer,
          useValue: new AiDesignerGrpcServer(
            deps.config.AI_DESIGNER_GRPC_ADDRESS,
            conversation,
            importDocument,
            deps.logger,
          ),
        },
        {
          provide: HealthEndpoint,
          useValue: new HealthEndpoint(deps.config.HEALTH_PORT, deps.mongo, deps.config.HEALTH_HOST),
        },
      ],
    };
  }
}
