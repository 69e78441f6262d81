import type { SendWindow } from '../calendar/send-window';
import { defineNode } from './node-definition';
import { SEND_WINDOW_FIELD } from './shared-fields';

export interface CallWebhookConfig {
  url: string;
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** Per attempt; default 10,000. */
  timeoutMs?: number;
  /** Retries after the first attempt, 0-10; default 3. */
  retries?: number;
  /** Liquid template of the request body; a JSON document of customer and context when absent. */
  body?: string;
  sendWindow?: SendWindow;
}

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function headersProblem(value: unknown): string | undefined {
  for (const [name, header] of Object.entries(value as Record<string, unknown>)) {
    if (!HEADER_NAME.test(name)) return `"headers" has an invalid header name ${JSON.stringify(name)}`;
    if (typeof header !== 'string') return `"headers.${name}" must be a string`;
  }
  return undefined;
}

export const callWebhookNode = defineNode({
  type: 'call_webhook',
  category: 'channel',
  description:
    'Calls an HTTP endpoint of yours exactly once per visit (retried on failure) and continues at once by `next`.',
  outputs: ['next'],
  fields: {
    url: {
      kind: 'url',
      required: true,
      description: 'the http(s) URL to call, e.g. https://crm.example.com/hook',
    },
    method: { kind: 'enum', values: ['POST', 'PUT'], default: 'POST', description: 'the HTTP method' },
    headers: {
      kind: 'object',
      description: 'request headers, e.g. {"X-Api-Key": "..."}',
      check: headersProblem,
      schema: { additionalProperties: { type: 'string' } },
    },
    timeoutMs: {
      kind: 'integer',
      min: 100,
      max: 30_000,
      default: 10_000,
      description: 'milliseconds to wait for each attempt',
    },
    retries: { kind: 'integer', min: 0, max: 10, default: 3, description: 'retries after a failed attempt' },
    body: {
      kind: 'text',
      description: 'the request body template; customer and context as JSON when absent',
    },
    sendWindow: SEND_WINDOW_FIELD,
  },
});
