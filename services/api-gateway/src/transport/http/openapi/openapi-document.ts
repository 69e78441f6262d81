import { JOURNEY_GRAPH_JSON_SCHEMA } from '@kalcifer/journey';
import { componentSchemas } from './openapi-schemas';
import { componentResponses, paths } from './openapi-paths';
import { designerSchemas } from './openapi-designer-paths';
import { analyticsSchemas } from './openapi-analytics-paths';
import { providerSchemas } from './openapi-provider-paths';
import { versioningSchemas } from './openapi-versioning-paths';
import { journalSchemas } from './openapi-journal-paths';
import { alertSchemas } from './openapi-alert-paths';
import { identityPaths, identitySchemas } from './openapi-identity-paths';
import { memberPaths, memberSchemas } from './openapi-member-paths';
import { withExamples, withSharedErrorExamples } from './openapi-examples';
import { ROUTE_POLICIES } from '../route-permissions';
import { roleNeeded } from '../../../application/permissions';

type Json = Record<string, unknown>;

/**
 * The journey graph schema comes from the domain (built from the node catalogue). Its `$defs`
 * are hoisted into components as `JourneyGraph_<name>` and its refs rewritten, because a
 * `#/$defs/...` ref inside an OpenAPI document would point at the document root.
 */
export function hoistGraphSchema(schema: Readonly<Json>): Record<string, Json> {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        key,
        key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
          ? `#/components/schemas/JourneyGraph_${v.slice('#/$defs/'.length)}`
          : rewrite(v),
      ]),
    );
  };
  const { $defs, ...root } = schema as Json & { $defs?: Record<string, Json> };
  // A standalone schema's identity; inside the OpenAPI document it would change how refs resolve.
  delete root.$schema;
  delete root.$id;
  const out: Record<string, Json> = { JourneyGraph: rewrite(root) as Json };
  for (const [name, def] of Object.entries($defs ?? {})) out[`JourneyGraph_${name}`] = rewrite(def) as Json;
  return out;
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Responses every authenticated route may give (role, rate limits), added from the route table. */
const accessResponses: Record<string, Json> = {
  Unauthorized: errorResponse(
    'Codes: missing_api_key, invalid_api_key, api_key_revoked, api_key_expired, invalid_token (JWT), token_expired',
  ),
  Forbidden: errorResponse(
    "Code: insufficient_role (details: required, role): the caller's role is below the route's (x-required-role)",
  ),
  TooManyRequests: {
    ...errorResponse(
      'Codes: rate_limited (requests per second per key, or events per second of the workspace), quota_exceeded (active journeys, or open instances for entries). Nothing was accepted; retry after Retry-After seconds',
    ),
    headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  },
};

/**
 * Each operation states the role it needs (x-required-role, from ROUTE_POLICIES, the table the
 * guard enforces) and the 403 / 429 answers that follow from it.
 */
function withAccess(paths: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item).map(([method, op]) => {
          const policy = ROUTE_POLICIES[`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`];
          if (!policy || policy.permission === 'public') return [method, op];
          const o = op as Json & { responses: Json };
          return [
            method,
            {
              ...o,
              'x-required-role': roleNeeded(policy.permission),
              responses: {
                ...o.responses,
                '403': o.responses['403'] ?? { $ref: '#/components/responses/Forbidden' },
                '429': o.responses['429'] ?? { $ref: '#/components/responses/TooManyRequests' },
              },
            },
          ];
        }),
      ),
    ]),
  );
}

export function buildOpenApiDocument(serverUrl?: string): Json {
  const responses = withSharedErrorExamples({ ...componentResponses, ...accessResponses });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kalcifer API',
      version: '1.0.0',
      description:
        'Customer-journey orchestration. Authenticate every /v1 request with `Authorization: Bearer <api key or JWT>`; the key (or the JWT\'s workspace claim) selects the workspace and its role (viewer, editor, admin) what it may do: each operation names the lowest role it needs in x-required-role. Errors have one shape: `{"error": {"code", "message", "details?", "errorId?"}}`. A path no operation has is 404 route_not_found; a path asked with a method it does not have is 405 method_not_allowed, with an `Allow` header listing the methods it has.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    ...(serverUrl && { servers: [{ url: serverUrl }] }),
    security: [{ apiKey: [] }],
    tags: [
      { name: 'journeys', description: 'Journeys and their drafts' },
      { name: 'versions', description: 'Immutable published versions, live migration, rollback, audit' },
      { name: 'enrollments', description: 'Manual entry into a journey' },
      { name: 'events', description: 'Customer events (the ingestion path)' },
      { name: 'customers', description: 'Customer profiles and traces' },
      { name: 'instances', description: 'One customer in one journey' },
      { name: 'providers', description: 'Channel providers and their delivery webhooks' },
      {
        name: 'designer',
        description: 'AI journey design: briefs, conversations, documents, explanations, suggestions',
      },
      { name: 'analytics', description: 'Journey analytics over a time range: counts, time spent, funnels' },
      { name: 'stream', description: 'Live journey events, outbound webhooks and alert rules' },
      { name: 'workspace', description: 'API keys, members, audit trail, rate limits and quotas (admin)' },
      { name: 'operations', description: 'Health, metrics and this document (no authentication)' },
    ],
    paths: withExamples(withAccess({ ...paths, ...identityPaths, ...memberPaths }), responses),
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            "An API key (kal_ followed by 32 letters and digits), or a console user's JWT (HS256 or RS256) with claims sub, exp, workspace and role",
        },
      },
      schemas: {
        ...componentSchemas,
        ...providerSchemas,
        ...designerSchemas,
        ...analyticsSchemas,
        ...versioningSchemas,
        ...journalSchemas,
        ...alertSchemas,
        ...identitySchemas,
        ...memberSchemas,
        ...hoistGraphSchema(JOURNEY_GRAPH_JSON_SCHEMA),
      },
      responses,
    },
  };
}
