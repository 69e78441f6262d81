import type { OperationExamples } from './openapi-example-types';
import { INSTANCE_ID, JOURNEY_ID, WELCOME_GRAPH } from './openapi-examples-journeys';

/**
 * Examples of versioning, providers, the AI designer, analytics, the live stream, outbound
 * webhooks, alerts, the workspace (keys, members, audit, quotas) and the operational routes.
 */

const AT = '2026-12-01T09:30:00.000Z';
const LATER = '2026-12-01T09:42:10.000Z';
const MIGRATION_ID = 'mig_4b1d7c9e-2f3a-4e5b-8c6d-7a8b9c0d1e2f';
const RANGE = { journeyId: JOURNEY_ID, from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

const migration = (percent: number, status: string) => ({
  id: MIGRATION_ID,
  journeyId: JOURNEY_ID,
  fromVersions: [1],
  toVersion: 2,
  strategy: 'gradual',
  percent,
  status,
  counts: { total: 420, enqueued: 105, migrated: 101, held: 2, exited: 2, failed: 0, unchanged: 0 },
  instancesPerVersion: { '1': 315, '2': 105 },
  mapping: { wait_purchase: 'wait_purchase_v2' },
  author: 'api_key:ci',
  createdAt: AT,
  updatedAt: LATER,
});

const provider = {
  channel: 'email',
  provider: 'sendgrid',
  settings: { from: 'hello@acme.example', sandbox: false },
  credentials: { apiKey: { configured: true, hint: '…x9Qa' } },
  updatedAt: LATER,
};

const designTurn = {
  sessionId: 'ds_5kQ2w9Lm',
  turn: 1,
  graph: WELCOME_GRAPH,
  summary: '5 steps: Signed up, welcome email, wait up to 3 days for order_placed, goal first_purchase',
  explanation:
    'Customers who sign up get a welcome email, then the journey waits up to 3 days for their first order.',
  designer: 'offline',
  notes: [],
};

const subscription = {
  id: 'whs_3kX9aQ2m',
  url: 'https://crm.example.com/kalcifer',
  eventTypes: ['goal.reached', 'journey.completed'],
  journeyId: JOURNEY_ID,
  enabled: true,
  createdAt: AT,
  updatedAt: AT,
};
const SECRET = 'whsec_q4Jm0b2x8kQ6uT1zV9sY3dL5nR7pW0aE2fH4jK6mN8o';

const alertRule = {
  id: 'alr_7Hq2pX4n',
  name: 'Welcome emails bouncing',
  kind: 'delivery_rate',
  journeyId: JOURNEY_ID,
  channel: 'email',
  thresholdPercent: 90,
  windowMinutes: 60,
  minSamples: 50,
  enabled: true,
  state: 'ok',
  lastValue: 97.5,
  lastSamples: 812,
  lastEvaluatedAt: LATER,
  stateChangedAt: null,
  createdAt: AT,
  updatedAt: AT,
};

const apiKey = {
  id: 'key_0f3a9c2b7d1e4a6b8c5d',
  name: 'ci',
  role: 'editor',
  prefix: 'kal_Xk2m',
  createdAt: AT,
  lastUsedAt: LATER,
  expiresAt: '2027-01-31T00:00:00.000Z',
  revokedAt: null,
  status: 'active',
};

const member = {
  id: 'mem_Qx3k9aB2mZ7w',
  subject: 'auth0|64f1c2',
  email: 'ada@example.com',
  role: 'editor',
  addedBy: 'user:auth0|1',
  createdAt: AT,
  updatedAt: AT,
};

const auditEntry = {
  id: 'aud_2mN8qL4x',
  at: LATER,
  actor: 'api_key:ci',
  role: 'editor',
  action: 'journey.draft_saved',
  route: 'PUT /v1/journeys/{id}/draft',
  target: { journeyId: JOURNEY_ID },
  ip: '203.0.113.7',
  userAgent: 'kalcifer-sdk/0.1.0',
};

const quotas = {
  quotas: {
    requestsPerSecondPerKey: 100,
    eventsPerSecond: 5000,
    activeJourneys: 50,
    activeInstances: 1000000,
  },
  defaults: {
    requestsPerSecondPerKey: 100,
    eventsPerSecond: 1000,
    activeJourneys: 50,
    activeInstances: 1000000,
  },
};

export const platformExamples: Record<string, OperationExamples> = {
  diffVersions: {
    response: {
      from: 1,
      to: 'draft',
      addedNodes: ['reminder'],
      removedNodes: [],
      changedNodes: [{ id: 'wait_purchase', changedFields: ['config.timeout'] }],
      addedEdges: [{ from: 'wait_purchase', to: 'reminder', output: 'timeout' }],
      removedEdges: [{ from: 'wait_purchase', to: 'done', output: 'timeout' }],
    },
  },
  rollback: {
    request: { version: 1, strategy: 'migrate_all', note: 'v2 reminder sent twice; back to v1' },
    response: {
      version: {
        journeyId: JOURNEY_ID,
        version: 3,
        graph: WELCOME_GRAPH,
        strategy: 'migrate_all',
        note: 'v2 reminder sent twice; back to v1',
        author: 'api_key:ci',
        createdAt: LATER,
      },
      dryRun: false,
      plan: null,
      migration: { ...migration(100, 'running'), strategy: 'migrate_all', fromVersions: [2], toVersion: 3 },
    },
  },
  listMigrations: { response: { migrations: [migration(25, 'running')] } },
  getMigration: { response: migration(25, 'running') },
  getMigrationProgress: {
    response: {
      migrationId: MIGRATION_ID,
      intervalMs: 5000,
      final: false,
      samples: [
        { at: AT, total: 420, enqueued: 420, migrated: 0, held: 0, exited: 0, failed: 0, unchanged: 0 },
        { at: LATER, total: 420, enqueued: 105, migrated: 311, held: 2, exited: 2, failed: 0, unchanged: 0 },
      ],
    },
  },
  raiseRollout: { request: { percent: 50, note: 'No failures at 25%' }, response: migration(50, 'running') },
  haltMigration: { request: { note: 'Reminder copy is wrong' }, response: migration(25, 'halted') },
  journeyAudit: {
    response: {
      entries: [{ ...auditEntry, action: 'version.published', route: 'POST /v1/journeys/{id}/versions' }],
    },
  },
  releaseInstance: {
    request: { nodeId: 'wait_purchase' },
    response: {
      id: INSTANCE_ID,
      journeyId: JOURNEY_ID,
      version: 2,
      customerId: 'cus_1042',
      status: 'waiting',
      statusReason: null,
      createdAt: AT,
      updatedAt: LATER,
      endedAt: null,
    },
  },
  listProviders: { response: { providers: [provider] } },
  putProvider: {
    request: {
      provider: 'sendgrid',
      settings: { from: 'hello@acme.example', sandbox: false },
      credentials: { apiKey: 'SG.nE1xAmPlE.kEy9x9Qa' },
    },
    response: provider,
  },
  deleteProvider: { response: { deleted: true } },
  providerWebhook: {
    request: [
      {
        email: 'ada@example.com',
        event: 'delivered',
        timestamp: 1764581530,
        sg_message_id: 'Xk2m9Q.filter0001',
        kalcifer_send_key: 'a1b2c3d4',
      },
    ],
    response: { accepted: 1, ignored: 0 },
  },
  providerWebhookQuery: { response: { accepted: 1, ignored: 0 } },
  startDesignSession: {
    request: {
      brief: 'When someone signs up, send a welcome email, then wait up to 3 days for their first order.',
    },
    response: designTurn,
  },
  streamDesignSession: {
    request: {
      brief: 'When someone signs up, send a welcome email, then wait up to 3 days for their first order.',
    },
    response: 'event: turn\ndata: {"sessionId":"ds_5kQ2w9Lm","turn":1,"summary":"5 steps"}\n\n',
  },
  sendDesignMessage: {
    request: { message: 'Wait 5 days instead of 3' },
    response: {
      ...designTurn,
      turn: 2,
      diff: { changedNodes: ['wait_purchase'] },
      summary: 'wait_purchase now waits 5 days',
    },
  },
  streamDesignMessage: {
    request: { message: 'Wait 5 days instead of 3' },
    response:
      'event: turn\ndata: {"sessionId":"ds_5kQ2w9Lm","turn":2,"summary":"wait_purchase now waits 5 days"}\n\n',
  },
  importDesignDocument: {
    requestType: 'text/csv',
    request:
      'step,action,detail\n1,entry,customer signs up\n2,email,welcome email\n3,wait,3 days for order_placed\n',
    response: {
      ...designTurn,
      format: 'csv',
      mapping: [{ location: 'row 2', text: 'welcome email' }],
      ignored: [],
    },
  },
  explainJourney: {
    response: {
      explanation:
        'Customers enter when enrolled by the API, get a welcome email, and wait up to 3 days for an order_placed event; an order counts as the first_purchase goal.',
    },
  },
  suggestJourneyOptimizations: {
    request: { analytics: [{ nodeId: 'wait_purchase', entered: 1200, droppedOff: 840 }] },
    response: {
      suggestions: [
        {
          kind: 'add_reminder',
          nodeId: 'wait_purchase',
          title: 'Remind customers who have not ordered after 3 days',
          rationale: '70% of customers leave wait_purchase without ordering',
          graph: WELCOME_GRAPH,
          diff: { addedNodes: ['reminder'] },
        },
      ],
      from: null,
      to: null,
      analytics: [{ nodeId: 'wait_purchase', entered: 1200, droppedOff: 840 }],
    },
  },
  getJourneyAnalytics: {
    response: {
      ...RANGE,
      entered: 1200,
      completed: 1150,
      exited: 30,
      failed: 2,
      converted: 360,
      conversionRate: 0.3,
    },
  },
  getNodeAnalytics: {
    response: {
      ...RANGE,
      nodes: [
        {
          nodeId: 'welcome',
          version: 1,
          entered: 1200,
          exited: 1200,
          avgMs: 84,
          p95Ms: 210,
          ended: 0,
          failed: 0,
        },
        {
          nodeId: 'wait_purchase',
          version: 1,
          entered: 1200,
          exited: 1190,
          avgMs: 151200000,
          p95Ms: 259200000,
          ended: 10,
          failed: 0,
        },
      ],
    },
  },
  getAbResults: {
    response: {
      ...RANGE,
      minSamplePerVariant: 100,
      confidence: 0.95,
      splits: [
        {
          nodeId: 'subject_test',
          variants: [
            { variant: 'a', entered: 600, converted: 150, conversionRate: 0.25 },
            { variant: 'b', entered: 600, converted: 210, conversionRate: 0.35 },
          ],
          comparisons: [
            {
              baseline: 'a',
              variant: 'b',
              enoughData: true,
              difference: 0.1,
              z: 3.75,
              pValue: 0.0002,
              ciLow: 0.048,
              ciHigh: 0.152,
              significant: true,
              verdict: 'b converts better than a (+10.0 points, p = 0.0002)',
            },
          ],
        },
      ],
    },
  },
  getFunnel: {
    response: {
      ...RANGE,
      path: ['start', 'welcome', 'bought'],
      steps: [
        { nodeId: 'start', reached: 1200, rate: 1 },
        { nodeId: 'welcome', reached: 1200, rate: 1 },
        { nodeId: 'bought', reached: 360, rate: 0.3 },
      ],
    },
  },
  createWebhookSubscription: {
    request: {
      url: 'https://crm.example.com/kalcifer',
      eventTypes: ['goal.reached', 'journey.completed'],
      journeyId: JOURNEY_ID,
    },
    response: { ...subscription, secret: SECRET },
  },
  listWebhookSubscriptions: { response: { subscriptions: [subscription] } },
  getWebhookSubscription: { response: subscription },
  updateWebhookSubscription: {
    request: { enabled: false },
    response: { ...subscription, enabled: false, updatedAt: LATER },
  },
  deleteWebhookSubscription: { response: { deleted: true } },
  rotateWebhookSecret: {
    request: { graceSeconds: 3600 },
    response: {
      ...subscription,
      previousSecretExpiresAt: '2026-12-01T10:42:10.000Z',
      updatedAt: LATER,
      secret: 'whsec_R2tY7uI9oP1aS3dF5gH7jK9lZ2xC4vB6nM8qW0eE1rT',
    },
  },
  listWebhookDeliveries: {
    response: {
      deliveries: [
        {
          id: 'whd_9aB3kQ2m',
          eventId: `${INSTANCE_ID}:7`,
          journeyId: JOURNEY_ID,
          instanceId: INSTANCE_ID,
          status: 'delivered',
          attempts: 2,
          createdAt: LATER,
          deliveredAt: '2026-12-01T09:42:13.000Z',
          log: [
            { at: LATER, durationMs: 5000, error: 'timeout after 5000 ms' },
            { at: '2026-12-01T09:42:13.000Z', durationMs: 48, httpStatus: 200 },
          ],
        },
      ],
      nextCursor: null,
    },
  },
  streamJourneyEvents: {
    response: `id: 1042\nevent: step\ndata: {"journeyId":"${JOURNEY_ID}","version":1,"instanceId":"${INSTANCE_ID}","customerId":"cus_1042","events":[{"type":"goal.reached","at":1764582130000,"nodeId":"bought"}]}\n\n`,
  },
  createAlertRule: {
    request: {
      name: 'Welcome emails bouncing',
      kind: 'delivery_rate',
      journeyId: JOURNEY_ID,
      channel: 'email',
      thresholdPercent: 90,
      windowMinutes: 60,
      minSamples: 50,
    },
    response: { ...alertRule, lastValue: null, lastSamples: null, lastEvaluatedAt: null },
  },
  listAlertRules: { response: { rules: [alertRule] } },
  getAlertRule: { response: alertRule },
  updateAlertRule: { request: { thresholdPercent: 95 }, response: { ...alertRule, thresholdPercent: 95 } },
  deleteAlertRule: { response: { deleted: true } },
  health: { response: { status: 'ok' } },
  readiness: { response: { status: 'ready', checks: { nats: true, mongodb: true, redis: true } } },
  metrics: {
    response:
      '# HELP http_requests_total HTTP requests by route and status\n# TYPE http_requests_total counter\nhttp_requests_total{route="POST /v1/events",status="202"} 18234\n',
  },
  openapi: { response: { openapi: '3.1.0', info: { title: 'Kalcifer API', version: '1.0.0' }, paths: {} } },
  docs: { response: '<!doctype html><html lang="en"><head><title>Kalcifer API</title></head>…</html>' },
  getMe: {
    response: {
      workspaceId: 'ws_4f2a',
      workspaceName: 'Acme',
      role: 'editor',
      actor: 'api_key:ci',
      credential: 'api_key',
    },
  },
  createApiKey: {
    request: { name: 'ci', role: 'editor', expiresAt: '2027-01-31T00:00:00Z' },
    response: { ...apiKey, lastUsedAt: null, key: 'kal_Xk2m9Qa7Lp3Zr8Tn4Wb6Yc1Vd5He0Jf2' },
  },
  listApiKeys: { response: { keys: [apiKey] } },
  revokeApiKey: { response: { ...apiKey, revokedAt: LATER, status: 'revoked' } },
  listAudit: { response: { entries: [auditEntry], nextCursor: null } },
  getQuotas: { response: quotas },
  setQuotas: { request: { eventsPerSecond: 5000 }, response: quotas },
  addMember: {
    request: { subject: 'auth0|64f1c2', email: 'ada@example.com', role: 'editor' },
    response: member,
  },
  listMembers: { response: { members: [member] } },
  changeMemberRole: { request: { role: 'admin' }, response: { ...member, role: 'admin', updatedAt: LATER } },
  removeMember: { response: { deleted: true } },
};
