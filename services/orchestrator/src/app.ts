import 'reflect-metadata';
import { Registry } from 'prom-client';
import { grpc } from '@kalcifer/contracts';
import {
  connectBus,
  connectMongo,
  connectRedis,
  mongoPing,
  createLogger,
  ensureStreams,
  startGrpcServer,
  startHealthServer,
  type Logger,
} from '@kalcifer/platform';
import { ApplyProfileChange } from './application/apply-profile-change';
import { ApplySignal } from './application/apply-signal';
import { EnterPopulation } from './application/enter-population';
import { EnterSegmentsOnChange } from './application/enter-segments-on-change';
import { PopulationTicker } from './application/population-ticker';
import { CompletePublish } from './application/complete-publish';
import { SegmentMembership } from './application/segment-membership';
import { HttpSegmentClient } from './infrastructure/http-segment-client';
import { StepFacts } from './application/step-facts';
import { OnCustomerChanged } from './application/on-customer-changed';
import { EnrollCustomer } from './application/enroll-customer';
import { IngestEvent } from './application/ingest-event';
import { JourneyCatalog } from './application/journey-catalog';
import { ManageCustomers } from './application/manage-customers';
import { ManageJourneys } from './application/manage-journeys';
import { PublishVersion } from './application/publish-version';
import { DiffVersions } from './application/diff-versions';
import { ManageMigrations } from './application/manage-migrations';
import { MigrateInstance } from './application/migrate-instance';
import { MigrationFanOut } from './application/migration-fan-out';
import { MigrationProgress } from './application/migration-progress';
import { PlanMigration } from './application/plan-migration';
import { ReleaseHeld } from './application/release-held';
import { MongoAuditLog } from './infrastructure/mongo-audit-log';
import { MongoMigrationStore } from './infrastructure/mongo-migration-store';
import { MongoMigrationProgressLog } from './infrastructure/mongo-migration-progress-log';
import { QueryInstances } from './application/query-instances';
import { MongoOpenInstanceCount } from './infrastructure/mongo-open-instance-count';
import { RecoverOutbox } from './application/recover-outbox';
import { ResolveWebhookEntry } from './application/resolve-webhook-entry';
import { SetJourneyStatus } from './application/set-journey-status';
import { RedisCapPolicyRepository, RedisFrequencyCaps } from '@kalcifer/caps';
import { createCodeRunner, disposeCodeRunner } from '@kalcifer/sandbox';
import type { OrchestratorConfig } from './config';
import { MongoCustomerStore } from './infrastructure/mongo-customer-store';
import { MongoInstanceStore } from './infrastructure/mongo-instance-store';
import { MongoJourneyStore } from './infrastructure/mongo-journey-store';
import { NatsMessageBus } from './infrastructure/nats-message-bus';
import { PromJourneyMetrics } from './infrastructure/prom-journey-metrics';
import { RedisOpenInstanceIndex } from './infrastructure/redis-open-instance-index';
import { orchestratorHandlers } from './transport/grpc-handlers';
import { startSignalConsumers } from './transport/signal-consumers';

/** A migration's progress series is thinned past this many samples (a document of ~30 KB). */
const MAX_PROGRESS_SAMPLES = 240;

export interface RunningOrchestrator {
  grpcPort: number;
  healthPort: number;
  logger: Logger;
  /** Publishes the scheduled/segment entry ticks due up to `now` (the timer does this every ENTRY_TICK_MS). */
  tickEntries(now: number): Promise<void>;
  /**
   * Finishes publishes a crash interrupted, then checks running migrations at `now`: due rollout
   * steps, fan-out resume, completion (every MIGRATION_TICK_MS).
   */
  tickMigrations(now: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Wires the orchestrator: adapters -> use cases -> transports. Started by main.ts (inside the
 * Nest application context) and directly by integration tests.
 */
export async function startOrchestrator(
  config: OrchestratorConfig,
  logger = createLogger('orchestrator', config.LOG_LEVEL),
): Promise<RunningOrchestrator> {
  const conn = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
  const bus = await connectBus(config.NATS_URL, 'orchestrator', logger);
  const redis = await connectRedis(config.REDIS_URL);
  await ensureStreams(bus.jsm);

  const journeyStore = new MongoJourneyStore(conn);
  const instanceStore = new MongoInstanceStore(conn);
  const customerStore = new MongoCustomerStore(conn);
  const migrationStore = new MongoMigrationStore(conn);
  const auditLog = new MongoAuditLog(conn);
  const progressLog = new MongoMigrationProgressLog(conn);
  await Promise.all([
    journeyStore.init(),
    instanceStore.init(),
    migrationStore.init(),
    auditLog.init(),
    progressLog.init(),
  ]);
  // One registry per orchestrator, so that two in one process (tests) do not collide.
  const registry = new Registry();
  const messageBus = new NatsMessageBus(bus.js, new PromJourneyMetrics(registry));

  const catalog = new JourneyCatalog(journeyStore, config.JOURNEY_CACHE_MS);
  const openIndex = new RedisOpenInstanceIndex(
    redis,
    (after, limit) => instanceStore.listOpen(after, limit),
    logger,
  );
  const codeRunner = await createCodeRunner();
  const facts = new StepFacts(config.DEFAULT_TIMEZONE, codeRunner, new RedisFrequencyCaps(redis));
  const applySignal = new ApplySignal(
    instanceStore,
    customerStore,
    catalog,
    messageBus,
    openIndex,
    facts,
    logger,
  );
  const enroll = new EnrollCustomer(
    instanceStore,
    customerStore,
    catalog,
    applySignal,
    openIndex,
    facts,
    logger,
  );
  const segments = new SegmentMembership(new HttpSegmentClient(config.SEGMENT_TIMEOUT_MS));
  const ingestEvent = new IngestEvent(instanceStore, openIndex, catalog, applySignal, enroll, logger);
  const manage = new ManageJourneys(journeyStore, catalog);
  const recover = new RecoverOutbox(instanceStore, applySignal, logger);
  const fanOut = new MigrationFanOut(instanceStore, migrationStore, messageBus, logger);
  const migrations = new ManageMigrations(migrationStore, instanceStore, fanOut, auditLog, logger);
  const progress = new MigrationProgress(
    migrationStore,
    progressLog,
    { intervalMs: config.MIGRATION_PROGRESS_SAMPLE_MS, maxSamples: MAX_PROGRESS_SAMPLES },
    logger,
  );
  const completion = new CompletePublish(journeyStore, catalog, migrationStore, auditLog, logger);
  const diffs = new DiffVersions(journeyStore);
  const publish = new PublishVersion(
    journeyStore,
    manage,
    new PlanMigration(instanceStore, customerStore, catalog, facts),
    migrationStore,
    fanOut,
    completion,
    diffs,
    logger,
  );

  const grpcServer = await startGrpcServer(
    grpc.OrchestratorService,
    orchestratorHandlers({
      journeys: manage,
      publish,
      status: new SetJourneyStatus(journeyStore, instanceStore, manage, catalog, messageBus),
      customers: new ManageCustomers(customerStore, messageBus),
      instances: new QueryInstances(instanceStore, new MongoOpenInstanceCount(conn)),
      journeyStore,
      webhooks: new ResolveWebhookEntry(journeyStore, catalog),
      caps: new RedisCapPolicyRepository(redis),
      diff: diffs,
      migrations,
      progress,
      release: new ReleaseHeld(applySignal, instanceStore, auditLog),
      audit: auditLog,
    }),
    config.GRPC_ADDRESS,
    logger,
  );
  // Outboxes left by a previous crash go out before new work starts.
  await recover.sweep(0);
  await openIndex.ensureReady();
  const consumers = await startSignalConsumers(
    bus,
    {
      applySignal,
      enroll,
      ingestEvent,
      customerChanged: new OnCustomerChanged(instanceStore, openIndex, applySignal),
      segmentsOnChange: new EnterSegmentsOnChange(customerStore, catalog, segments, enroll, logger),
      population: new EnterPopulation(customerStore, catalog, segments, enroll, logger),
      profileChange: new ApplyProfileChange(customerStore, messageBus),
      migrate: new MigrateInstance(applySignal, catalog, migrationStore, logger),
    },
    config.SIGNAL_CONCURRENCY,
    logger,
    config.MIGRATION_CONCURRENCY,
  );
  const ticker = new PopulationTicker(journeyStore, catalog, messageBus, logger, config.ENTRY_TICK_MS);
  ticker.start();
  let migrationTick: Promise<void> | undefined;
  // Interrupted publishes first: a migration they still owe is then ticked like any other.
  const tickMigrations = (now: number) =>
    (migrationTick ??= completion
      .resumeInterrupted(config.PUBLISH_RESUME_AGE_MS, now)
      .then(() => migrations.tick(now))
      .finally(() => (migrationTick = undefined)));
  const migrationTicker = setInterval(() => {
    tickMigrations(Date.now()).catch((err: unknown) => logger.error({ err }, 'migration tick failed'));
  }, config.MIGRATION_TICK_MS);
  let progressTick: Promise<void> | undefined;
  const progressTicker = setInterval(() => {
    progressTick ??= progress
      .tick(Date.now())
      .catch((err: unknown) => logger.error({ err }, 'migration progress tick failed'))
      .finally(() => (progressTick = undefined));
  }, config.MIGRATION_PROGRESS_SAMPLE_MS);
  const sweeper = setInterval(() => {
    recover
      .sweep(config.OUTBOX_RECOVERY_AGE_MS)
      .catch((err: unknown) => logger.error({ err }, 'outbox sweep failed'));
  }, config.OUTBOX_SWEEP_EVERY_MS);

  const health = await startHealthServer(
    'orchestrator',
    config.HEALTH_PORT,
    {
      // Round trips, so that /metrics shows each dependency's latency (kalcifer_dependency_check_seconds).
      mongo: mongoPing(conn),
      nats: async () => !bus.nc.isClosed() && (await bus.nc.rtt()) >= 0,
      redis: async () => redis.status === 'ready' && (await redis.ping()) === 'PONG',
    },
    registry,
    config.HEALTH_HOST,
  );
  logger.info({ grpc: config.GRPC_ADDRESS, health: health.port }, 'orchestrator started');

  let closing: Promise<void> | undefined;
  const close = async () => {
    clearInterval(sweeper);
    clearInterval(migrationTicker);
    clearInterval(progressTicker);
    await migrationTick?.catch(() => undefined);
    await progressTick;
    await ticker.stop();
    await Promise.all(consumers.map((c) => c.stop()));
    await applySignal.settled();
    await grpcServer.close();
    await health.close();
    await bus.nc.drain().catch(() => undefined);
    await conn.close();
    redis.disconnect();
    await disposeCodeRunner(codeRunner);
  };
  return {
    grpcPort: grpcServer.port,
    healthPort: health.port,
    logger,
    tickEntries: (now) => ticker.tick(now),
    tickMigrations,
    close: () => (closing ??= close()),
  };
}
