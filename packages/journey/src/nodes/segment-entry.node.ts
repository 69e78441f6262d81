import { parseExpression } from '../expression';
import { defineNode } from './node-definition';
import { REENTRY_FIELD, type ReentryPolicy } from './shared-fields';

/** Who is in the segment: an expression evaluated here, or the user's own segment service. */
export type SegmentDefinition = { expression: string } | { url: string };

export interface SegmentEntryConfig {
  segment: SegmentDefinition;
  /** ISO 8601 duration between evaluations; evaluated on profile changes only when absent. */
  evaluateEvery?: string;
  reentry?: ReentryPolicy;
}

function segmentProblem(value: unknown): string | undefined {
  const segment = value as Record<string, unknown>;
  const keys = Object.keys(segment);
  const example = '{"expression": "customer.plan == \'pro\'"} or {"url": "https://segments.example.com/vip"}';
  if (keys.length !== 1 || (keys[0] !== 'expression' && keys[0] !== 'url')) {
    return `"segment" must have exactly one of "expression" or "url", e.g. ${example}`;
  }
  if (keys[0] === 'url') {
    return typeof segment.url === 'string' && /^https?:\/\/[^\s/]+/i.test(segment.url)
      ? undefined
      : '"segment.url" must be an http(s) URL such as https://segments.example.com/vip';
  }
  if (typeof segment.expression !== 'string' || segment.expression.trim() === '') {
    return `"segment.expression" must be an expression over the customer, e.g. ${example}`;
  }
  try {
    parseExpression(segment.expression);
  } catch (error) {
    return `"segment.expression": ${(error as Error).message}`;
  }
  return undefined;
}

export const segmentEntryNode = defineNode({
  type: 'segment_entry',
  category: 'entry',
  description:
    'Starts the journey for customers who enter a segment: an expression over the profile and tags ' +
    '(evaluated by the engine) or a URL of your own segment service (called by the orchestrator).',
  outputs: ['next'],
  fields: {
    segment: {
      kind: 'object',
      required: true,
      description: `who is in the segment: {"expression": "..."} over customer attributes and tags, or {"url": "https://..."}`,
      check: segmentProblem,
      schema: {
        oneOf: [
          {
            required: ['expression'],
            properties: { expression: { type: 'string', minLength: 1, maxLength: 2000 } },
            additionalProperties: false,
          },
          {
            required: ['url'],
            properties: { url: { type: 'string', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' } },
            additionalProperties: false,
          },
        ],
      },
    },
    evaluateEvery: {
      kind: 'duration',
      description: 'how often to re-evaluate the segment, e.g. PT1H; without it on profile changes only',
    },
    reentry: REENTRY_FIELD,
  },
});
