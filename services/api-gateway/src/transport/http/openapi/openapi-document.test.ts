import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { API_CONTROLLERS } from '../../../app.module';
import { SystemController } from '../system.controller';
import { renderDocsPage } from './docs-page';
import { buildOpenApiDocument } from './openapi-document';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked loosely, field by field
type Json = Record<string, any>;

/** Every route Nest serves, as `METHOD /path/{param}`, read from the controllers' decorators. */
function servedRoutes(): string[] {
  const routes: string[] = [];
  for (const controller of [...API_CONTROLLERS, SystemController]) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as unknown as Record<string, object>)[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      routes.push(`${RequestMethod[method as RequestMethod]} ${path}`);
    }
  }
  return routes.sort();
}

function documentedRoutes(doc: Json): string[] {
  return Object.entries(doc.paths as Json)
    .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
    .sort();
}

function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else collectRefs(v, out);
    }
  }
  return out;
}

function resolve(doc: Json, ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

describe('the OpenAPI document', () => {
  const doc = buildOpenApiDocument();

  it('documents exactly the routes the gateway serves', () => {
    expect(documentedRoutes(doc)).toEqual(servedRoutes());
    expect(servedRoutes()).toContain('POST /v1/events/batch');
  });

  it('is OpenAPI 3.1 with an error response on every /v1 operation', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, item] of Object.entries(doc.paths as Json)) {
      if (!path.startsWith('/v1/')) continue;
      for (const op of Object.values(item as Json)) {
        expect(op.responses['401']).toEqual({ $ref: '#/components/responses/Unauthorized' });
        expect(op.responses['503']).toEqual({ $ref: '#/components/responses/ServiceUnavailable' });
        expect(op.operationId).toEqual(expect.any(String));
      }
    }
  });

  it('has no dangling $ref (the journey graph schema is hoisted into components)', () => {
    const refs = collectRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) {
      expect(ref.startsWith('#/components/')).toBe(true);
      expect(resolve(doc, ref)).toBeDefined();
    }
  });

  it('includes the journey graph JSON Schema from the domain, with a variant per node type', () => {
    const schemas = (doc.components as Json).schemas as Json;
    expect(schemas.JourneyGraph.required).toEqual(['nodes', 'edges']);
    expect(schemas.JourneyGraph_node_send_email).toBeDefined();
    expect(schemas.JourneyGraph_node_wait_for_event).toBeDefined();
  });

  it('has unique operation ids', () => {
    const ids: unknown[] = Object.values(doc.paths as Json).flatMap((item: Json) =>
      Object.values(item).map((op: Json) => op.operationId as unknown),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the docs page', () => {
  const html = renderDocsPage(buildOpenApiDocument());

  it('lists every operation', () => {
    for (const route of documentedRoutes(buildOpenApiDocument())) {
      const [method, path] = route.split(' ');
      expect(html).toContain(`${method} ${path.replace(/&/g, '&amp;')}`);
    }
  });

  it('loads nothing from elsewhere', () => {
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('escapes what it renders', () => {
    const page = renderDocsPage({
      openapi: '3.1.0',
      info: { title: '<b>t</b>', version: '1', description: 'a & b' },
      paths: {},
      components: { schemas: {}, responses: {} },
    });
    expect(page).toContain('&lt;b&gt;t&lt;/b&gt;');
    expect(page).toContain('a &amp; b');
  });
});

describe('the limits in the document', () => {
  it('names every body limit code and the numbers of application/input-limits.ts', () => {
    const description = String((buildOpenApiDocument().components as Json).schemas.Error.description);
    for (const code of [
      'body_too_deep',
      'string_too_long',
      'key_too_long',
      'too_many_keys',
      'array_too_long',
      'invalid_characters',
      'payload_too_large',
    ])
      expect(description).toContain(`\`${code}\``);
    expect(description).toContain('nested more than 20 levels');
    expect(description).toContain('1 to 256 characters');
  });
});
