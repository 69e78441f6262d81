import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ArgumentsHost } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { createLogger, type Bus } from '@kalcifer/platform';
import type { AuthenticateApiKey } from '../../application/authenticate-api-key';
import { JetStreamPublisher } from '../../infrastructure/jetstream-publisher';
import { ApiExceptionFilter } from './error-filter';
import { v1Gate } from './v1-gate.middleware';

const logger = createLogger('test', 'silent');
/** A bus whose publish acks do not come until the test ends: what is published stays in flight. */
const pendingAcks: Array<(err: Error) => void> = [];
let acksStalled = true;
const stalledBus = {
  nc: {
    isClosed: () => false,
    status: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) }),
  },
  js: {
    publish: () =>
      acksStalled
        ? new Promise((_, reject) => pendingAcks.push(reject))
        : Promise.reject(new Error('test over')),
  },
  jsm: {},
} as unknown as Bus;
const authenticate = {
  execute: async () => ({ workspaceId: 'ws_gate', role: 'editor', actor: 'api_key:test' }),
} as unknown as AuthenticateApiKey;
const filter = new ApiExceptionFilter(logger);

let server: Server;
let base: string;
let publisher: JetStreamPublisher;
const handled: unknown[] = [];

beforeEach(async () => {
  handled.length = 0;
  publisher = new JetStreamPublisher(stalledBus, logger, 60_000, 1_000);
  const app = express();
  app.use('/v1', v1Gate(authenticate, '1mb', publisher));
  const record = (req: Request, res: Response) => {
    handled.push(req.body);
    res.status(202).json({});
  };
  app.post('/v1/events/batch', record);
  app.post('/v1/journeys/:id/enrollments', record);
  app.post('/v1/journeys', record);
  // The gateway's one exception filter, as Nest would call it.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) =>
    filter.catch(err, {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as unknown as ArgumentsHost),
  );
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeAllConnections();
  await closed;
});

afterAll(async () => {
  acksStalled = false;
  for (const reject of pendingAcks.splice(0)) reject(new Error('test over'));
  // The publisher retries a failed publish (50 ms, then doubling); let it give up.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
});

/** Fills the publisher to its bound of 1,000 with a publish whose acks never come. */
function saturate(): void {
  const messages = [{ subject: 'kalcifer.ws_gate.events', msgId: 'm', body: {} }];
  publisher.publish(messages, 1_000).catch(() => undefined);
}

const post = (path: string, body: string) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('v1Gate before an ingest body is read', () => {
  it('refuses an event batch with 503 and Retry-After while the publisher is at its bound, even a malformed one', async () => {
    saturate();
    const res = await post('/v1/events/batch', '{"events": [ this is not JSON');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    expect(handled).toEqual([]);
  });

  it('refuses a body over the size limit with 503, not 413: it is not read', async () => {
    saturate();
    const res = await post('/v1/events/batch', JSON.stringify({ events: 'x'.repeat(2 * 2 ** 20) }));
    expect(res.status).toBe(503);
  });

  it('refuses enrollments the same way', async () => {
    saturate();
    const res = await post('/v1/journeys/jrn_1/enrollments', '{"enrollments": [');
    expect(res.status).toBe(503);
    expect(handled).toEqual([]);
  });

  it('judges the same malformed body (400) when the publisher has room', async () => {
    const res = await post('/v1/events/batch', '{"events": [ this is not JSON');
    expect(res.status).toBe(400);
  });

  it('still parses routes that publish nothing while the publisher is at its bound', async () => {
    saturate();
    expect((await post('/v1/journeys', '{"name": ')).status).toBe(400);
    expect((await post('/v1/journeys', '{"name": "a"}')).status).toBe(202);
    expect(handled).toEqual([{ name: 'a' }]);
  });

  it('takes an ingest request again below the bound', async () => {
    const messages = [{ subject: 'kalcifer.ws_gate.events', msgId: 'm', body: {} }];
    publisher.publish(messages, 999).catch(() => undefined);
    const res = await post('/v1/events/batch', '{"events": []}');
    expect(res.status).toBe(202);
    expect(handled).toEqual([{ events: [] }]);
  });
});
