import { ref } from './openapi-schemas';

/** The unversioned routes for operators and tooling (no API key). */
const ok = (description: string, schema: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});

export const systemPaths: Record<string, Record<string, unknown>> = {
  '/healthz': {
    get: {
      operationId: 'health',
      tags: ['operations'],
      summary: 'The process is alive',
      security: [],
      responses: { '200': ok('Alive', 'Health') },
    },
  },
  '/readyz': {
    get: {
      operationId: 'readiness',
      tags: ['operations'],
      summary: 'NATS, MongoDB and the orchestrator answer',
      security: [],
      responses: {
        '200': ok('Ready', 'Readiness'),
        '503': ok('Not ready (checks say which)', 'Readiness'),
      },
    },
  },
  '/metrics': {
    get: {
      operationId: 'metrics',
      tags: ['operations'],
      summary: 'Prometheus metrics',
      security: [],
      responses: {
        '200': {
          description: 'Prometheus text format',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
      },
    },
  },
  '/openapi.json': {
    get: {
      operationId: 'openapi',
      tags: ['operations'],
      summary: 'This document',
      security: [],
      responses: {
        '200': {
          description: 'OpenAPI 3.1',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  },
  '/docs': {
    get: {
      operationId: 'docs',
      tags: ['operations'],
      summary: 'This document as a web page',
      security: [],
      responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
    },
  },
};
