import 'reflect-metadata';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parseCapPolicy } from '@kalcifer/caps';
import { API_CONTROLLERS } from '../../../app.module';
import { SystemController } from '../system.controller';
import { ZodPipe } from '../zod.pipe';
import { CommandInstance } from '../../../application/command-instance';
import { EnterByWebhook } from '../../../application/enter-by-webhook';
import type { Principal } from '../../../application/principal';
import { buildOpenApiDocument } from './openapi-document';
import { renderDocsPage } from './docs-page';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked loosely
type Json = Record<string, any>;

const doc = buildOpenApiDocument();
const operations = Object.entries(doc.paths as Json).flatMap(([path, item]) =>
  Object.entries(item as Json).map(([method, op]) => ({ path, method, op: op as Json })),
);

/** The body pipes of every route (`METHOD /path/{param}` -> the pipes on its @Body()). */
function bodyPipes(): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const controller of [...API_CONTROLLERS, SystemController]) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as unknown as Record<string, object>)[name];
      const method = Reflect.getMetadata(METHOD_METADATA, handler);
      if (method === undefined) continue;
      const sub = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '');
      const path = `/${[base, sub].filter((p) => p && p !== '/').join('/')}`.replace(/:(\w+)/g, '{$1}');
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
        string,
        { pipes?: unknown[] }
      >;
      const pipes = Object.entries(args)
        .filter(([key]) => key.startsWith(`${RouteParamtypes.BODY}:`))
        .flatMap(([, arg]) => arg.pipes ?? []);
      out.set(`${RequestMethod[method as RequestMethod]} ${path}`, pipes);
    }
  }
  return out;
}

const principal = { workspaceId: 'ws_4f2a', role: 'editor', actor: 'api_key:ci' } as unknown as Principal;

/**
 * Routes whose body is read by @Body() without a pipe: the validator is where the body goes.
 * Each runs the real use case (or parser) with stand-ins for what lies past validation.
 */
const OWN_VALIDATORS: Record<string, (body: unknown) => Promise<unknown>> = {
  setFrequencyCaps: async (body) => parseCapPolicy(body),
  enterByWebhook: (body) =>
    new EnterByWebhook(
      {
        resolveWebhookEntry: async () => ({ workspaceId: 'ws', journeyId: 'jr', entryNodeId: 'start' }),
      } as never,
      { publish: async () => undefined } as never,
      { enrollmentsAccepted: () => undefined } as never,
      { admitEntries: async () => undefined } as never,
    ).execute('jr_8fK2mQ9xLp3a', 'token', body, undefined),
  ...Object.fromEntries(
    (['pause', 'resume', 'exit'] as const).map((action) => [
      `${action}Instance`,
      (body: unknown) =>
        new CommandInstance(
          { getInstance: async () => ({ status: 'waiting' }) } as never,
          { publish: async () => undefined } as never,
        ).execute(principal, 'in_1', action, body),
    ]),
  ),
};
/** Bodies the gateway forwards unread: the channels service checks a provider's signature over
 * the raw bytes, the AI designer parses an uploaded document. Held to their schema only. */
const FORWARDED_UNREAD = ['providerWebhook', 'importDesignDocument'];

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, 'kalcifer');
const pointer = (...parts: string[]) =>
  `kalcifer#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

function schemaErrors(ref: string, value: unknown): string {
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

const jsonExample = (media: Json | undefined): unknown =>
  (Object.values((media?.examples ?? {}) as Json)[0] as Json | undefined)?.value;

describe('the examples of the OpenAPI document', () => {
  it('has 80 operations or more to check', () => {
    expect(operations.length).toBeGreaterThanOrEqual(80);
  });

  it.each(operations.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o]))(
    '%s: a request example when it takes a body, a success example, an example on each error it names',
    (_name, { op }) => {
      const missing: string[] = [];
      if (op.requestBody && !Object.values(op.requestBody.content as Json).some((m: Json) => m.examples))
        missing.push('request body');
      for (const [status, res] of Object.entries(op.responses as Json)) {
        if (res.$ref) {
          const name = String(res.$ref).split('/').pop()!;
          const shared = (doc.components as Json).responses[name];
          if (!jsonExample(shared.content?.['application/json'])) missing.push(`${status} (${name})`);
          continue;
        }
        const media = Object.values((res.content ?? {}) as Json)[0] as Json | undefined;
        if (media && !media.examples) missing.push(status);
      }
      expect(missing).toEqual([]);
    },
  );

  const pipes = bodyPipes();
  const withBody = operations.filter((o) => o.op.requestBody);

  it.each(withBody.map((o) => [o.op.operationId as string, o]))(
    "%s: the request example passes the route's own validator",
    async (id, { path, method, op }) => {
      const example = Object.values(op.requestBody.content as Json)
        .map((m: Json) => jsonExample(m))
        .find((v) => v !== undefined);
      const zodPipes = (pipes.get(`${method.toUpperCase()} ${path}`) ?? []).filter(
        (p): p is ZodPipe<unknown> => p instanceof ZodPipe,
      );
      if (zodPipes.length > 0) {
        for (const pipe of zodPipes) expect(() => pipe.transform(example)).not.toThrow();
      } else if (OWN_VALIDATORS[id]) {
        await expect(OWN_VALIDATORS[id](example)).resolves.toBeDefined();
      } else {
        expect(FORWARDED_UNREAD).toContain(id);
      }
    },
  );

  it.each(withBody.map((o) => [o.op.operationId as string, o]))(
    '%s: the request example validates against the declared request schema',
    (_id, { path, method, op }) => {
      const media = op.requestBody.content['application/json'] as Json | undefined;
      if (!media?.examples) return;
      const ref = pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'schema');
      expect(schemaErrors(ref, jsonExample(media))).toBe('');
    },
  );

  it.each(operations.map((o) => [o.op.operationId as string, o]))(
    '%s: the JSON examples of its answers validate against their schemas',
    (_id, { path, method, op }) => {
      const problems: string[] = [];
      for (const [status, res] of Object.entries(op.responses as Json)) {
        if (res.$ref) continue;
        const media = res.content?.['application/json'] as Json | undefined;
        if (!media?.examples || !media.schema) continue;
        const ref = pointer(
          'paths',
          path,
          method,
          'responses',
          status,
          'content',
          'application/json',
          'schema',
        );
        const errors = schemaErrors(ref, jsonExample(media));
        if (errors) problems.push(`${status}: ${errors}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it('gives every shared error answer an example of the error shape', () => {
    const responses = (doc.components as Json).responses as Json;
    for (const [name, res] of Object.entries(responses)) {
      const ref = pointer('components', 'responses', name, 'content', 'application/json', 'schema');
      expect([name, schemaErrors(ref, jsonExample(res.content['application/json']))]).toEqual([name, '']);
    }
  });

  it('shows the examples on /docs', () => {
    const html = renderDocsPage(doc);
    expect(html).toContain('Welcome series');
    expect(html).toContain('journey_not_found');
    expect(html).toContain('order_placed');
  });
});
