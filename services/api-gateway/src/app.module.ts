import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@kalcifer/platform';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { API_KEY_CACHE, AuthenticateApiKey, type CachedKey } from './application/authenticate-api-key';
import { ApiKeys } from './application/api-keys';
import { AuditTrail } from './application/audit-trail';
import { Quotas } from './application/workspace-quotas';
import { JWT_VERIFIER, type JwtVerifier } from './application/verify-jwt';
import { MemberDirectory } from './application/member-directory';
import { Members } from './application/members';
import { MEMBER_STORE, type MemberStore } from './ports/member-store.port';
import { REPLICA_NOTICES, type ReplicaNotices } from './ports/replica-notices.port';
import { MembersController } from './transport/http/members.controller';
import { AUDIT_TRAIL_STORE, type AuditTrailStore } from './ports/audit-trail.port';
import { QUOTA_STORE, type QuotaStore } from './ports/quota-store.port';
import { RATE_LIMITER, type RateLimiter } from './ports/rate-limiter.port';
import { AccessGuard } from './transport/http/access.guard';
import { AuditInterceptor } from './transport/http/audit.interceptor';
import { ApiKeysController } from './transport/http/api-keys.controller';
import { AuditController } from './transport/http/audit.controller';
import { QuotasController } from './transport/http/quotas.controller';
import { MeController } from './transport/http/me.controller';
import { WhoAmI } from './application/who-am-i';
import { EnterByWebhook } from './application/enter-by-webhook';
import { CommandInstance } from './application/command-instance';
import { HooksController } from './transport/http/hooks.controller';
import { FrequencyCapsController } from './transport/http/frequency-caps.controller';
import { ChangeJourneyStatus } from './application/change-journey-status';
import { CheckReadiness } from './application/check-readiness';
import { CreateJourney } from './application/create-journey';
import { CustomerProfiles } from './application/customer-profiles';
import { EnrollCustomers } from './application/enroll-customers';
import { IngestEvents } from './application/ingest-events';
import { InstanceQueries } from './application/instance-queries';
import { JourneyQueries } from './application/journey-queries';
import { JourneyOccupancy } from './application/journey-occupancy';
import { PublishVersion } from './application/publish-version';
import { TtlCache } from './application/ttl-cache';
import { UpdateDraft } from './application/update-draft';
import { ValidateJourney } from './application/validate-journey';
import { ForwardProviderWebhook } from './application/forward-provider-webhook';
import { ProviderConfigs } from './application/provider-configs';
import { CHANNELS, type ChannelsClient } from './ports/channels.port';
import { ProvidersController } from './transport/http/providers.controller';
import { DesignerController } from './transport/http/designer.controller';
import { AI_DESIGNER, type AiDesignerClient } from './ports/ai-designer.port';
import { ANALYTICS, type AnalyticsClient } from './ports/analytics.port';
import { AnalyticsController } from './transport/http/analytics.controller';
import { JourneyAnalytics } from './application/journey-analytics';
import { ProviderWebhooksController } from './transport/http/provider-webhooks.controller';
import { GATEWAY_CONFIG, LOGGER, OPENAPI_DOCUMENT } from './app.tokens';
import type { GatewayConfig } from './config';
import { EVENT_PUBLISHER, type EventPublisher } from './ports/event-publisher.port';
import { GATEWAY_METRICS, type GatewayMetrics } from './ports/gateway-metrics.port';
import {
  JOURNEY_LOOKUP,
  ORCHESTRATOR,
  type JourneyLookup,
  type OrchestratorClient,
} from './ports/orchestrator.port';
import { READINESS_CHECKS, type ReadinessCheck } from './ports/readiness.port';
import { WORKSPACE_STORE, type WorkspaceStore } from './ports/workspace-store.port';
import { CustomersController } from './transport/http/customers.controller';
import { EnrollmentsController } from './transport/http/enrollments.controller';
import { EventsController } from './transport/http/events.controller';
import { InstancesController } from './transport/http/instances.controller';
import { JourneyStatusController } from './transport/http/journey-status.controller';
import { JourneyVersionsController } from './transport/http/journey-versions.controller';
import { JourneyVersioningController } from './transport/http/journey-versioning.controller';
import { JourneyVersioning } from './application/journey-versioning';
import { JourneysController } from './transport/http/journeys.controller';
import { StreamController } from './transport/http/stream.controller';
import { StreamJournal } from './application/stream-journal';
import { PageCursors } from './application/page-cursors';
import { JOURNAL_FEED, type JournalFeed } from './ports/journal-feed.port';
import {
  TARGET_SETTINGS,
  WEBHOOK_STORE,
  type TargetSettings,
  type WebhookStore,
} from './ports/webhook-store.port';
import { WebhookSubscriptionsController } from './transport/http/webhook-subscriptions.controller';
import { WebhookSubscriptions } from './application/webhook-subscriptions';
import { SubscriptionCache } from './application/subscription-cache';
import { FanOutJournal } from './application/fan-out-journal';
import { DispatchWebhooks } from './application/dispatch-webhooks';
import { SystemController } from './transport/http/system.controller';
import { PublicApiHandlers } from './transport/grpc/public-api.handlers';
import { AlertRulesController } from './transport/http/alert-rules.controller';
import { AlertRules } from './application/alert-rules';

/** What the composition root (app.ts) connects before Nest starts; closed on shutdown. */
export interface GatewayDeps {
  config: GatewayConfig;
  logger: Logger;
  orchestrator: OrchestratorClient;
  channels: ChannelsClient;
  aiDesigner: AiDesignerClient;
  analytics: AnalyticsClient;
  journeyLookup: JourneyLookup;
  publisher: EventPublisher;
  journalFeed: JournalFeed;
  webhookStore: WebhookStore;
  targetSettings: TargetSettings;
  store: WorkspaceStore;
  jwt: JwtVerifier;
  memberStore: MemberStore;
  memberDirectory: MemberDirectory;
  /** Tells the other replicas of member changes and key revocations. */
  replicaNotices: ReplicaNotices;
  auditTrail: AuditTrailStore;
  quotas: QuotaStore;
  rateLimiter: RateLimiter;
  readinessChecks: ReadinessCheck[];
  metrics: GatewayMetrics;
  openApi: Record<string, unknown>;
  /** Closes connections, in order, after the HTTP server stopped. */
  shutdown: () => Promise<void>;
}

const SHUTDOWN = Symbol('Shutdown');

/** The routes under /v1 (behind v1Gate: API key, then JSON body). */
export const API_CONTROLLERS = [
  JourneysController,
  JourneyVersionsController,
  JourneyVersioningController,
  JourneyStatusController,
  EnrollmentsController,
  EventsController,
  CustomersController,
  InstancesController,
  HooksController,
  ProvidersController,
  ProviderWebhooksController,
  FrequencyCapsController,
  DesignerController,
  AnalyticsController,
  StreamController,
  WebhookSubscriptionsController,
  ApiKeysController,
  AuditController,
  QuotasController,
  MembersController,
  AlertRulesController,
  MeController,
];

class ConnectionsCloser implements OnApplicationShutdown {
  constructor(@Inject(SHUTDOWN) private readonly shutdown: () => Promise<void>) {}

  onApplicationShutdown(): Promise<void> {
    return this.shutdown();
  }
}

@Module({})
export class GatewayModule {
  static register(deps: GatewayDeps): DynamicModule {
    const positiveMs = deps.config.API_KEY_CACHE_MS;
    // An unknown key is remembered briefly only, so a key created meanwhile works soon.
    const negativeMs = Math.min(positiveMs, 1_000);
    return {
      module: GatewayModule,
      controllers: [...API_CONTROLLERS, SystemController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: deps.config },
        { provide: LOGGER, useValue: deps.logger },
        { provide: ORCHESTRATOR, useValue: deps.orchestrator },
        { provide: CHANNELS, useValue: deps.channels },
        { provide: AI_DESIGNER, useValue: deps.aiDesigner },
        { provide: ANALYTICS, useValue: deps.analytics },
        { provide: JOURNEY_LOOKUP, useValue: deps.journeyLookup },
        { provide: EVENT_PUBLISHER, useValue: deps.publisher },
        { provide: JOURNAL_FEED, useValue: deps.journalFeed },
        { provide: WEBHOOK_STORE, useValue: deps.webhookStore },
        { provide: TARGET_SETTINGS, useValue: deps.targetSettings },
        { provide: WORKSPACE_STORE, useValue: deps.store },
        { provide: JWT_VERIFIER, useValue: deps.jwt },
        { provide: MEMBER_STORE, useValue: deps.memberStore },
        { provide: MemberDirectory, useValue: deps.memberDirectory },
        { provide: REPLICA_NOTICES, useValue: deps.replicaNotices },
        Members,
        { provide: AUDIT_TRAIL_STORE, useValue: deps.auditTrail },
        { provide: QUOTA_STORE, useValue: deps.quotas },
        { provide: RATE_LIMITER, useValue: deps.rateLimiter },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
        { provide: READINESS_CHECKS, useValue: deps.readinessChecks },
        { provide: GATEWAY_METRICS, useValue: deps.metrics },
        { provide: OPENAPI_DOCUMENT, useValue: deps.openApi },
        { provide: SHUTDOWN, useValue: deps.shutdown },
        { provide: PageCursors, useValue: PageCursors.fromSecret(deps.config.KALCIFER_ENCRYPTION_KEY) },
        {
          provide: API_KEY_CACHE,
          useValue: new TtlCache<string, CachedKey | null>((p) => (p ? positiveMs : negativeMs)),
        },
        ConnectionsCloser,
        AuthenticateApiKey,
        ApiKeys,
        AuditTrail,
        Quotas,
        WhoAmI,
        EnterByWebhook,
        CommandInstance,
        CreateJourney,
        UpdateDraft,
        ValidateJourney,
        PublishVersion,
        JourneyVersioning,
        ChangeJourneyStatus,
        JourneyQueries,
        JourneyOccupancy,
        EnrollCustomers,
        IngestEvents,
        CustomerProfiles,
        InstanceQueries,
        CheckReadiness,
        ProviderConfigs,
        ForwardProviderWebhook,
        StreamJournal,
        JourneyAnalytics,
        SubscriptionCache,
        WebhookSubscriptions,
        FanOutJournal,
        DispatchWebhooks,
        AlertRules,
        PublicApiHandlers,
      ],
    };
  }
}
