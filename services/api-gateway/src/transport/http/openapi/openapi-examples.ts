import type { ErrorExample, OperationExamples } from './openapi-example-types';
import { JOURNEY_ID, INSTANCE_ID, journeyExamples } from './openapi-examples-journeys';
import { platformExamples } from './openapi-examples-platform';

/**
 * Attaches examples to every operation: the request body, the success answer and its error
 * answers. The shared answers (401, 403, 429, 500, 503) carry theirs in components.responses;
 * 400, 404, 409 and 413 are inlined per operation so each can name its own code.
 */

type Json = Record<string, unknown>;

export const OPERATION_EXAMPLES: Record<string, OperationExamples> = {
  ...journeyExamples,
  ...platformExamples,
};

const error = (code: string, message: string, details?: unknown): ErrorExample => ({
  error: { code, message, ...(details !== undefined && { details }) },
});

/** Examples of the answers every operation shares, keyed by component response name. */
export const SHARED_ERROR_EXAMPLES: Record<string, ErrorExample> = {
  Unauthorized: error('invalid_api_key', 'the API key is not valid: check the Authorization header'),
  Forbidden: error('insufficient_role', 'this needs the editor role; your key has viewer', {
    required: 'editor',
    role: 'viewer',
  }),
  TooManyRequests: error('rate_limited', 'over 100 requests per second for this key: retry after 1 s'),
  ServiceUnavailable: error('service_unavailable', 'the orchestrator cannot be reached; retry'),
  InternalError: error('internal_error', 'something went wrong on our side; quote the errorId', undefined),
  BadRequest: error('invalid_request', 'invalid request body: name: Required', {
    issues: [{ path: 'name', message: 'Required' }],
  }),
  NotFound: error('journey_not_found', `No journey with id "${JOURNEY_ID}" in this workspace`),
  Conflict: error('journey_not_active', `journey "${JOURNEY_ID}" is paused: activate it to enroll customers`),
  PayloadTooLarge: error('batch_too_large', 'a batch has at most 1,000 items; split it', {
    issues: [{ path: 'events', message: 'a batch has at most 1,000 items; split it' }],
  }),
};
(SHARED_ERROR_EXAMPLES.InternalError.error as Json).errorId = 'err_7f3k2q9x';

/** The 404 of an operation, from the first object its path names that may be missing. */
function notFoundFor(path: string): ErrorExample {
  const rules: [RegExp, ErrorExample][] = [
    [
      /\/migrations\/\{mid\}/,
      error('migration_not_found', `Journey "${JOURNEY_ID}" has no migration "mig_0"`),
    ],
    [/\/versions\/\{n\}/, error('version_not_found', `Journey "${JOURNEY_ID}" has no version 7`)],
    [
      /\/instances\/\{id\}/,
      error('instance_not_found', `No instance with id "${INSTANCE_ID}" in this workspace`),
    ],
    [/\/customers\/\{id\}/, error('customer_not_found', 'No customer with id "cus_1042" in this workspace')],
    [
      /\/webhook-subscriptions/,
      error(
        'webhook_subscription_not_found',
        'webhook subscription whs_3kX9aQ2m does not exist in this workspace',
      ),
    ],
    [
      /\/alert-rules/,
      error('alert_rule_not_found', 'alert rule alr_7Hq2pX4n does not exist in this workspace'),
    ],
    [
      /\/api-keys/,
      error('api_key_not_found', 'API key key_0f3a9c2b7d1e4a6b8c5d does not exist in this workspace'),
    ],
    [/\/members/, error('member_not_found', 'member mem_Qx3k9aB2mZ7w does not exist in this workspace')],
    [
      /\/designer\/sessions/,
      error('session_not_found', 'design session ds_5kQ2w9Lm does not exist; start a new one'),
    ],
  ];
  return rules.find(([re]) => re.test(path))?.[1] ?? SHARED_ERROR_EXAMPLES.NotFound;
}

function badRequestFor(op: Json): ErrorExample {
  if (op.requestBody) return SHARED_ERROR_EXAMPLES.BadRequest;
  const inQuery = ((op.parameters as Json[] | undefined) ?? []).some((p) => p.in === 'query');
  if (inQuery)
    return error(
      'invalid_request',
      'invalid query parameters: limit: limit must be a whole number from 1 to 200',
      {
        issues: [{ path: 'limit', message: 'limit must be a whole number from 1 to 200' }],
      },
    );
  return error('invalid_request', 'invalid path parameter: id must be 1 to 256 characters', {
    issues: [{ path: 'id', message: 'id must be 1 to 256 characters' }],
  });
}

const CONFLICTS: Record<string, ErrorExample> = {
  activateJourney: error(
    'journey_not_published',
    `journey "${JOURNEY_ID}" has no published version: publish one first`,
  ),
  saveDraft: error('journey_archived', `journey "${JOURNEY_ID}" is archived and read-only`),
  pauseInstance: error(
    'instance_ended',
    `instance "${INSTANCE_ID}" has completed; only a live instance can be paused, resumed or exited`,
    { status: 'completed' },
  ),
};

function errorExampleFor(
  status: string,
  path: string,
  operationId: string,
  op: Json,
): ErrorExample | undefined {
  const own = OPERATION_EXAMPLES[operationId]?.errors?.[status];
  if (own) return own;
  if (status === '400') return badRequestFor(op);
  if (status === '404') return notFoundFor(path);
  if (status === '409') {
    if (CONFLICTS[operationId]) return CONFLICTS[operationId];
    if (/Journey$/.test(operationId))
      return error('invalid_transition', `journey "${JOURNEY_ID}" is archived: it cannot be changed`);
    if (/Instance$/.test(operationId)) return CONFLICTS.pauseInstance;
    return SHARED_ERROR_EXAMPLES.Conflict;
  }
  if (status === '413') return SHARED_ERROR_EXAMPLES.PayloadTooLarge;
  if (status === '403') return SHARED_ERROR_EXAMPLES.Forbidden;
  if (status === '415')
    return error('unsupported_document', 'the document must be xlsx, csv, docx or pdf; got image/png');
  return undefined;
}

const example = (summary: string, value: unknown) => ({
  [summary.split(' ')[0].toLowerCase()]: { summary, value },
});

function withMediaExample(
  content: Json | undefined,
  value: unknown,
  summary: string,
  type?: string,
): Json | undefined {
  if (!content) return content;
  const target = type ?? Object.keys(content)[0];
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, media]) => [
      mediaType,
      mediaType === target ? { ...(media as Json), examples: example(summary, value) } : media,
    ]),
  );
}

function withOperationExamples(path: string, op: Json, responseComponents: Record<string, Json>): Json {
  const id = op.operationId as string;
  const ex = OPERATION_EXAMPLES[id];
  const out: Json = { ...op };
  const requestBody = op.requestBody as Json | undefined;
  if (requestBody && ex?.request !== undefined)
    out.requestBody = {
      ...requestBody,
      content: withMediaExample(requestBody.content as Json, ex.request, 'Request example', ex.requestType),
    };
  const responses: Json = {};
  for (const [status, res] of Object.entries(op.responses as Json)) {
    const r = res as Json;
    if (status < '400') {
      responses[status] = ex
        ? { ...r, content: withMediaExample(r.content as Json, ex.response, 'Success example') }
        : r;
      continue;
    }
    const value: unknown =
      id === 'readiness'
        ? { status: 'not_ready', checks: { nats: true, mongodb: false, redis: true } }
        : errorExampleFor(status, path, id, op);
    const refName = typeof r.$ref === 'string' ? r.$ref.split('/').pop()! : undefined;
    const base = refName ? responseComponents[refName] : r;
    const inline = refName ? ['400', '404', '409', '413'].includes(status) : Boolean(r.content);
    if (!value || !base || !inline) {
      responses[status] = r;
      continue;
    }
    responses[status] = {
      ...base,
      content: withMediaExample(
        base.content as Json,
        value,
        `Error example (${(value as ErrorExample).error?.code ?? status})`,
      ),
    };
  }
  out.responses = responses;
  return out;
}

/** Every operation of `paths` with its examples. */
export function withExamples(
  paths: Record<string, Json>,
  responseComponents: Record<string, Json>,
): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => [
          method,
          withOperationExamples(path, op as Json, responseComponents),
        ]),
      ),
    ]),
  );
}

/** The shared error answers (components.responses) with an example each. */
export function withSharedErrorExamples(responses: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(responses).map(([name, res]) => {
      const value = SHARED_ERROR_EXAMPLES[name];
      return [
        name,
        value
          ? {
              ...res,
              content: withMediaExample(res.content as Json, value, `Error example (${value.error.code})`),
            }
          : res,
      ];
    }),
  );
}
