import { ref } from './openapi-schemas';
import { systemPaths } from './openapi-system-paths';
import { designerPaths } from './openapi-designer-paths';
import { analyticsPaths } from './openapi-analytics-paths';
import { providerPaths } from './openapi-provider-paths';
import { versioningPaths } from './openapi-versioning-paths';
import { journalPaths } from './openapi-journal-paths';
import { alertPaths } from './openapi-alert-paths';

/** Every route of the gateway with its parameters, bodies and answers (hand-maintained). */

type Json = Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

export const componentResponses: Record<string, Json> = {
  BadRequest: errorResponse(
    "Invalid input, nothing changed. Codes: malformed_json, invalid_request (details.issues name each field), invalid_graph (details.errors: GraphIssue list, e.g. unknown_node_type), unsupported_strategy, webhook_target_forbidden, invalid_cursor (a paged list's cursor that the API did not issue: start from the first page)",
  ),
  Unauthorized: errorResponse('Codes: missing_api_key, invalid_api_key'),
  NotFound: errorResponse(
    'Codes: journey_not_found, version_not_found, instance_not_found, customer_not_found, webhook_subscription_not_found, route_not_found',
  ),
  Conflict: errorResponse('The resource is not in a state that allows this, e.g. journey_not_active'),
  PayloadTooLarge: errorResponse(
    'Codes: batch_too_large (over 1,000 items), payload_too_large (body over the size limit)',
  ),
  ServiceUnavailable: errorResponse(
    'Code: service_unavailable (the orchestrator, NATS or MongoDB cannot be reached); retry',
  ),
  InternalError: errorResponse('Code: internal_error, with an errorId that is also in the server log'),
};

const errors = (...names: string[]) => {
  const status: Record<string, string> = {
    BadRequest: '400',
    Unauthorized: '401',
    NotFound: '404',
    Conflict: '409',
    PayloadTooLarge: '413',
    ServiceUnavailable: '503',
    InternalError: '500',
  };
  return Object.fromEntries(
    [...names, 'Unauthorized', 'ServiceUnavailable', 'InternalError'].map((n) => [
      status[n],
      { $ref: `#/components/responses/${n}` },
    ]),
  );
};

const ok = (status: string, description: string, schema: string) => ({
  [status]: { description, content: { 'application/json': { schema: ref(schema) } } },
});

const body = (schema: string, required = true) => ({
  required,
  content: { 'application/json': { schema: ref(schema) } },
});

const pathParam = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});

const queryParam = (name: string, description: string, schema: Json = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const journeyId = pathParam('id', 'Journey id');
const paging = [
  queryParam('limit', 'Page size, 1-200 (default 50)', {
    type: 'integer',
    minimum: 1,
    maximum: 200,
    default: 50,
  }),
  queryParam(
    'cursor',
    "The nextCursor of the previous page, passed back unchanged (opaque and signed). A cursor the API did not issue for this list and workspace (made up, edited, another list's) is 400 invalid_cursor: leave it out to start from the first page",
  ),
];

const statusAction = (action: string, summary: string, conflict: string) => ({
  post: {
    operationId: `${action}Journey`,
    tags: ['journeys'],
    summary,
    description: conflict,
    parameters: [journeyId],
    responses: { ...ok('200', 'The journey after the change', 'Journey'), ...errors('NotFound', 'Conflict') },
  },
});

export const paths: Record<string, Json> = {
  '/v1/journeys': {
    post: {
      operationId: 'createJourney',
      tags: ['journeys'],
      summary: 'Create a journey (status draft), optionally with a draft graph',
      description:
        'A graph, when given, must be valid: otherwise 400 invalid_graph with every issue in details.errors (the GraphIssue shape; e.g. unknown_node_type). Without one the draft is empty.',
      requestBody: body('CreateJourneyRequest'),
      responses: { ...ok('201', 'Created', 'Journey'), ...errors('BadRequest') },
    },
    get: {
      operationId: 'listJourneys',
      tags: ['journeys'],
      summary: 'List journeys, newest first',
      parameters: [
        queryParam('status', 'Only journeys in this status', {
          type: 'string',
          enum: ['draft', 'active', 'paused', 'archived'],
        }),
        ...paging,
      ],
      responses: { ...ok('200', 'A page of journeys', 'JourneyList'), ...errors('BadRequest') },
    },
  },
  '/v1/journeys/{id}': {
    get: {
      operationId: 'getJourney',
      tags: ['journeys'],
      summary: 'Get a journey with its draft',
      parameters: [journeyId],
      responses: { ...ok('200', 'The journey', 'Journey'), ...errors('NotFound') },
    },
  },
  '/v1/journeys/{id}/occupancy': {
    get: {
      operationId: 'getJourneyOccupancy',
      tags: ['journeys'],
      summary: 'How many customers stand at each node of each version right now',
      description:
        "Counted from the journey's open instances when asked. 404 journey_not_found also for another workspace's journey.",
      parameters: [journeyId],
      responses: {
        ...ok('200', 'Customers per version and per node', 'JourneyOccupancy'),
        ...errors('NotFound'),
      },
    },
  },
  '/v1/journeys/{id}/draft': {
    put: {
      operationId: 'saveDraft',
      tags: ['journeys'],
      summary: 'Replace the draft graph (and optionally name and description)',
      description:
        'The graph must be valid: otherwise 400 invalid_graph with every issue in details.errors. Check a graph first with POST /v1/journeys/{id}/validate.',
      parameters: [journeyId],
      requestBody: body('UpdateDraftRequest'),
      responses: {
        ...ok('200', 'The journey with its new draft', 'Journey'),
        ...errors('BadRequest', 'NotFound', 'Conflict'),
      },
    },
  },
  '/v1/journeys/{id}/validate': {
    post: {
      operationId: 'validateJourney',
      tags: ['journeys'],
      summary: "Check a graph (the body's, else the saved draft) against every publishing rule",
      description: 'An invalid graph is an answer (valid: false with the issues), not an error.',
      parameters: [journeyId],
      requestBody: body('ValidateJourneyRequest', false),
      responses: { ...ok('200', 'The verdict', 'ValidationResult'), ...errors('BadRequest', 'NotFound') },
    },
  },
  '/v1/journeys/{id}/versions': {
    post: {
      operationId: 'publishVersion',
      tags: ['versions'],
      summary: 'Publish the draft as a new immutable version',
      description:
        'strategy new_entries_only: running instances stay on their version, new entries get this one. migrate_all / gradual start a live migration of the open instances (progress: GET .../migrations/{mid}). 400 invalid_mapping (details.problems) when the mapping cannot move the running customers, nothing stored; 400 invalid_graph for an invalid draft.',
      parameters: [journeyId],
      requestBody: body('PublishVersionRequest', false),
      responses: {
        ...ok('201', 'Published (or, with dryRun, what would be)', 'PublishResult'),
        ...errors('BadRequest', 'NotFound', 'Conflict'),
      },
    },
    get: {
      operationId: 'listVersions',
      tags: ['versions'],
      summary: 'List the published versions of a journey',
      parameters: [journeyId],
      responses: { ...ok('200', 'Versions, oldest first', 'VersionList'), ...errors('NotFound') },
    },
  },
  '/v1/journeys/{id}/versions/{n}': {
    get: {
      operationId: 'getVersion',
      tags: ['versions'],
      summary: 'Get one published version with its graph',
      parameters: [journeyId, pathParam('n', 'Version number', { type: 'integer', minimum: 1 })],
      responses: { ...ok('200', 'The version', 'JourneyVersion'), ...errors('BadRequest', 'NotFound') },
    },
  },
  '/v1/journeys/{id}/activate': statusAction(
    'activate',
    'Start accepting entries (needs a published version)',
    '409 journey_not_published without a published version; invalid_transition when the status does not allow it.',
  ),
  '/v1/journeys/{id}/pause': statusAction(
    'pause',
    'Stop new entries and hold every instance where it stands',
    '409 invalid_transition when the status does not allow it (e.g. a draft).',
  ),
  '/v1/journeys/{id}/resume': statusAction(
    'resume',
    'Resume a paused journey (due timers fire in deadline order)',
    '409 invalid_transition when the status does not allow it (e.g. a draft).',
  ),
  '/v1/journeys/{id}/archive': statusAction(
    'archive',
    'Archive the journey: no new entries, read-only',
    '409 invalid_transition when the status does not allow it.',
  ),
  '/v1/journeys/{id}/enrollments': {
    post: {
      operationId: 'enrollCustomers',
      tags: ['enrollments'],
      summary: 'Enroll one customer, or up to 1,000, into an active journey',
      description:
        'Accepted enrollments are queued (202); instances are created asynchronously. Pass enrollmentId to make a retry a no-op.',
      parameters: [journeyId],
      requestBody: body('EnrollRequest'),
      responses: {
        ...ok('202', 'Accepted', 'EnrollmentReceipt'),
        ...errors('BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge'),
      },
    },
  },
  '/v1/events': {
    post: {
      operationId: 'ingestEvent',
      tags: ['events'],
      summary: 'Send one customer event',
      requestBody: body('CustomerEvent'),
      responses: {
        ...ok('202', 'Accepted (durably queued)', 'EventAccepted'),
        ...errors('BadRequest', 'PayloadTooLarge'),
      },
    },
  },
  '/v1/events/batch': {
    post: {
      operationId: 'ingestEvents',
      tags: ['events'],
      summary: 'Send up to 1,000 customer events at once (all or nothing)',
      requestBody: body('EventBatch'),
      responses: {
        ...ok('202', 'Accepted (durably queued)', 'EventBatchAccepted'),
        ...errors('BadRequest', 'PayloadTooLarge'),
      },
    },
  },
  '/v1/customers/{id}': {
    put: {
      operationId: 'upsertCustomer',
      tags: ['customers'],
      summary: 'Create or update a customer profile (attributes are merged)',
      parameters: [pathParam('id', 'Customer id (yours)')],
      requestBody: body('UpsertCustomerRequest'),
      responses: { ...ok('200', 'The profile', 'Customer'), ...errors('BadRequest') },
    },
    get: {
      operationId: 'getCustomer',
      tags: ['customers'],
      summary: 'Get a customer profile',
      parameters: [pathParam('id', 'Customer id')],
      responses: { ...ok('200', 'The profile', 'Customer'), ...errors('NotFound') },
    },
  },
  '/v1/customers/{id}/trace': {
    get: {
      operationId: 'getCustomerTrace',
      tags: ['customers'],
      summary: 'Everything that happened to a customer in every journey, oldest first',
      parameters: [pathParam('id', 'Customer id')],
      responses: { ...ok('200', 'The trace', 'CustomerTrace'), ...errors('NotFound') },
    },
  },
  '/v1/instances': {
    get: {
      operationId: 'listInstances',
      tags: ['instances'],
      summary: 'List journey instances',
      parameters: [
        queryParam('journeyId', 'Only this journey'),
        queryParam('customerId', 'Only this customer'),
        queryParam('status', 'Only this status', {
          type: 'string',
          enum: ['active', 'waiting', 'paused', 'held', 'completed', 'exited', 'failed'],
        }),
        ...paging,
      ],
      responses: { ...ok('200', 'A page of instances', 'InstanceList'), ...errors('BadRequest') },
    },
  },
  '/v1/instances/{id}': {
    get: {
      operationId: 'getInstance',
      tags: ['instances'],
      summary: 'Get one instance with its state and trace',
      parameters: [pathParam('id', 'Instance id')],
      responses: { ...ok('200', 'The instance', 'Instance'), ...errors('NotFound') },
    },
  },
  '/v1/instances/{id}/pause': {
    post: {
      operationId: 'pauseInstance',
      tags: ['instances'],
      summary: 'Pause one instance where it stands (timers that come due fire on resume)',
      description: 'Queued (202) and applied by the orchestrator once. Optional body: {"reason": "..."}.',
      parameters: [pathParam('id', 'Instance id')],
      requestBody: body('InstanceCommandRequest', false),
      responses: {
        ...ok('202', 'Accepted', 'InstanceCommandReceipt'),
        ...errors('BadRequest', 'NotFound', 'Conflict'),
      },
    },
  },
  '/v1/instances/{id}/resume': {
    post: {
      operationId: 'resumeInstance',
      tags: ['instances'],
      summary: 'Resume a paused instance',
      description: 'Queued (202) and applied by the orchestrator once. Optional body: {"reason": "..."}.',
      parameters: [pathParam('id', 'Instance id')],
      requestBody: body('InstanceCommandRequest', false),
      responses: {
        ...ok('202', 'Accepted', 'InstanceCommandReceipt'),
        ...errors('BadRequest', 'NotFound', 'Conflict'),
      },
    },
  },
  '/v1/instances/{id}/exit': {
    post: {
      operationId: 'exitInstance',
      tags: ['instances'],
      summary: 'Exit one instance now (its timers are cancelled, nothing more is sent)',
      description: 'Queued (202) and applied by the orchestrator once. Optional body: {"reason": "..."}.',
      parameters: [pathParam('id', 'Instance id')],
      requestBody: body('InstanceCommandRequest', false),
      responses: {
        ...ok('202', 'Accepted', 'InstanceCommandReceipt'),
        ...errors('BadRequest', 'NotFound', 'Conflict'),
      },
    },
  },
  '/v1/frequency-caps': {
    get: {
      operationId: 'getFrequencyCaps',
      tags: ['frequency caps'],
      summary: "The workspace's global frequency caps",
      responses: { ...ok('200', 'The policy', 'CapPolicy'), ...errors() },
    },
    put: {
      operationId: 'setFrequencyCaps',
      tags: ['frequency caps'],
      summary: 'Replace the global frequency caps (every journey, per customer, per channel)',
      description:
        'Example: {"rules": [{"channel": "email", "limit": 2, "window": "P1D", "onCapped": "skip"}]}. channel is email|sms|push|whatsapp or "*" (those four together); webhook is refused with 400 invalid_cap_policy (call_webhook calls your own systems, not the customer, and is never counted). onCapped is skip (the send is dropped and traced as capped) or delay (sent at the next allowed time; the trace says delayed, by which rule, until when).',
      requestBody: body('CapPolicy'),
      responses: { ...ok('200', 'The stored policy', 'CapPolicy'), ...errors('BadRequest') },
    },
  },
  '/v1/hooks/{journeyId}/{token}': {
    post: {
      operationId: 'enterByWebhook',
      tags: ['enrollments'],
      summary: 'Webhook entry: start a customer in the journey (webhook_entry node)',
      description:
        'No API key: the secret token (GET /v1/journeys/{id} -> webhookUrl) is the credential. The JSON body becomes the instance context and must carry "customerId". An Idempotency-Key header makes a retried delivery enter once.',
      security: [],
      parameters: [journeyId, pathParam('token', 'The journey webhook secret')],
      requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
      responses: {
        ...ok('202', 'Accepted', 'WebhookEntryReceipt'),
        ...errors('BadRequest', 'NotFound', 'Conflict', 'PayloadTooLarge'),
      },
    },
  },
  ...versioningPaths,
  ...providerPaths,
  ...designerPaths,
  ...analyticsPaths,
  ...journalPaths,
  ...alertPaths,
  ...systemPaths,
};
