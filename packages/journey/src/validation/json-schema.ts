/**
 * JSON Schema (draft 2020-12) of the journey graph, built from the node catalogue, for the
 * OpenAPI spec and for editors' autocompletion. It checks shape only; validateGraph is the
 * authority (cycles, dangling edges, expression syntax and exact duration rules are beyond a schema).
 */
import { NODE_CATALOGUE } from '../nodes';
import { NODE_ID_PATTERN } from './check-nodes';

const nodeVariants = Object.fromEntries(
  Object.values(NODE_CATALOGUE).map((definition) => [
    `node_${definition.type}`,
    {
      type: 'object',
      description: definition.description,
      required: ['id', 'type', 'config'],
      properties: {
        id: { $ref: '#/$defs/nodeId' },
        type: { const: definition.type },
        config: definition.configSchema,
        name: { type: 'string', description: 'Display name for the console; not used by the engine.' },
        position: { $ref: '#/$defs/position' },
      },
      // Extra keys on nodes and edges are allowed (editors keep their own), as validateGraph does.
    },
  ]),
);

export const JOURNEY_GRAPH_JSON_SCHEMA: Readonly<Record<string, unknown>> = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://kalcifer.dev/schemas/journey-graph.json',
  title: 'Kalcifer journey graph',
  description: 'Nodes joined by labelled edges (a DAG). See docs/journey-graph.md.',
  type: 'object',
  required: ['nodes', 'edges'],
  properties: {
    nodes: { type: 'array', items: { $ref: '#/$defs/node' } },
    edges: { type: 'array', items: { $ref: '#/$defs/edge' } },
    exitCriteria: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      description: 'Expression; when true the customer leaves the journey at once. See docs/expressions.md.',
    },
    goal: { $ref: '#/$defs/goal' },
  },
  $defs: {
    nodeId: { type: 'string', pattern: NODE_ID_PATTERN.source },
    position: {
      type: 'object',
      required: ['x', 'y'],
      properties: { x: { type: 'number' }, y: { type: 'number' } },
    },
    node: {
      oneOf: Object.keys(nodeVariants).map((name) => ({ $ref: `#/$defs/${name}` })),
    },
    ...nodeVariants,
    edge: {
      type: 'object',
      required: ['from', 'to', 'output'],
      properties: {
        from: { $ref: '#/$defs/nodeId' },
        to: { $ref: '#/$defs/nodeId' },
        output: {
          type: 'string',
          minLength: 1,
          description:
            'Output label of `from`: next, true/false, event/timeout, variant:<name>, branch:<name>, within/exceeded, error.',
        },
      },
    },
    goal: {
      type: 'object',
      required: ['event'],
      properties: {
        event: { type: 'string', minLength: 1, description: 'Event that counts as a conversion.' },
        exitOnGoal: { type: 'boolean', description: 'Exit the instance on conversion. Default false.' },
      },
      additionalProperties: false,
    },
  },
};
