import { JOURNEY_EVENT_TYPES } from '@kalcifer/contracts';
import { ref } from './openapi-schemas';

/** /v1/stream (live journey events) and /v1/webhook-subscriptions (outbound webhooks). */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });

export const journalSchemas: Record<string, Json> = {
  JourneyEventType: {
    type: 'string',
    enum: [...JOURNEY_EVENT_TYPES],
    description:
      'journey.entered, node.entered, node.exited (data.output), goal.reached, message.requested (data: sendKey, channel), message.status (data: sendKey, status: sent|delivered|opened|clicked|bounced|failed|unknown|capped|delayed), journey.completed, journey.exited, journey.failed, instance.migrated (a live migration moved, exited or held the instance: migration progress)',
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
};

export const journalPaths: Record<string, Json> = {
  '/v1/stream': {
    get: {
      operationId: 'streamJourneyEvents',
      tags: ['stream'],
      summary: "Live journey events of the caller's workspace (server-sent events)",
      description:
        'One `event: journal` per instance step, `id:` = its position in the journal (a JetStream sequence), `data:` = a JournalStep with the requested event types. Reconnect with the header `Last-Event-ID` (EventSource does it by itself) or `?lastEventId=` to resume right after that event, with no gap and no repeat (events are kept 7 days). Without it, the stream starts with events from now on. `: heartbeat` comments every 15 s. A failure after the stream started is an `event: error` with the error object.',
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
        '500': err('InternalError'),
        '503': err('ServiceUnavailable'),
      },
    },
  },
};
