import { ref } from './openapi-schemas';

/** /v1/me (any role); /v1/api-keys, /v1/audit and /v1/quotas: workspace administration (admin role). */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });
const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});
const std = {
  '401': err('Unauthorized'),
  '403': err('Forbidden'),
  '429': err('TooManyRequests'),
  '500': err('InternalError'),
  '503': err('ServiceUnavailable'),
};
const role = { type: 'string', enum: ['viewer', 'editor', 'admin'] };
const timestamp = { type: 'string', format: 'date-time' };
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' };

export const identitySchemas: Record<string, Json> = {
  Role: {
    ...role,
    description:
      'viewer: reads everything but webhook secrets. editor: also creates, edits, publishes and runs journeys, enrolls, sends events, pauses instances. admin: also manages API keys, provider credentials, frequency caps, webhook subscriptions, quotas and reads the audit trail.',
  },
  Me: {
    type: 'object',
    required: ['workspaceId', 'workspaceName', 'role', 'actor', 'credential'],
    properties: {
      workspaceId: { type: 'string' },
      workspaceName: { type: 'string' },
      role: ref('Role'),
      actor: {
        type: 'string',
        description: 'api_key:<key name> or user:<JWT sub>, as the audit trail records it',
      },
      credential: { type: 'string', enum: ['api_key', 'jwt'] },
    },
    example: {
      workspaceId: 'ws_4f2a',
      workspaceName: 'Acme',
      role: 'editor',
      actor: 'api_key:console',
      credential: 'api_key',
    },
  },
  ApiKeyRequest: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100, description: 'What the key is for, e.g. "ci"' },
      role: { ...ref('Role'), default: 'viewer' },
      expiresAt: { ...timestamp, description: 'Refused (401 api_key_expired) from then on; in the future' },
    },
    example: { name: 'ci', role: 'editor', expiresAt: '2027-01-31T00:00:00Z' },
  },
  ApiKey: {
    type: 'object',
    required: ['id', 'name', 'role', 'prefix', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt', 'status'],
    properties: {
      id: { type: 'string', pattern: '^key_[0-9a-f]{20}$' },
      name: { type: 'string' },
      role: ref('Role'),
      prefix: {
        type: ['string', 'null'],
        description: "The key's first 12 characters, to recognise it (null for a key chosen by the operator)",
      },
      createdAt: timestamp,
      lastUsedAt: { ...nullableTimestamp, description: 'Updated at most once a minute' },
      expiresAt: nullableTimestamp,
      revokedAt: nullableTimestamp,
      status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
    },
  },
  ApiKeyCreated: {
    allOf: [
      ref('ApiKey'),
      {
        type: 'object',
        required: ['key'],
        properties: {
          key: { type: 'string', description: 'The key itself: shown this once, stored hashed' },
        },
      },
    ],
  },
  ApiKeyList: {
    type: 'object',
    required: ['keys'],
    properties: { keys: { type: 'array', items: ref('ApiKey') } },
  },
  AuditEntry: {
    type: 'object',
    required: ['id', 'at', 'actor', 'role', 'action', 'route', 'target', 'ip', 'userAgent'],
    properties: {
      id: { type: 'string' },
      at: timestamp,
      actor: { type: 'string', description: 'api_key:<key name> or user:<JWT sub>' },
      role: ref('Role'),
      action: {
        type: 'string',
        description:
          'journey.created, journey.draft_saved, journey.activated|paused|resumed|archived, version.published, version.rolled_back, migration.rolled_out, migration.halted, frequency_caps.updated, provider.updated, provider.deleted, webhook_subscription.created|updated|deleted, api_key.created, api_key.revoked, quotas.updated',
      },
      route: { type: 'string', example: 'PUT /v1/journeys/{id}/draft' },
      target: { type: 'object', additionalProperties: { type: 'string' }, description: 'Path parameters' },
      createdId: { type: 'string', description: 'The id of the object a POST created' },
      ip: { type: 'string' },
      userAgent: { type: 'string' },
    },
  },
  AuditPage: {
    type: 'object',
    required: ['entries', 'nextCursor'],
    properties: {
      entries: { type: 'array', items: ref('AuditEntry') },
      nextCursor: { type: ['string', 'null'], description: 'Pass as cursor for older entries' },
    },
  },
  WorkspaceQuotas: {
    type: 'object',
    required: ['requestsPerSecondPerKey', 'eventsPerSecond', 'activeJourneys', 'activeInstances'],
    properties: {
      requestsPerSecondPerKey: { type: 'integer', minimum: 1, description: 'Per API key or JWT user' },
      eventsPerSecond: {
        type: 'integer',
        minimum: 1,
        description: 'Events of the workspace (a batch counts each)',
      },
      activeJourneys: {
        type: 'integer',
        minimum: 1,
        description: 'Checked when a journey is activated or resumed',
      },
      activeInstances: {
        type: 'integer',
        minimum: 1,
        description:
          'Open journey instances; enrollments and webhook entries beyond it are refused whole (429)',
      },
    },
  },
  QuotasPatch: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      requestsPerSecondPerKey: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      eventsPerSecond: { type: 'integer', minimum: 1, maximum: 10_000_000 },
      activeJourneys: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      activeInstances: { type: 'integer', minimum: 1, maximum: 1_000_000_000 },
    },
    example: { eventsPerSecond: 5000 },
  },
  QuotasView: {
    type: 'object',
    required: ['quotas', 'defaults'],
    properties: { quotas: ref('WorkspaceQuotas'), defaults: ref('WorkspaceQuotas') },
  },
};

const query = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  schema,
  description,
});

export const identityPaths: Record<string, Json> = {
  '/v1/me': {
    get: {
      operationId: 'getMe',
      tags: ['workspace'],
      summary:
        "Who the bearer token (API key or JWT) is: its workspace, the workspace's name, role and actor",
      description:
        'Any role. The console checks a credential with it before keeping it and names the workspace in its switcher.',
      responses: { '200': json('Me', 'OK'), ...std },
    },
  },
  '/v1/api-keys': {
    post: {
      operationId: 'createApiKey',
      tags: ['workspace'],
      summary: 'Create an API key (shown once)',
      description: 'The answer carries the key itself this once; only its sha256 is stored.',
      requestBody: { required: true, content: { 'application/json': { schema: ref('ApiKeyRequest') } } },
      responses: { '201': json('ApiKeyCreated', 'Created'), '400': err('BadRequest'), ...std },
    },
    get: {
      operationId: 'listApiKeys',
      tags: ['workspace'],
      summary: "The workspace's API keys, newest first (never the keys themselves)",
      responses: { '200': json('ApiKeyList', 'OK'), ...std },
    },
  },
  '/v1/api-keys/{id}': {
    delete: {
      operationId: 'revokeApiKey',
      tags: ['workspace'],
      summary: 'Revoke an API key',
      description:
        'From then on the key gets 401 api_key_revoked (on other gateway replicas within API_KEY_CACHE_MS). Revoking twice answers the same.',
      parameters: [
        { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'key_...' },
      ],
      responses: {
        '200': json('ApiKey', 'Revoked'),
        '400': err('BadRequest'),
        '404': err('NotFound'),
        ...std,
      },
    },
  },
  '/v1/audit': {
    get: {
      operationId: 'listAudit',
      tags: ['workspace'],
      summary: 'The audit trail of configuration changes, newest first',
      parameters: [
        query('action', 'e.g. journey.created'),
        query('actor', 'e.g. api_key:ci or user:alice'),
        query('targetId', 'An id in the changed route (journey, key, channel...) or the created id'),
        query('since', 'From this time (inclusive)', { type: 'string', format: 'date-time' }),
        query('until', 'Before this time', { type: 'string', format: 'date-time' }),
        query(
          'cursor',
          "The nextCursor of the previous page, passed back unchanged (opaque and signed). A cursor the API did not issue for this list and workspace (made up, edited, another list's) is 400 invalid_cursor: leave it out to start from the first page",
        ),
        query('limit', '1-200, default 50', { type: 'integer', minimum: 1, maximum: 200, default: 50 }),
      ],
      responses: { '200': json('AuditPage', 'A page of entries'), '400': err('BadRequest'), ...std },
    },
  },
  '/v1/quotas': {
    get: {
      operationId: 'getQuotas',
      tags: ['workspace'],
      summary: "The workspace's rate limits and quotas (and the gateway's defaults)",
      responses: { '200': json('QuotasView', 'OK'), ...std },
    },
    put: {
      operationId: 'setQuotas',
      tags: ['workspace'],
      summary: 'Change some of the rate limits and quotas',
      description: 'Fields left out keep their value. Applies on every gateway replica within 5 s.',
      requestBody: { required: true, content: { 'application/json': { schema: ref('QuotasPatch') } } },
      responses: { '200': json('QuotasView', 'Changed'), '400': err('BadRequest'), ...std },
    },
  },
};
