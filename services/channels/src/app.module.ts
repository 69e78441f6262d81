import { Module, type DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Logger } from '@kalcifer/platform';
import { DeliverySteps } from './application/delivery-steps';
import { ResolveInterruptedSend } from './application/resolve-interrupted-send';
import { SendEmail } from './application/send-email';
import type { ChannelsConfig } from './config';
import { MongoDeliveryLedger } from './infrastructure/mongo-delivery-ledger';
import { NatsDeliveryStatusPublisher } from './infrastructure/nats-delivery-status-publisher';
import { PromSendMetrics } from './infrastructure/prom-send-metrics';
import { Resources } from './infrastructure/resources';
import { DELIVERY_LEDGER, type DeliveryLedger } from './ports/delivery-ledger';
import { DELIVERY_STATUS_PUBLISHER, type DeliveryStatusPublisher } from './ports/delivery-status-publisher';
import { EMAIL_PROVIDER, type EmailProvider } from './ports/email-provider';
import { SEND_METRICS, type SendMetrics } from './ports/send-metrics';
import { EmailIntentConsumer } from './transport/email-intent.consumer';
import { HealthEndpoint } from './transport/health.endpoint';

const METRICS_REGISTRY = Symbol('MetricsRegistry');

/**
 * The channel worker's composition root. Application classes stay free of Nest: every
 * provider is built by a factory that names its dependencies.
 */
@Module({})
export class ChannelsModule {
  static forRoot(config: ChannelsConfig, logger: Logger): DynamicModule {
    return {
      module: ChannelsModule,
      providers: [
        { provide: Resources, useFactory: () => Resources.open(config, logger) },
        // One registry per worker, so that two workers in one process (tests) do not collide.
        { provide: METRICS_REGISTRY, useFactory: () => new Registry() },
        {
          provide: DELIVERY_LEDGER,
          inject: [Resources],
          useFactory: async (r: Resources) => {
            const ledger = new MongoDeliveryLedger(r.mongo);
            await ledger.init();
            return ledger;
          },
        },
        { provide: EMAIL_PROVIDER, inject: [Resources], useFactory: (r: Resources) => r.emailProvider },
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
          provide: SendEmail,
          inject: [DELIVERY_LEDGER, EMAIL_PROVIDER, DELIVERY_STATUS_PUBLISHER, SEND_METRICS],
          useFactory: (
            ledger: DeliveryLedger,
            provider: EmailProvider,
            statuses: DeliveryStatusPublisher,
            metrics: SendMetrics,
          ) => {
            const steps = new DeliverySteps(
              ledger,
              provider,
              statuses,
              metrics,
              {
                maxAttempts: config.SEND_MAX_ATTEMPTS,
                timeoutMs: config.SEND_TIMEOUT_MS,
                leaseMs: config.SEND_LEASE_MS,
              },
              logger,
            );
            const interrupted = new ResolveInterruptedSend(
              ledger,
              provider,
              steps,
              metrics,
              config.SEND_MAX_ATTEMPTS,
            );
            return new SendEmail(ledger, steps, interrupted, config.EMAIL_FROM);
          },
        },
        {
          provide: EmailIntentConsumer,
          inject: [Resources, SendEmail],
          useFactory: (r: Resources, sendEmail: SendEmail) =>
            new EmailIntentConsumer(
              r.bus,
              sendEmail,
              { concurrency: config.SEND_CONCURRENCY, retryBackoffMs: config.SEND_RETRY_BACKOFF_MS },
              logger,
            ),
        },
        {
          provide: HealthEndpoint,
          inject: [Resources, METRICS_REGISTRY],
          useFactory: (r: Resources, registry: Registry) =>
            new HealthEndpoint(config.HEALTH_PORT, registry, r.bus, r.mongo, r.emailProvider),
        },
      ],
    };
  }
}
