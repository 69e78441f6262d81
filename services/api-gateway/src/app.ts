import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { analyticsGrpc, channelsGrpc, grpc } from '@kalcifer/contracts';
import {
  NestPinoLogger,
  connectMongo,
  connectRedis,
  createGrpcClient,
  createLogger,
  ensureStreams,
  SecretCipher,
  type Logger,
} from '@kalcifer/platform';
import { GatewayModule } from './app.module';
import { loadGatewayConfig, type GatewayConfig } from './config';
import { CachedJourneyLookup } from './infrastructure/cached-journey-lookup';
import { JetStreamPublisher } from './infrastructure/jetstream-publisher';
import { JetStreamJournalFeed } from './infrastructure/jetstream-journal-feed';
import { MongoWebhookStore } from './infrastructure/mongo-webhook-store';
import { ChannelsTargetSettings } from './infrastructure/channels-target-settings';
import { FanOutJournal } from './application/fan-out-journal';
import { DispatchWebhooks } from './application/dispatch-webhooks';
import { JournalWebhooksWorker } from './transport/journal-webhooks.worker';
import { MongoWorkspaceStore } from './infrastructure/mongo-workspace-store';
import { MongoAuditTrail } from './infrastructure/mongo-audit-trail';
import { MongoMemberStore } from './infrastructure/mongo-member-store';
import { MemberDirectory } from './application/member-directory';
import { NatsReplicaNotices } from './infrastructure/nats-replica-notices';
import { MongoQuotaStore } from './infrastructure/mongo-quota-store';
import { RedisRateLimiter } from './infrastructure/redis-rate-limiter';
import { JwtVerifier } from './application/verify-jwt';
import { connectIngestBus } from './infrastructure/nats-bus';
import { PromGatewayMetrics } from './infrastructure/prom-gateway-metrics';
import { grpcReadiness, mongoReadiness, natsReadiness } from './infrastructure/readiness-checks';
import { ApiExceptionFilter } from './transport/http/error-filter';
import { buildOpenApiDocument } from './transport/http/openapi/openapi-document';
import { requestContext } from './transport/http/request-context.middleware';
import { v1Gate } from './transport/http/v1-gate.middleware';
import { cors } from './transport/http/cors.middleware';
import { rawWebhookBody } from './transport/http/raw-webhook-body.middleware';
import { documentUploadBody } from './transport/http/document-upload.middleware';
import { createAiDesignerClient } from './infrastructure/ai-designer-client';
import { API_KEY_CACHE, AuthenticateApiKey, type ApiKeyCache } from './application/authenticate-api-key';
import { routeLabeller } from './transport/http/route-label';
import { AuditTrail } from './application/audit-trail';
import { Quotas } from './application/workspace-quotas';
import { PublicApiHandlers } from './transport/grpc/public-api.handlers';
import { PublicGrpcServer } from './transport/grpc/public-api.server';
import { publicGrpcCredentials } from './transport/grpc/public-grpc-tls';
import { CheckReadiness } from './application/check-readiness';

export interface BootstrapOptions {
  /** Values that win over the environment (tests: a database of their own, port 0). */
  config?: Partial<GatewayConfig>;
  env?: NodeJS.ProcessEnv;
  /** Close cleanly on SIGTERM/SIGINT (main.ts; not in tests). */
  shutdownHooks?: boolean;
  logger?: Logger;
}

export interface GatewayHandle {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** The public gRPC API's port (PUBLIC_GRPC_PORT, or the one picked for 0). */
  grpcPort: number;
  config: GatewayConfig;
  app: NestExpressApplication;
  close(): Promise<void>;
}

/** Starts the gateway in this process: connects NATS and MongoDB, then serves HTTP. */
export async function bootstrap(options: BootstrapOptions = {}): Promise<GatewayHandle> {
  const config: GatewayConfig = { ...loadGatewayConfig(options.env), ...options.config };
  const logger = options.logger ?? createLogger('api-gateway', config.LOG_LEVEL);
  // Before any connection: a TLS file that cannot be used stops the start at once.
  const grpcTls = publicGrpcCredentials(config);

  const bus = await connectIngestBus(config.NATS_URL, logger);
  const closers: (() => Promise<void> | void)[] = [() => bus.nc.drain()];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await Promise.resolve(close()).catch((err: unknown) => logger.warn({ err }, 'close failed'));
    closers.length = 0;
    logger.info('api-gateway stopped');
  };
  try {
    await ensureStreams(bus.jsm);
    const mongo = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
    closers.push(() => mongo.close());
    const store = new MongoWorkspaceStore(mongo);
    await store.ensureIndexes();
    const memberStore = new MongoMemberStore(mongo);
    await memberStore.ensureIndexes();
    const memberDirectory = new MemberDirectory(memberStore, config.API_KEY_CACHE_MS);
    const replicaNotices = new NatsReplicaNotices(bus.nc, logger);
    closers.push(() => replicaNotices.close());
    const auditTrail = new MongoAuditTrail(mongo);
    await auditTrail.ensureIndexes();
    const redis = await connectRedis(config.REDIS_URL);
    closers.push(() => redis.quit().then(() => undefined));
    const orchestrator = createGrpcClient(grpc.OrchestratorService, config.ORCHESTRATOR_GRPC_URL, 10_000, {
      publishVersion: config.PUBLISH_DEADLINE_MS,
      rollback: config.PUBLISH_DEADLINE_MS,
      getMigration: config.PROGRESS_DEADLINE_MS,
      listMigrations: config.PROGRESS_DEADLINE_MS,
      getJourneyOccupancy: config.PROGRESS_DEADLINE_MS,
    });
    closers.push(() => orchestrator.close());
    const channels = createGrpcClient(channelsGrpc.ChannelsService, config.CHANNELS_GRPC_URL);
    closers.push(() => channels.close());
    const webhookStore = new MongoWebhookStore(mongo, secretCipherOf(config, logger));
    await webhookStore.ensureIndexes();
    const aiDesigner = createAiDesignerClient(config.AI_DESIGNER_GRPC_URL, config.DESIGNER_DEADLINE_MS);
    closers.push(() => aiDesigner.close());
    const analytics = createGrpcClient(analyticsGrpc.AnalyticsService, config.ANALYTICS_GRPC_URL);
    closers.push(() => analytics.close());
    const orchestratorProbe = grpcReadiness('orchestrator', config.ORCHESTRATOR_GRPC_URL);
    closers.push(() => orchestratorProbe.close());

    const metrics = new PromGatewayMetrics();
    const openApi = buildOpenApiDocument();
    const publisher = new JetStreamPublisher(bus, logger, 8_000, config.PUBLISH_MAX_IN_FLIGHT);
    const app = await NestFactory.create<NestExpressApplication>(
      GatewayModule.register({
        config,
        logger,
        orchestrator,
        channels,
        aiDesigner,
        analytics,
        journeyLookup: new CachedJourneyLookup(orchestrator, config.JOURNEY_CACHE_MS),
        publisher,
        journalFeed: new JetStreamJournalFeed(bus.js),
        webhookStore,
        targetSettings: new ChannelsTargetSettings(channels),
        store,
        jwt: new JwtVerifier(
          {
            hs256Secret: config.JWT_HS256_SECRET,
            jwksUrl: config.JWT_JWKS_URL,
            issuer: config.JWT_ISSUER,
            audience: config.JWT_AUDIENCE,
            jwksCacheMs: config.JWT_JWKS_CACHE_MS,
            clockSkewSeconds: config.JWT_CLOCK_SKEW_SECONDS,
          },
          store,
          Date.now,
          memberDirectory,
        ),
        memberStore,
        memberDirectory,
        replicaNotices,
        auditTrail,
        quotas: new MongoQuotaStore(mongo),
        rateLimiter: new RedisRateLimiter(redis, logger),
        readinessChecks: [natsReadiness(bus), mongoReadiness(mongo), orchestratorProbe],
        metrics,
        openApi,
        shutdown: closeAll,
      }),
      new ExpressAdapter(),
      {
        bodyParser: false,
        logger: new NestPinoLogger(logger),
        forceCloseConnections: true,
        abortOnError: false,
      },
    );
    const apiKeyCache = app.get<ApiKeyCache>(API_KEY_CACHE);
    await replicaNotices.listen({
      membersChanged: (workspaceId) => memberDirectory.forget(workspaceId),
      apiKeyRevoked: (keyHash) => apiKeyCache.delete(keyHash),
    });
    app.disable('x-powered-by');
    app.use(cors(config.CORS_ALLOWED_ORIGINS));
    app.use(requestContext(metrics, routeLabeller(Object.keys(openApi.paths as object)), logger));
    app.use('/v1/webhooks', rawWebhookBody(config.HTTP_BODY_LIMIT, config.WEBHOOK_PUBLIC_URL));
    app.use(
      '/v1/designer/documents',
      documentUploadBody(app.get(AuthenticateApiKey), config.DESIGNER_DOCUMENT_MAX_BYTES),
    );
    app.use('/v1', v1Gate(app.get(AuthenticateApiKey), config.HTTP_BODY_LIMIT, publisher));
    app.useGlobalFilters(new ApiExceptionFilter(logger));
    if (config.WEBHOOK_DELIVERY === 'on') {
      const worker = new JournalWebhooksWorker(
        bus,
        app.get(FanOutJournal),
        app.get(DispatchWebhooks),
        { concurrency: config.WEBHOOK_CONCURRENCY, pollMs: config.WEBHOOK_POLL_MS },
        logger,
      );
      await worker.start();
      // Closed first (closers run last to first): no send starts while connections close.
      closers.push(() => worker.stop());
    }
    if (options.shutdownHooks) app.enableShutdownHooks();
    const publicGrpc = new PublicGrpcServer({
      handlers: app.get(PublicApiHandlers),
      authenticate: app.get(AuthenticateApiKey),
      quotas: app.get(Quotas),
      audit: app.get(AuditTrail),
      logger,
      metrics,
      ready: async () => (await app.get(CheckReadiness).execute()).status === 'ready',
      reflection: config.PUBLIC_GRPC_REFLECTION === 'on',
    });
    const grpcPort = await publicGrpc.listen(config.HTTP_HOST, config.PUBLIC_GRPC_PORT, grpcTls.credentials);
    // Closed before the connections its calls use (closers run last to first).
    closers.push(() => publicGrpc.close());
    await app.listen(config.HTTP_PORT, config.HTTP_HOST);

    const port = (app.getHttpServer().address() as AddressInfo).port;
    const url = `http://${config.HTTP_HOST.includes(':') ? `[${config.HTTP_HOST}]` : config.HTTP_HOST}:${port}`;
    logger.info(
      {
        url,
        grpcPort,
        grpcTls: grpcTls.tls,
        orchestrator: config.ORCHESTRATOR_GRPC_URL,
        db: config.MONGODB_DB,
      },
      'api-gateway listening',
    );
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      grpcPort,
      config,
      app,
      // app.close() stops HTTP first, then ConnectionsCloser runs closeAll.
      close: () => (closing ??= app.close()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The cipher of webhook secrets; a malformed key stops the start, saying how to make one. */
function secretCipherOf(config: GatewayConfig, logger: Logger): SecretCipher | undefined {
  if (!config.KALCIFER_ENCRYPTION_KEY) {
    logger.warn('KALCIFER_ENCRYPTION_KEY is not set: webhook subscription secrets are stored in clear');
    return undefined;
  }
  return SecretCipher.fromKeys(config.KALCIFER_ENCRYPTION_KEY, config.KALCIFER_ENCRYPTION_OLD_KEYS);
}
