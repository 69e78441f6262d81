import { JOURNEY_GRAPH_JSON_SCHEMA } from '@kalcifer/journey';
import { componentSchemas } from './openapi-schemas';
import { componentResponses, paths } from './openapi-paths';
import { designerSchemas } from './openapi-designer-paths';
import { analyticsSchemas } from './openapi-analytics-paths';
import { providerSchemas } from './openapi-provider-paths';
import { versioningSchemas } from './openapi-versioning-paths';
import { journalSchemas } from './openapi-journal-paths';

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

export function buildOpenApiDocument(serverUrl?: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kalcifer API',
      version: '1.0.0',
      description:
        'Customer-journey orchestration. Authenticate every /v1 request with `Authorization: Bearer <api key>`; the key selects the workspace. Errors have one shape: `{"error": {"code", "message", "details?", "errorId?"}}`.',
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
      { name: 'stream', description: 'Live journey events and outbound webhooks' },
      { name: 'operations', description: 'Health, metrics and this document (no authentication)' },
    ],
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: kal_ followed by 32 letters and digits',
        },
      },
      schemas: {
        ...componentSchemas,
        ...providerSchemas,
        ...designerSchemas,
        ...analyticsSchemas,
        ...versioningSchemas,
        ...journalSchemas,
        ...hoistGraphSchema(JOURNEY_GRAPH_JSON_SCHEMA),
      },
      responses: componentResponses,
    },
  };
}
