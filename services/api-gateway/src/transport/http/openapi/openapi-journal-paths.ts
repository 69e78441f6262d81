import { JOURNAL_EVENT_TYPES } from '@kalcifer/contracts';
import { ref } from './openapi-schemas';

/** /v1/stream (live journey events) and /v1/webhook-subscriptions (outbound webhooks). */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });

export const journalSchemas: Record<string, Json> = {
  JourneyEventType: {
    type: 'string',
    enum: [...JOURNAL_EVENT_TYPES],
    description:
      "journey.entered, node.entered, node.exited (data.output), goal.reached, message.requested (data: sendKey, channel), message.status (data: sendKey, status: sent|delivered|opened|clicked|bounced|failed|unknown|capped|delayed), journey.completed, journey.exited, journey.failed, instance.migrated (a live migration moved, exited or held the instance: migration progress); alert.fired, alert.resolved (an alert rule changed state: a message with version 0, empty instanceId and customerId, journeyId the rule's or empty, and one event whose data is an AlertEventData, see /v1/alert-rules)",
  },
  JourneyEvent: {
    type: 'object',
    required: ['type', 'at'],
    properties: {
      type: ref('JourneyEventType'),
      at: { type: 'integer', description: 'Epoch milliseconds' },
      nodeId: { type: 'string' },
      tokenId: { type: 'string' },
      message: { type: 'string' },
      data: { type: 'object', additionalProperties: true },
    },
  },
  JournalStep: {
    type: 'object',
    description: 'What happened to one customer in one step of their journey instance',
    required: ['workspaceId', 'journeyId', 'version', 'instanceId', 'customerId', 'events'],
    properties: {
      workspaceId: { type: 'string' },
      journeyId: { type: 'string' },
      version: { type: 'integer' },
      instanceId: { type: 'string' },
      customerId: { type: 'string' },
      events: { type: 'array', minItems: 1, items: ref('JourneyEvent') },
    },
    example: {
      workspaceId: 'ws_4f2a',
      journeyId: 'jr_Q2x9',
      version: 1,
      instanceId: 'in_k3',
      customerId: 'c-42',
      events: [
        { type: 'journey.entered', at: 1767225600000, nodeId: 'start' },
        { type: 'node.exited', at: 1767225600000, nodeId: 'start', data: { output: 'next' } },
        { type: 'node.entered', at: 1767225600000, nodeId: 'welcome' },
        {
          type: 'message.requested',
          at: 1767225600000,
          nodeId: 'welcome',
          data: { sendKey: 'a1b2', channel: 'email' },
        },
      ],
    },
  },
  WebhookSubscriptionRequest: {
    type: 'object',
    required: ['url'],
    additionalProperties: false,
    properties: {
      url: {
        type: 'string',
        format: 'uri',
        maxLength: 2000,
        description:
          'http(s) URL of the receiver. Refused (400 webhook_target_forbidden) when its host resolves to a private, loopback or link-local address, unless the workspace allows private targets (PUT /v1/providers/webhook with settings.allowPrivateTargets: true)',
      },
      eventTypes: {
        type: 'array',
        items: ref('JourneyEventType'),
        description: 'The event types to receive; empty or absent: every type',
      },
      journeyId: {
        type: 'string',
        pattern: '^[A-Za-z0-9_-]{1,128}$',
        description: "Only this journey's events",
      },
      description: { type: 'string', maxLength: 500 },
      enabled: { type: 'boolean', default: true },
    },
    example: { url: 'https://crm.example.com/kalcifer', eventTypes: ['goal.reached', 'journey.completed'] },
  },
  WebhookSubscriptionPatch: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      url: { type: 'string', format: 'uri', maxLength: 2000 },
      eventTypes: { type: 'array', items: ref('JourneyEventType') },
      journeyId: { type: ['string', 'null'], description: 'null: every journey again' },
      description: { type: 'string', maxLength: 500 },
      enabled: { type: 'boolean' },
    },
  },
  WebhookSubscription: {
    type: 'object',
    required: ['id', 'url', 'eventTypes', 'enabled', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', example: 'whs_3kX9aQ2m' },
      url: { type: 'string' },
      eventTypes: { type: 'array', items: ref('JourneyEventType') },
      journeyId: { type: 'string' },
      description: { type: 'string' },
      enabled: { type: 'boolean' },
      previousSecretExpiresAt: {
        type: 'string',
        format: 'date-time',
        description: 'After a secret rotation: until then, deliveries are signed by the previous secret too',
      },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  WebhookSecretRotation: {
    type: 'object',
    additionalProperties: false,
    properties: {
      graceSeconds: {
        type: 'integer',
        minimum: 0,
        maximum: 604800,
        default: 86400,
        description: 'How long the previous secret still signs deliveries (0: not at all)',
      },
    },
  },
  WebhookSubscriptionCreated: {
    allOf: [
      ref('WebhookSubscription'),
      {
        type: 'object',
        required: ['secret'],
        properties: {
          secret: {
            type: 'string',
            description:
              'The signing secret (whsec_...), shown this once: Kalcifer-Signature = v1=<hex HMAC-SHA256(secret, "<Kalcifer-Timestamp>.<raw body>")>',
            example: 'whsec_q4Jm0b2x8kQ6uT1zV9sY3dL5nR7pW0aE2fH4jK6mN8o',
          },
        },
      },
    ],
  },
  WebhookSubscriptionList: {
    type: 'object',
    required: ['subscriptions'],
    properties: { subscriptions: { type: 'array', items: ref('WebhookSubscription') } },
  },
  WebhookDeleted: {
    type: 'object',
    required: ['deleted'],
    properties: { deleted: { type: 'boolean', const: true } },
  },
  WebhookDelivery: {
    type: 'object',
    required: ['id', 'eventId', 'journeyId', 'instanceId', 'status', 'attempts', 'createdAt', 'log'],
    properties: {
      id: { type: 'string', description: '<subscriptionId>:<eventId>' },
      eventId: {
        type: 'string',
        description: 'The journal event id (as on GET /v1/stream), header Kalcifer-Event-Id',
      },
      journeyId: { type: 'string' },
      instanceId: { type: 'string' },
      status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
      attempts: { type: 'integer' },
      nextAttemptAt: { type: 'string', format: 'date-time', description: 'pending: when it is tried again' },
      createdAt: { type: 'string', format: 'date-time' },
      deliveredAt: { type: 'string', format: 'date-time' },
      log: {
        type: 'array',
        description: 'Every attempt (the latest 30), oldest first',
        items: {
          type: 'object',
          required: ['at', 'durationMs'],
          properties: {
            at: { type: 'string', format: 'date-time' },
            durationMs: { type: 'integer' },
            httpStatus: { type: 'integer', description: "The receiver's answer, when it answered" },
            error: { type: 'string', description: 'Why the attempt failed' },
          },
        },
      },
    },
  },
  WebhookDeliveryList: {
    type: 'object',
    required: ['deliveries', 'nextCursor'],
    properties: {
      deliveries: { type: 'array', items: ref('WebhookDelivery'), description: 'Newest event first' },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as cursor for the next page; null on the last page',
      },
    },
  },
};

const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});
const forbidden = {
  description: 'Code: admin_key_required (changing webhook subscriptions needs an admin API key)',
  content: { 'application/json': { schema: ref('Error') } },
};
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'whs_...',
};
const badTarget =
  '400: invalid_request (details.issues name each field) or webhook_target_forbidden (the URL resolves to a private, loopback or link-local address and the workspace does not allow them)';
const std = { '401': err('Unauthorized'), '500': err('InternalError'), '503': err('ServiceUnavailable') };

const subscriptionPaths: Record<string, Json> = {
  '/v1/webhook-subscriptions': {
    post: {
      operationId: 'createWebhookSubscription',
      tags: ['stream'],
      summary: 'Register a URL for journey events (outbound webhook)',
      description: `Every journal event (one per instance step, see GET /v1/stream) with at least one subscribed type is POSTed to the URL, cut down to those types, with headers Kalcifer-Webhook-Id, Kalcifer-Event-Id, Kalcifer-Delivery-Attempt, Kalcifer-Timestamp (Unix seconds) and Kalcifer-Signature. Delivered at least once: any answer but 2xx, a timeout or a network error is retried with exponential backoff until WEBHOOK_MAX_ATTEMPTS; receivers drop repeats by Kalcifer-Event-Id. The answer carries the signing secret, shown this once. ${badTarget}. 404 journey_not_found: journeyId is not one of the workspace's journeys.`,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('WebhookSubscriptionRequest') } },
      },
      responses: {
        '201': json('WebhookSubscriptionCreated', 'Created; secret shown this once'),
        '400': err('BadRequest'),
        '403': forbidden,
        '404': err('NotFound'),
        ...std,
      },
    },
    get: {
      operationId: 'listWebhookSubscriptions',
      tags: ['stream'],
      summary: "The workspace's webhook subscriptions (without their secrets)",
      responses: { '200': json('WebhookSubscriptionList', 'OK'), ...std },
    },
  },
  '/v1/webhook-subscriptions/{id}': {
    get: {
      operationId: 'getWebhookSubscription',
      tags: ['stream'],
      summary: 'One webhook subscription (without its secret)',
      parameters: [idParam],
      responses: {
        '200': json('WebhookSubscription', 'OK'),
        '400': err('BadRequest'),
        '404': err('NotFound'),
        ...std,
      },
    },
    patch: {
      operationId: 'updateWebhookSubscription',
      tags: ['stream'],
      summary: 'Change the URL, event types, journey, description or enabled flag',
      description: `A disabled subscription receives nothing; its pending deliveries fail. ${badTarget}. 404: webhook_subscription_not_found, or journey_not_found for a journeyId that is not one of the workspace's journeys.`,
      parameters: [idParam],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: ref('WebhookSubscriptionPatch') } },
      },
      responses: {
        '200': json('WebhookSubscription', 'Changed'),
        '400': err('BadRequest'),
        '403': forbidden,
        '404': err('NotFound'),
        ...std,
      },
    },
    delete: {
      operationId: 'deleteWebhookSubscription',
      tags: ['stream'],
      summary: 'Remove a subscription and its delivery log',
      parameters: [idParam],
      responses: {
        '200': json('WebhookDeleted', 'Removed'),
        '400': err('BadRequest'),
        '403': forbidden,
        '404': err('NotFound'),
        ...std,
      },
    },
  },
  '/v1/webhook-subscriptions/{id}/rotate-secret': {
    post: {
      operationId: 'rotateWebhookSecret',
      tags: ['stream'],
      summary: 'Issue a new signing secret (shown once); the previous one still signs for a grace period',
      description:
        'Admin only. Until previousSecretExpiresAt (now + graceSeconds, default 86400), every delivery carries one signature per secret, new first: Kalcifer-Signature: v1=<new>,v1=<old>. Receivers accept a request when any v1= verifies, so they can switch secrets without losing a delivery.',
      parameters: [idParam],
      requestBody: {
        required: false,
        content: { 'application/json': { schema: ref('WebhookSecretRotation') } },
      },
      responses: {
        '200': json('WebhookSubscriptionCreated', 'The subscription with its new secret'),
        '400': err('BadRequest'),
        '403': forbidden,
        '404': err('NotFound'),
        ...std,
      },
    },
  },
  '/v1/webhook-subscriptions/{id}/deliveries': {
    get: {
      operationId: 'listWebhookDeliveries',
      tags: ['stream'],
      summary: "The subscription's delivery log: each event, its status and every attempt",
      parameters: [
        idParam,
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
        },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
        {
          name: 'cursor',
          in: 'query',
          required: false,
          schema: { type: 'string' },
          description:
            "The nextCursor of the previous page, passed back unchanged (opaque and signed). A cursor the API did not issue for this list and workspace (made up, edited, another list's) is 400 invalid_cursor: leave it out to start from the first page",
        },
      ],
      responses: {
        '200': json('WebhookDeliveryList', 'A page of deliveries, newest event first'),
        '400': err('BadRequest'),
        '404': err('NotFound'),
        ...std,
      },
    },
  },
};

export const journalPaths: Record<string, Json> = {
  ...subscriptionPaths,
  '/v1/stream': {
    get: {
      operationId: 'streamJourneyEvents',
      tags: ['stream'],
      summary: "Live journey events of the caller's workspace (server-sent events)",
      description:
        "One `event: journal` per instance step, `id:` = its position in the journal (a JetStream sequence), `data:` = a JournalStep with the requested event types. Reconnect with the header `Last-Event-ID` (EventSource does it by itself) or `?lastEventId=` to resume right after that event, with no gap and no repeat (events are kept 7 days; resuming after an expired id first sends `event: gap` with `{lastEventId, firstAvailableId}`). Without it, the stream starts with events from now on. `: heartbeat` comments every 15 s. A failure after the stream started is an `event: error` with the error object. A journeyId that is not one of the workspace's journeys (another workspace's included) is refused with 404 journey_not_found before the stream opens.",
      parameters: [
        {
          name: 'journeyId',
          in: 'query',
          required: false,
          description: "Only this journey's events",
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' },
        },
        {
          name: 'types',
          in: 'query',
          required: false,
          description:
            'Comma-separated event types, e.g. `goal.reached,journey.completed`; steps without any are left out',
          schema: { type: 'string' },
        },
        {
          name: 'lastEventId',
          in: 'query',
          required: false,
          description: 'Resume after this event id (as the Last-Event-ID header; the header wins)',
          schema: { type: 'string', pattern: '^\\d{1,15}$' },
        },
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          description: 'The id of the last event received: resume after it',
          schema: { type: 'string', pattern: '^\\d{1,15}$' },
        },
      ],
      responses: {
        '200': {
          description: 'The stream (stays open)',
          content: {
            'text/event-stream': {
              schema: { type: 'string' },
              example:
                'id: 1042\nevent: journal\ndata: {"workspaceId":"ws_4f2a","journeyId":"jr_Q2x9","version":1,"instanceId":"in_k3","customerId":"c-42","events":[{"type":"goal.reached","at":1767225600000}]}\n\n',
            },
          },
        },
        '400': err('BadRequest'),
        '401': err('Unauthorized'),
        '404': err('NotFound'),
        '500': err('InternalError'),
        '503': err('ServiceUnavailable'),
      },
    },
  },
};
