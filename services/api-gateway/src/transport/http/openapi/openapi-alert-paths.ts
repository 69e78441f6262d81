import { ALERT_RULE_KINDS } from '@kalcifer/contracts';
import { ref } from './openapi-schemas';

/** /v1/alert-rules: alert rules kept and evaluated by services/analytics (FR-10.5). */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});
const errorWith = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});
const std = { '401': err('Unauthorized'), '500': err('InternalError'), '503': err('ServiceUnavailable') };
const forbidden = errorWith('Code: forbidden (changing alert rules needs the editor or admin role)');
const notFound = errorWith(
  'Code: alert_rule_not_found (no such rule in this workspace) or journey_not_found',
);
const badRequest = errorWith(
  'Code: invalid_request (details.issues name each field: a field the kind does not use, a threshold outside 0..100, nodeId without journeyId...), unknown_node (nodeId is not a node of the journey: details.nodeIds lists them) or invalid_alert_rule (the rule after a change is not a valid rule of its kind)',
);
const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string' },
  description: 'alr_...',
};

const fields: Json = {
  name: { type: 'string', minLength: 1, maxLength: 200 },
  kind: {
    type: 'string',
    enum: [...ALERT_RULE_KINDS],
    description:
      'failure_rate: failed sends (failed, bounced) over sends with an outcome, of a node (journeyId + nodeId; instances failed at the node count too), a channel or a journey, above thresholdPercent over the last windowMinutes with at least minSamples sends. delivery_rate: delivered (or opened, clicked) over sent, below thresholdPercent. no_entries: no journey.entered into journeyId for hours.',
  },
  journeyId: { type: 'string' },
  nodeId: { type: 'string', description: 'failure_rate only, with journeyId' },
  channel: { type: 'string', enum: ['email', 'sms', 'push', 'whatsapp', 'webhook'] },
  thresholdPercent: { type: 'number', minimum: 0, maximum: 100 },
  windowMinutes: { type: 'number', exclusiveMinimum: 0, maximum: 1440 },
  minSamples: {
    type: 'integer',
    minimum: 1,
    description: 'Default 10: fewer sends in the window never fire',
  },
  hours: { type: 'number', exclusiveMinimum: 0, maximum: 168, description: 'no_entries only' },
  enabled: { type: 'boolean', description: 'Default true; a disabled rule is not evaluated' },
};

export const alertSchemas: Record<string, Json> = {
  AlertRuleRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'kind'],
    description:
      'failure_rate and delivery_rate need thresholdPercent and windowMinutes; no_entries needs journeyId and hours. A field the kind does not use is a 400.',
    properties: fields,
  },
  AlertRuleChange: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    description: 'The fields to change; null clears an optional one. The result must be a valid rule.',
    properties: Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [
        k,
        k === 'name' || k === 'kind' || k === 'enabled' ? v : { anyOf: [v, { type: 'null' }] },
      ]),
    ),
  },
  AlertRule: {
    type: 'object',
    required: ['id', 'name', 'kind', 'enabled', 'state', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string' },
      ...fields,
      state: { type: 'string', enum: ['ok', 'firing'] },
      lastValue: {
        type: ['number', 'null'],
        description: 'Percent (rates) or entries (no_entries: 0 or 1, at least one)',
      },
      lastSamples: { type: ['integer', 'null'] },
      lastEvaluatedAt: { type: ['string', 'null'], format: 'date-time' },
      stateChangedAt: { type: ['string', 'null'], format: 'date-time' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  AlertRuleList: {
    type: 'object',
    required: ['rules'],
    properties: { rules: { type: 'array', items: ref('AlertRule') } },
  },
  AlertEventData: {
    type: 'object',
    description: 'data of an alert.fired / alert.resolved event (on GET /v1/stream and outbound webhooks)',
    required: [
      'ruleId',
      'ruleName',
      'kind',
      'value',
      'threshold',
      'samples',
      'windowMs',
      'windowStart',
      'windowEnd',
    ],
    properties: {
      ruleId: { type: 'string' },
      ruleName: { type: 'string' },
      kind: { type: 'string', enum: [...ALERT_RULE_KINDS] },
      journeyId: { type: 'string' },
      nodeId: { type: 'string' },
      channel: { type: 'string' },
      value: { type: 'number', description: 'The measured percent (rates) or entries (no_entries)' },
      threshold: { type: 'number', description: 'thresholdPercent (0 for no_entries)' },
      samples: { type: 'integer' },
      windowMs: { type: 'integer' },
      windowStart: { type: 'integer', description: 'Epoch ms' },
      windowEnd: { type: 'integer', description: 'Epoch ms' },
    },
  },
};

export const alertPaths: Record<string, Json> = {
  '/v1/alert-rules': {
    post: {
      operationId: 'createAlertRule',
      tags: ['stream'],
      summary: 'Create an alert rule (fires alert.fired / alert.resolved to the webhooks and the stream)',
      description:
        'Evaluated every few seconds (ALERT_EVAL_INTERVAL_MS) by the analytics service over the journal events it stored. A rule fires once when its condition starts (no repeat while it lasts) and resolves once when it stops.',
      requestBody: { required: true, content: { 'application/json': { schema: ref('AlertRuleRequest') } } },
      responses: {
        '201': json('AlertRule', 'Created'),
        '400': badRequest,
        '403': forbidden,
        '404': notFound,
        ...std,
      },
    },
    get: {
      operationId: 'listAlertRules',
      tags: ['stream'],
      summary: "The workspace's alert rules and their state",
      responses: { '200': json('AlertRuleList', 'OK'), ...std },
    },
  },
  '/v1/alert-rules/{id}': {
    get: {
      operationId: 'getAlertRule',
      tags: ['stream'],
      summary: 'One alert rule and its state',
      parameters: [idParam],
      responses: { '200': json('AlertRule', 'OK'), '404': notFound, ...std },
    },
    patch: {
      operationId: 'updateAlertRule',
      tags: ['stream'],
      summary: 'Change an alert rule (its state is kept)',
      parameters: [idParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('AlertRuleChange') } } },
      responses: {
        '200': json('AlertRule', 'OK'),
        '400': badRequest,
        '403': forbidden,
        '404': notFound,
        ...std,
      },
    },
    delete: {
      operationId: 'deleteAlertRule',
      tags: ['stream'],
      summary: 'Delete an alert rule (no notification is sent)',
      parameters: [idParam],
      responses: {
        '200': {
          description: 'Deleted',
          content: {
            'application/json': { schema: { type: 'object', properties: { deleted: { type: 'boolean' } } } },
          },
        },
        '403': forbidden,
        '404': notFound,
        ...std,
      },
    },
  },
};
