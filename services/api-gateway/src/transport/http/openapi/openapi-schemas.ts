import { VALIDATION_CODES } from '@kalcifer/journey';
import { INPUT_LIMITS } from '../../../application/input-limits';
import { INSTANCE_STATUSES } from '../schemas/instances.schema';
import { JOURNEY_STATUSES } from '../schemas/journeys.schema';

/** Component schemas of the public API: the request and response bodies (hand-maintained). */

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (description: string, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  description,
  ...extra,
});
const nullable = (schema: Record<string, unknown>) => ({ oneOf: [schema, { type: 'null' }] });
const object = (description: string) => ({ type: 'object', additionalProperties: true, description });
const timestamp = (description: string) => nullable(str(description, { format: 'date-time' }));

const L = INPUT_LIMITS;
/** The limits every request is held to (application/input-limits.ts), as the document states them. */
export const LIMITS_DESCRIPTION = [
  'Every JSON body is held to these limits; breaking one answers 400 with a code naming it and `details: {path, limit}`:',
  `\`body_too_deep\` (objects/arrays nested more than ${L.maxDepth} levels, the body itself being level 1),`,
  `\`string_too_long\` (a string over ${L.maxStringLength} characters), \`key_too_long\` (a key over ${L.maxKeyLength}),`,
  `\`too_many_keys\` (an object over ${L.maxKeys} keys), \`array_too_long\` (an array over ${L.maxArrayLength} items),`,
  '`invalid_characters` (a NUL or a lone UTF-16 surrogate in any string or key).',
  'A body over the size limit (3 MB by default) answers 413 `payload_too_large`.',
  `Every id (path, query or body) is 1 to ${L.maxIdLength} characters, not blank, without control characters`,
  '(NUL, tab, newline, DEL, U+0080-U+009F) or lone surrogates; emoji and other Unicode are fine.',
  'A broken id answers 400 `invalid_request` saying which character, where.',
].join(' ');

export const componentSchemas: Record<string, Record<string, unknown>> = {
  Error: {
    type: 'object',
    description: LIMITS_DESCRIPTION,
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: str('Machine-readable, e.g. invalid_request, invalid_api_key, journey_not_found'),
          message: str('What went wrong and what to fix'),
          details: { description: 'More about the problem, e.g. `{issues: [{path, message}]}`' },
          errorId: str('Only on 500: quote it when reporting; it is also in the server log'),
        },
      },
    },
  },
  RequestIssue: {
    type: 'object',
    required: ['path', 'message'],
    properties: { path: str('Where in the request, e.g. events[3].customerId'), message: str('What to fix') },
  },
  Journey: {
    type: 'object',
    required: ['id', 'name', 'status'],
    properties: {
      id: str('Journey id'),
      name: str('Display name'),
      description: str('Free text'),
      status: { type: 'string', enum: [...JOURNEY_STATUSES] },
      draft: nullable(ref('JourneyGraph')),
      latestVersion: nullable({ type: 'integer', minimum: 1, description: 'Latest published version' }),
      activeVersion: nullable({
        type: 'integer',
        minimum: 1,
        description: 'Version new entries are pinned to',
      }),
      createdAt: timestamp('Creation time'),
      updatedAt: timestamp('Last change'),
      webhookPath: nullable(
        str('POST here (no API key) to start a customer at the webhook_entry node; keep it secret'),
      ),
    },
  },
  JourneyList: {
    type: 'object',
    required: ['journeys', 'nextCursor'],
    properties: {
      journeys: { type: 'array', items: ref('Journey') },
      nextCursor: nullable(str('Pass as `cursor` for the next page; null on the last page')),
    },
  },
  JourneyOccupancy: {
    type: 'object',
    required: ['journeyId', 'perVersion', 'nodes'],
    description:
      'Customers in the journey right now, counted from the open instances (active, waiting, paused, held) when asked',
    properties: {
      journeyId: str('Journey id'),
      perVersion: {
        type: 'object',
        description: 'Open instances per version number, e.g. {"1": 120, "2": 30}',
        additionalProperties: { type: 'integer', minimum: 0 },
      },
      nodes: {
        type: 'array',
        description:
          'One row per version and node with at least one customer on it, ordered by version, then node id. An instance with tokens on two nodes (parallel branches) counts at both',
        items: {
          type: 'object',
          required: ['version', 'nodeId', 'customers'],
          properties: {
            version: { type: 'integer', minimum: 1 },
            nodeId: str('Node id of that version'),
            customers: { type: 'integer', minimum: 1, description: 'Open instances standing on the node' },
          },
        },
      },
    },
  },
  CreateJourneyRequest: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: str('1-200 characters', { minLength: 1, maxLength: 200 }),
      description: str('Free text', { maxLength: 2000 }),
      graph: ref('JourneyGraph'),
    },
  },
  UpdateDraftRequest: {
    type: 'object',
    required: ['graph'],
    additionalProperties: false,
    properties: {
      graph: ref('JourneyGraph'),
      name: str('New name (unchanged when absent)', { minLength: 1, maxLength: 200 }),
      description: str('New description (unchanged when absent)', { maxLength: 2000 }),
    },
  },
  ValidateJourneyRequest: {
    type: 'object',
    additionalProperties: false,
    properties: { graph: ref('JourneyGraph') },
    description: 'Without `graph`, the saved draft is validated.',
  },
  GraphIssue: {
    type: 'object',
    required: ['code', 'message'],
    properties: {
      code: { type: 'string', enum: [...VALIDATION_CODES] },
      nodeId: str('The node the issue is about'),
      nodeIds: { type: 'array', items: { type: 'string' }, description: 'Every node involved (a cycle)' },
      edge: {
        type: 'object',
        properties: { from: { type: 'string' }, to: { type: 'string' }, output: { type: 'string' } },
      },
      path: str('JSON path in the graph, e.g. nodes[3].config.duration'),
      message: str('Names the node and says what to fix'),
    },
  },
  ValidationResult: {
    type: 'object',
    required: ['valid', 'errors'],
    properties: { valid: { type: 'boolean' }, errors: { type: 'array', items: ref('GraphIssue') } },
  },
  JourneyVersion: {
    type: 'object',
    required: ['journeyId', 'version'],
    properties: {
      journeyId: { type: 'string' },
      version: { type: 'integer', minimum: 1 },
      graph: nullable(ref('JourneyGraph')),
      strategy: { type: 'string' },
      note: { type: 'string' },
      author: str('Who published it, e.g. api_key:admin'),
      createdAt: timestamp('Publication time'),
    },
  },
  VersionList: {
    type: 'object',
    required: ['versions'],
    properties: { versions: { type: 'array', items: ref('JourneyVersion') } },
  },
  Enrollment: {
    type: 'object',
    required: ['customerId'],
    additionalProperties: false,
    properties: {
      customerId: str('The customer to enroll', { minLength: 1, maxLength: 256 }),
      context: object('Entry context, available to templates and conditions'),
      attributes: object('Profile attributes merged into the customer before entering'),
      enrollmentId: str('Your id for this enrollment: enrolling again with it is a no-op', {
        maxLength: 200,
      }),
    },
  },
  EnrollRequest: {
    oneOf: [
      ref('Enrollment'),
      {
        type: 'object',
        required: ['enrollments'],
        additionalProperties: false,
        properties: { enrollments: { type: 'array', minItems: 1, maxItems: 1000, items: ref('Enrollment') } },
      },
    ],
  },
  CapPolicy: {
    type: 'object',
    required: ['rules'],
    properties: {
      rules: {
        type: 'array',
        maxItems: 32,
        items: {
          type: 'object',
          required: ['channel', 'limit', 'window', 'onCapped'],
          properties: {
            channel: { type: 'string', enum: ['email', 'sms', 'push', 'whatsapp', '*'] },
            limit: { type: 'integer', minimum: 1 },
            window: { type: 'string', description: 'ISO 8601 duration, e.g. P1D' },
            onCapped: { type: 'string', enum: ['skip', 'delay'] },
          },
        },
      },
    },
  },
  InstanceCommandRequest: {
    type: 'object',
    description: 'Optional; other fields are ignored',
    properties: { reason: str('Why, kept in the trace', { maxLength: 500 }) },
  },
  InstanceCommandReceipt: {
    type: 'object',
    required: ['commandId', 'instanceId', 'action'],
    properties: {
      commandId: { type: 'string' },
      instanceId: { type: 'string' },
      action: { type: 'string', enum: ['pause', 'resume', 'exit'] },
    },
  },
  WebhookEntryReceipt: {
    type: 'object',
    required: ['enrollmentId', 'customerId', 'journeyId'],
    properties: {
      enrollmentId: { type: 'string' },
      customerId: { type: 'string' },
      journeyId: { type: 'string' },
    },
  },
  EnrollmentReceipt: {
    type: 'object',
    required: ['accepted'],
    properties: {
      accepted: {
        type: 'array',
        items: {
          type: 'object',
          required: ['enrollmentId', 'customerId'],
          properties: { enrollmentId: { type: 'string' }, customerId: { type: 'string' } },
        },
      },
    },
  },
  CustomerEvent: {
    type: 'object',
    required: ['customerId', 'name'],
    additionalProperties: false,
    properties: {
      customerId: str('The customer the event is about', { minLength: 1, maxLength: 256 }),
      name: str('Event name, e.g. email_opened', { minLength: 1, maxLength: 200 }),
      properties: object('Event properties'),
      timestamp: {
        oneOf: [
          { type: 'string', format: 'date-time' },
          { type: 'integer', minimum: 0, description: 'epoch milliseconds' },
        ],
        description: 'When it happened; defaults to when it was received',
      },
      id: str('Your id for the event: resending it within 24 h is a no-op', { minLength: 1, maxLength: 200 }),
    },
  },
  EventBatch: {
    type: 'object',
    required: ['events'],
    additionalProperties: false,
    properties: { events: { type: 'array', minItems: 1, maxItems: 1000, items: ref('CustomerEvent') } },
  },
  EventAccepted: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
  EventBatchAccepted: {
    type: 'object',
    required: ['accepted', 'ids'],
    properties: { accepted: { type: 'integer' }, ids: { type: 'array', items: { type: 'string' } } },
  },
  UpsertCustomerRequest: {
    type: 'object',
    required: ['attributes'],
    additionalProperties: false,
    properties: { attributes: object('Attributes to set (merged into the profile)') },
  },
  Customer: {
    type: 'object',
    required: ['id', 'attributes'],
    properties: {
      id: { type: 'string' },
      attributes: object('Profile attributes'),
      createdAt: timestamp('First seen'),
      updatedAt: timestamp('Last change'),
    },
  },
  TraceEntry: {
    type: 'object',
    required: ['at', 'instanceId', 'journeyId', 'version', 'type', 'message'],
    properties: {
      at: str('When', { format: 'date-time' }),
      instanceId: { type: 'string' },
      journeyId: { type: 'string' },
      version: {
        type: 'integer',
        description:
          'The journey version the instance was on when this happened (entries before a migration keep the old one)',
      },
      type: str(
        'What happened, e.g. instance_started, node_entered, send_requested, waiting, delivery_status (sent, capped, delayed...), migrated, instance_exited',
      ),
      nodeId: nullable({ type: 'string' }),
      message: str('Human-readable account'),
      data: object('Details'),
    },
  },
  CustomerTrace: {
    type: 'object',
    required: ['customerId', 'entries', 'next'],
    properties: {
      customerId: { type: 'string' },
      entries: {
        type: 'array',
        items: {
          allOf: [
            ref('TraceEntry'),
            {
              type: 'object',
              required: ['why'],
              properties: {
                why: str(
                  "Why it happened, in one sentence: the condition's expression and value, the variant drawn, the frequency-cap decision (allowed, suppressed by which rule, delayed until when), what was sent and its delivery status, the version transition and the node mapping",
                ),
              },
            },
          ],
        },
      },
      next: {
        type: 'array',
        description: "What happens next, one row per token of the customer's open instances",
        items: {
          type: 'object',
          required: ['instanceId', 'journeyId', 'version', 'nodeId', 'tokenId', 'kind', 'why'],
          properties: {
            instanceId: { type: 'string' },
            journeyId: { type: 'string' },
            version: { type: 'integer' },
            nodeId: { type: 'string' },
            tokenId: { type: 'string' },
            kind: { type: 'string', enum: ['timer', 'event', 'ready', 'held', 'paused'] },
            dueAt: nullable(
              str("When the timer fires, or the awaited event's deadline", { format: 'date-time' }),
            ),
            event: nullable(str('The awaited event (kind event)')),
            why: str('What the customer waits for, in words'),
          },
        },
      },
    },
  },
  Instance: {
    type: 'object',
    required: ['id', 'journeyId', 'version', 'customerId', 'status'],
    properties: {
      id: { type: 'string' },
      journeyId: { type: 'string' },
      version: { type: 'integer' },
      customerId: { type: 'string' },
      status: { type: 'string', enum: [...INSTANCE_STATUSES] },
      statusReason: nullable({ type: 'string' }),
      state: object('Tokens, context and visits'),
      createdAt: timestamp('Entry time'),
      updatedAt: timestamp('Last step'),
      endedAt: timestamp('When it reached a terminal status'),
      trace: { type: 'array', items: ref('TraceEntry') },
    },
  },
  InstanceList: {
    type: 'object',
    required: ['instances', 'nextCursor'],
    properties: {
      instances: { type: 'array', items: ref('Instance') },
      nextCursor: nullable(str('Pass as `cursor` for the next page; null on the last page')),
    },
  },
  Health: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } },
  Readiness: {
    type: 'object',
    required: ['status', 'checks'],
    properties: {
      status: { type: 'string', enum: ['ready', 'not_ready'] },
      checks: { type: 'object', additionalProperties: { type: 'boolean' } },
    },
  },
};
