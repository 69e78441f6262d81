import type { JsonSchema } from './json-schema';
import { categoryOf, type NodeCategory } from './node-outputs';

/** One node kind of the catalogue, as the gateway's OpenAPI document describes it. */
export interface NodeKind {
  type: string;
  description: string;
  category: NodeCategory;
  configSchema: JsonSchema;
}

const NODE_SCHEMA_PREFIX = 'JourneyGraph_node_';
const CATEGORY_ORDER: NodeCategory[] = ['entry', 'channel', 'logic', 'data', 'exit'];

/** The node kinds in an OpenAPI document's `components.schemas.JourneyGraph_node_<type>`, by category. */
export function kindsFromOpenApi(doc: Record<string, unknown>): NodeKind[] {
  const schemas = ((doc['components'] as Record<string, unknown> | undefined)?.['schemas'] ?? {}) as Record<
    string,
    JsonSchema
  >;
  const kinds: NodeKind[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!name.startsWith(NODE_SCHEMA_PREFIX)) continue;
    const type = schema.properties?.['type']?.const;
    if (typeof type !== 'string') continue;
    kinds.push({
      type,
      description: schema.description ?? '',
      category: categoryOf(type),
      configSchema: schema.properties?.['config'] ?? { type: 'object' },
    });
  }
  return kinds.sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
}
