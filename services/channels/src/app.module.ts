import { RedisCapPolicyRepository, RedisFrequencyCaps } from '@kalcifer/caps';
import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Logger } from '@kalcifer/platform';
import { DeliverySteps } from './application/delivery-steps';
import { IngestProviderWebhook } from './application/ingest-provider-webhook';
import { ManageProviders } from './application/manage-providers';
import { ResolveInterruptedSend } from './application/resolve-interrupted-send';
import { SendCapGate } from './application/send-cap-gate';
import { SendMessage } from './application/send-message';
import type { ChannelsConfig } from './config';
import { ConfiguredProviders } from './infrastructure/configured-providers';
import { CredentialsCipher } from './infrastructure/credentials-cipher';
import { HttpSnsClient } from './infrastructure/http-sns-client';
import { MongoDeliveryLedger } from './infrastructure/mongo-delivery-ledger';
import { MongoInvalidRecipients } from './infrastructure/mongo-invalid-recipients';
import { MongoProviderConfigStore } from './infrastructure/mongo-provider-config-store';
import { NatsDeliveryStatusPublisher } from './infrastructure/nats-delivery-status-publisher';
import { PromSendMetrics } from './infrastructure/prom-send-metrics';
import { Resources } from './infrastructure/resources';
import { DELIVERY_LEDGER, type DeliveryLedger } from './ports/delivery-ledger';
import { DELIVERY_STATUS_PUBLISHER, type DeliveryStatusPublisher } from './ports/delivery-status-publisher';
import { INVALID_RECIPIENTS, type InvalidRecipients } from './ports/invalid-recipients';
import { SEND_METRICS, type SendMetrics } from './ports/send-metrics';
import { ChannelsGrpcServer } from './transport/channels.grpc';
import { HealthEndpoint } from './transport/health.endpoint';
import { SendIntentConsumer } from './transport/send-intent.consumer';

/** What only a test can set (never read from the environment). */
export interface ChannelsTestOptions {
  /** URL prefixes of a local fake admitted as SNS certificate and subscription URLs. */
  snsUrlPrefixes?: readonly string[];
}

const METRICS_REGISTRY = Symbol('MetricsRegistry');
const CIPHER = Symbol('CredentialsCipher');
// Our own deadline on a provider call fires after the adapter's HTTP timeout, never before it.
const ADAPTER_TIMEOUT_MARGIN_MS = 50;

/**
 * The channel worker's composition root. Application classes stay free of Nest: every
 * provider is built by a factory that names its dependencies.
 */
@Module({})
export class ChannelsModule {
  static forRoot(
    config: ChannelsConfig,
    logger: Logger,
    testOptions: ChannelsTestOptions = {},
  ): DynamicModule {
    const adapterTimeoutMs = Math.max(50, config.SEND_TIMEOUT_MS - ADAPTER_TIMEOUT_MARGIN_MS);
    return {
      module: ChannelsModule,
      providers: [
        { provide: Resources, useFactory: () => Resources.open(config, logger) },
        // One registry per worker, so that two workers in one process (tests) do not collide.
        { provide: METRICS_REGISTRY, useFactory: () => new Registry() },
        {
          provide: CIPHER,
          useFactory: () =>
            config.KALCIFER_ENCRYPTION_KEY
              ? CredentialsCipher.fromKeys(
                  config.KALCIFER_ENCRYPTION_KEY,
                  config.KALCIFER_ENCRYPTION_OLD_KEYS,
                )
              : null,
        },
        {
          provide: DELIVERY_LEDGER,
          inject: [Resources],
          useFactory: async (r: Resources) => {
            const ledger = new MongoDeliveryLedger(r.mongo);
            await ledger.init();
            return ledger;
          },
        },
        {
          provide: INVALID_RECIPIENTS,
          inject: [Resources],
          useFactory: async (r: Resources) => {
            const store = new MongoInvalidRecipients(r.mongo);
            await store.init();
            return store;
          },
        },
        {
          provide: MongoProviderConfigStore,
          inject: [Resources],
          useFactory: async (r: Resources) => {
            const store = new MongoProviderConfigStore(r.mongo);
            await store.init();
            return store;
          },
        },
        {
          provide: ConfiguredProviders,
          inject: [Resources, MongoProviderConfigStore, CIPHER],
          useFactory: (r: Resources, store: MongoProviderConfigStore, cipher: CredentialsCipher | null) =>
            new ConfiguredProviders(store, cipher ?? undefined, {
              smtp: r.emailProvider,
              timeoutMs: adapterTimeoutMs,
              smtpPoolSize: Math.min(4, config.SEND_CONCURRENCY),
            }),
        },
        {
          provide: ManageProviders,
          inject: [MongoProviderConfigStore, CIPHER, ConfiguredProviders],
          useFactory: (
            store: MongoProviderConfigStore,
            cipher: CredentialsCipher | null,
            p: ConfiguredProviders,
          ) => new ManageProviders(store, cipher ?? undefined, (ws, channel) => p.forget(ws, channel)),
        },
        {
          provide: DELIVERY_STATUS_PUBLISHER,
          inject: [Resources],
          useFactory: (r: Resources) => new NatsDeliveryStatusPublisher(r.bus.js),
        },
        {
          provide: SEND_METRICS,
          inject: [METRICS_REGISTRY],
          useFactory: (reg: Registry) => new PromSendMetrics(reg),
        },
        {
          provide: SendMessage,
          inject: [
            DELIVERY_LEDGER,
            ConfiguredProviders,
            DELIVERY_STATUS_PUBLISHER,
            SEND_METRICS,
            Resources,
            INVALID_RECIPIENTS,
          ],
          useFactory: (
            ledger: DeliveryLedger,
            providers: ConfiguredProviders,
            statuses: DeliveryStatusPublisher,
            metrics: SendMetrics,
            r: Resources,
            invalidRecipients: InvalidRecipients,
          ) => {
            const steps = new DeliverySteps(
              ledger,
              statuses,
              metrics,
              {
                maxAttempts: config.SEND_MAX_ATTEMPTS,
                timeoutMs: config.SEND_TIMEOUT_MS,
                leaseMs: config.SEND_LEASE_MS,
              },
              logger,
              () => new Date(),
              invalidRecipients,
            );
            const interrupted = new ResolveInterruptedSend(ledger, steps, metrics, config.SEND_MAX_ATTEMPTS);
            return new SendMessage(
              ledger,
              providers,
              steps,
              interrupted,
              {
                defaultFrom: config.EMAIL_FROM,
                maxWebhookTimeoutMs: adapterTimeoutMs,
                ...(config.WEBHOOK_PUBLIC_URL ? { statusCallbackBase: config.WEBHOOK_PUBLIC_URL } : {}),
              },
              config.SEND_MAX_ATTEMPTS,
              new SendCapGate(new RedisFrequencyCaps(r.redis), new RedisCapPolicyRepository(r.redis)),
            );
          },
        },
        {
          provide: IngestProviderWebhook,
          inject: [DELIVERY_LEDGER, MongoProviderConfigStore, CIPHER, DELIVERY_STATUS_PUBLISHER],
          useFactory: (
            ledger: DeliveryLedger,
            store: MongoProviderConfigStore,
            cipher: CredentialsCipher | null,
            statuses: DeliveryStatusPublisher,
          ) =>
            new IngestProviderWebhook(
              ledger,
              store,
              cipher ?? undefined,
              statuses,
              logger,
              new HttpSnsClient({
                timeoutMs: adapterTimeoutMs,
                ...(testOptions.snsUrlPrefixes ? { allowedUrlPrefixes: testOptions.snsUrlPrefixes } : {}),
              }),
            ),
        },
        {
          provide: SendIntentConsumer,
          inject: [Resources, SendMessage],
          useFactory: (r: Resources, sendMessage: SendMessage) =>
            new SendIntentConsumer(
              r.bus,
              sendMessage,
              { concurrency: config.SEND_CONCURRENCY, retryBackoffMs: config.SEND_RETRY_BACKOFF_MS },
              logger,
            ),
        },
        {
          provide: ChannelsGrpcServer,
          inject: [ManageProviders, IngestProviderWebhook],
          useFactory: (manage: ManageProviders, ingest: IngestProviderWebhook) =>
            new ChannelsGrpcServer(config.CHANNELS_GRPC_ADDRESS, manage, ingest, logger),
        },
        {
          provide: HealthEndpoint,
          inject: [Resources, METRICS_REGISTRY],
          useFactory: (r: Resources, registry: Registry) =>
            new HealthEndpoint(
              config.HEALTH_PORT,
              registry,
              r.bus,
              r.mongo,
              r.emailProvider,
              config.HEALTH_HOST,
            ),
        },
      ],
    };
  }
}
