import { ref } from './openapi-schemas';

/** /v1/journeys/{id}/analytics (journey, nodes, A/B results, funnel), answered by services/analytics. */

type Json = Record<string, unknown>;

const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });
const errors = {
  '400': errorWith(
    'Code: invalid_request (from or to not an ISO 8601 date-time, from not before to, a bad path, an unknown parameter); the message says what to fix.',
  ),
  '401': errorRef('Unauthorized'),
  '404': errorWith('Code: journey_not_found (no such journey in this workspace)'),
  '500': errorRef('InternalError'),
  '503': errorRef('ServiceUnavailable'),
};
function errorWith(description: string) {
  return { description, content: { 'application/json': { schema: ref('Error') } } };
}
const json = (schema: string) => ({ 'application/json': { schema: ref(schema) } });
const parameters = [
  { name: 'id', in: 'path', required: true, description: 'The journey', schema: { type: 'string' } },
  {
    name: 'from',
    in: 'query',
    required: false,
    description: 'Start of the range, inclusive: ISO 8601 date-time or date (midnight UTC). Absent: open.',
    schema: { type: 'string', format: 'date-time' },
  },
  {
    name: 'to',
    in: 'query',
    required: false,
    description: 'End of the range, exclusive. Absent: open.',
    schema: { type: 'string', format: 'date-time' },
  },
];
const count = { type: 'integer', minimum: 0 };
const range = {
  journeyId: { type: 'string' },
  from: { type: ['string', 'null'], format: 'date-time' },
  to: { type: ['string', 'null'], format: 'date-time' },
};

export const analyticsSchemas: Record<string, Json> = {
  JourneyAnalytics: {
    type: 'object',
    required: [
      'journeyId',
      'from',
      'to',
      'entered',
      'completed',
      'exited',
      'failed',
      'converted',
      'conversionRate',
    ],
    properties: {
      ...range,
      entered: { ...count, description: 'Instances that entered the journey in the range' },
      completed: { ...count, description: 'Instances that ran to the end of their path' },
      exited: {
        ...count,
        description: 'Instances that left early (exit node, exit criteria, exit command, goal with exit)',
      },
      failed: count,
      converted: { ...count, description: 'Instances that reached a goal in the range (each once)' },
      conversionRate: { type: 'number', description: 'converted / entered; 0 when nothing entered' },
    },
  },
  NodeStats: {
    type: 'object',
    required: ['nodeId', 'version', 'entered', 'exited', 'avgMs', 'p95Ms', 'ended', 'failed'],
    properties: {
      nodeId: { type: 'string' },
      version: { type: 'integer', description: 'The version the visits entered the node in' },
      entered: count,
      exited: { ...count, description: 'Visits that left the node by one of its outputs in the range' },
      avgMs: { type: 'number', description: 'Average time spent (entry to exit) of the visits that exited' },
      p95Ms: {
        type: 'number',
        description:
          '95th percentile (nearest rank) of that time, from a histogram of fixed buckets: never below the exact value, at most 4.4% above it',
      },
      ended: {
        ...count,
        description:
          'Visits entered in the range whose customer left the journey at the node (exited or failed there in the range); customers still there are not counted',
      },
      failed: {
        ...count,
        description:
          "Of ended: the visits whose instance failed at the node (journey.failed), the node's failures",
      },
    },
  },
  NodeAnalytics: {
    type: 'object',
    required: ['journeyId', 'from', 'to', 'nodes'],
    properties: { ...range, nodes: { type: 'array', items: ref('NodeStats') } },
  },
  Funnel: {
    type: 'object',
    required: ['journeyId', 'from', 'to', 'path', 'steps'],
    properties: {
      ...range,
      path: { type: 'array', items: { type: 'string' } },
      steps: {
        type: 'array',
        items: {
          type: 'object',
          required: ['nodeId', 'reached', 'rate'],
          properties: {
            nodeId: { type: 'string' },
            reached: { ...count, description: 'Instances that entered every node up to this one, in order' },
            rate: { type: 'number', description: "reached / the first step's reached" },
          },
        },
      },
    },
  },
  AbResults: {
    type: 'object',
    required: ['journeyId', 'from', 'to', 'minSamplePerVariant', 'confidence', 'splits'],
    properties: {
      ...range,
      minSamplePerVariant: {
        ...count,
        description: 'Customers each variant needs before a comparison is given (30)',
      },
      confidence: { type: 'number', description: 'Of the intervals and the significance verdict (0.95)' },
      splits: {
        type: 'array',
        description: 'One per ab_split node customers passed in the range, by node id',
        items: {
          type: 'object',
          required: ['nodeId', 'variants', 'comparisons'],
          properties: {
            nodeId: { type: 'string' },
            variants: {
              type: 'array',
              items: {
                type: 'object',
                required: ['variant', 'entered', 'converted', 'conversionRate'],
                properties: {
                  variant: { type: 'string' },
                  entered: {
                    ...count,
                    description: 'Instances that left the split by this variant in the range',
                  },
                  converted: {
                    ...count,
                    description:
                      'Of those, the ones that reached a goal at or after passing the variant (before `to`)',
                  },
                  conversionRate: { type: 'number', description: 'converted / entered' },
                },
              },
            },
            comparisons: {
              type: 'array',
              description: 'Every pair of variants, in name order: the first of a pair is the baseline',
              items: {
                type: 'object',
                required: ['baseline', 'variant', 'enoughData', 'difference', 'verdict'],
                properties: {
                  baseline: { type: 'string' },
                  variant: { type: 'string' },
                  enoughData: {
                    type: 'boolean',
                    description:
                      'false below the minimum sample: then z, pValue, ciLow, ciHigh and significant are null',
                  },
                  difference: { type: 'number', description: "variant's conversion rate minus baseline's" },
                  z: {
                    type: ['number', 'null'],
                    description: 'Two-proportion z statistic (pooled standard error)',
                  },
                  pValue: { type: ['number', 'null'], description: 'Two-sided p-value of the z-test' },
                  ciLow: {
                    type: ['number', 'null'],
                    description: '95% confidence interval of the difference (unpooled)',
                  },
                  ciHigh: { type: ['number', 'null'] },
                  significant: { type: ['boolean', 'null'], description: 'pValue < 0.05' },
                  verdict: { type: 'string', description: 'In words, e.g. "not enough data: ..."' },
                },
              },
            },
          },
        },
      },
    },
  },
};

export const analyticsPaths: Record<string, Json> = {
  '/v1/journeys/{id}/analytics': {
    get: {
      tags: ['analytics'],
      operationId: 'getJourneyAnalytics',
      summary: 'Entered, completed, exited, failed, converted and the conversion rate over a time range',
      parameters,
      responses: { '200': { description: 'The figures', content: json('JourneyAnalytics') }, ...errors },
    },
  },
  '/v1/journeys/{id}/analytics/nodes': {
    get: {
      tags: ['analytics'],
      operationId: 'getNodeAnalytics',
      summary: 'Per node and version: entered, exited, average and p95 time spent',
      parameters,
      responses: {
        '200': { description: 'One row per node and version', content: json('NodeAnalytics') },
        ...errors,
      },
    },
  },
  '/v1/journeys/{id}/analytics/ab-results': {
    get: {
      tags: ['analytics'],
      operationId: 'getAbResults',
      summary:
        'Per A/B split and variant: customers, conversions, conversion rate, and each pair compared (z-test p-value, 95% interval), or "not enough data"',
      parameters,
      responses: {
        '200': { description: 'One entry per split node', content: json('AbResults') },
        ...errors,
      },
    },
  },
  '/v1/journeys/{id}/analytics/funnel': {
    get: {
      tags: ['analytics'],
      operationId: 'getFunnel',
      summary: 'How many instances reached each node of a path, in order',
      parameters: [
        ...parameters,
        {
          name: 'path',
          in: 'query',
          required: true,
          description:
            "2 to 20 node ids, comma-separated, in order: entry,split,goal; each a node of the journey's draft or of one of its versions",
          schema: { type: 'string' },
        },
      ],
      responses: {
        '200': { description: 'One step per node of the path', content: json('Funnel') },
        ...errors,
        '400': errorWith(
          "Code: invalid_request (as for every analytics route), or unknown_node: the path names a node the journey has never had (details.issues name each, as path[i]; details.nodeIds the journey's nodes).",
        ),
      },
    },
  },
};
