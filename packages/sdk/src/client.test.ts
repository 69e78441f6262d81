/**
 * The SDK against a real gRPC server on a local port (the public API's service definition, with
 * handlers each test scripts): retries, backoff, deadlines, error mapping, watch resume.
 */
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
import * as api from './generated/kalcifer/api/v1/public_api';
import { KalciferClient } from './client';
import { KalciferError } from './errors';

type Unary = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => void;

const JOURNEY: api.Journey = {
  id: 'jr_1',
  name: 'Welcome',
  description: '',
  status: 'draft',
  draft: undefined,
  latestVersion: 0,
  activeVersion: 0,
  createdAt: '2026-12-03T00:00:00.000Z',
  updatedAt: '2026-12-03T00:00:00.000Z',
  webhookPath: '',
};

const unavailable = { code: status.UNAVAILABLE, details: 'the gateway is restarting' };

let server: Server;
let address: string;
let handlers: Record<string, Unary>;
let watchHandler: (call: ServerWritableStream<api.WatchRequest, api.WatchResponse>) => void;
const seen: { method: string; request: unknown; authorization: unknown; at: number }[] = [];

beforeAll(async () => {
  server = new Server();
  const impl: Record<string, unknown> = {};
  for (const name of Object.keys(api.PublicApiServiceService))
    impl[name] =
      name === 'watch'
        ? (call: ServerWritableStream<api.WatchRequest, api.WatchResponse>) => {
            seen.push({
              method: name,
              request: call.request,
              authorization: call.metadata.get('authorization')[0],
              at: Date.now(),
            });
            watchHandler(call);
          }
        : (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
            seen.push({
              method: name,
              request: call.request,
              authorization: call.metadata.get('authorization')[0],
              at: Date.now(),
            });
            const handler = handlers[name];
            if (handler) handler(call, callback);
            else callback({ code: status.UNIMPLEMENTED, details: `${name} not scripted` });
          };
  server.addService(api.PublicApiServiceService, impl as api.PublicApiServiceServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  address = `127.0.0.1:${port}`;
});

afterAll(() => server.forceShutdown());

beforeEach(() => {
  handlers = {};
  seen.length = 0;
});

/** Fails the first `failures` calls with `error`, then answers `response`. */
function failThenAnswer(failures: number, error: object, response: unknown): Unary {
  let calls = 0;
  return (_call, callback) => (++calls <= failures ? callback(error) : callback(null, response));
}

const client = (options: Partial<ConstructorParameters<typeof KalciferClient>[0]> = {}) =>
  new KalciferClient({ address, apiKey: 'kal_test', retry: { initialBackoffMs: 20 }, ...options });

describe('KalciferClient against a local gRPC server', () => {
  it('retries a read on UNAVAILABLE with backoff and returns the answer', async () => {
    handlers.getJourney = failThenAnswer(2, unavailable, { journey: JOURNEY });
    const c = client();
    await expect(c.getJourney('jr_1')).resolves.toMatchObject({ id: 'jr_1', name: 'Welcome' });
    c.close();
    expect(seen.map((s) => s.method)).toEqual(['getJourney', 'getJourney', 'getJourney']);
    expect(seen.every((s) => s.authorization === 'Bearer kal_test')).toBe(true);
  });

  it('waits the retry-after a RESOURCE_EXHAUSTED answer asks for', async () => {
    const metadata = new Metadata();
    metadata.set('retry-after', '1');
    metadata.set('x-error-code', 'rate_limited');
    handlers.listJourneys = failThenAnswer(
      1,
      { code: status.RESOURCE_EXHAUSTED, details: 'more than 10 requests per second', metadata },
      { journeys: [JOURNEY], nextCursor: '' },
    );
    const c = client();
    const page = await c.listJourneys();
    c.close();
    expect(page.journeys).toHaveLength(1);
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
  });

  it('gives up after maxAttempts and throws the last error, typed', async () => {
    handlers.getInstance = failThenAnswer(99, unavailable, {});
    const c = client({ retry: { maxAttempts: 3, initialBackoffMs: 10 } });
    const err = await c.getInstance('in_1').catch((e: unknown) => e);
    c.close();
    expect(err).toBeInstanceOf(KalciferError);
    expect(err).toMatchObject({
      code: status.UNAVAILABLE,
      status: 'UNAVAILABLE',
      message: 'the gateway is restarting',
    });
    expect(seen).toHaveLength(3);
  });

  it('does not retry what is not idempotent (creating a journey)', async () => {
    handlers.createJourney = failThenAnswer(1, unavailable, { journey: JOURNEY });
    const c = client();
    await expect(c.createJourney({ name: 'Welcome' })).rejects.toMatchObject({ code: status.UNAVAILABLE });
    c.close();
    expect(seen).toHaveLength(1);
  });

  it('retries events with the same idempotency ids, so the server can drop the duplicate', async () => {
    handlers.sendEvents = failThenAnswer(1, unavailable, { accepted: 2, ids: ['a', 'b'] });
    const c = client();
    await c.sendEvents([
      { customerId: 'ada', name: 'signed_up' },
      { customerId: 'bob', name: 'signed_up', id: 'mine-1' },
    ]);
    c.close();
    const [first, second] = seen.map((s) => (s.request as api.SendEventsRequest).events.map((e) => e.id));
    expect(second).toEqual(first);
    expect(first[1]).toBe('mine-1');
    expect(first[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not retry INVALID_ARGUMENT, and carries the error code and details', async () => {
    const metadata = new Metadata();
    metadata.set('x-error-code', 'invalid_request');
    metadata.set(
      'x-error-details-bin',
      Buffer.from(JSON.stringify({ issues: [{ path: 'name', message: 'name is required' }] })),
    );
    handlers.getJourney = failThenAnswer(
      9,
      { code: status.INVALID_ARGUMENT, details: 'invalid request: name is required', metadata },
      {},
    );
    const c = client();
    const err = (await c.getJourney('jr_1').catch((e: unknown) => e)) as KalciferError;
    c.close();
    expect(seen).toHaveLength(1);
    expect(err).toMatchObject({
      code: status.INVALID_ARGUMENT,
      errorCode: 'invalid_request',
      message: 'invalid request: name is required',
      details: { issues: [{ path: 'name', message: 'name is required' }] },
    });
  });

  it('ends a call that gets no answer at its deadline, retries included', async () => {
    handlers.getJourney = () => undefined; // never answers
    const c = client();
    const started = Date.now();
    const err = await c.getJourney('jr_1', { deadlineMs: 300 }).catch((e: unknown) => e);
    const took = Date.now() - started;
    c.close();
    expect(err).toMatchObject({ code: status.DEADLINE_EXCEEDED });
    expect(took).toBeGreaterThanOrEqual(280);
    expect(took).toBeLessThan(1_500);
  });

  it('does not start a retry that could not end before the deadline', async () => {
    handlers.listVersions = failThenAnswer(99, unavailable, { versions: [] });
    const c = client({ retry: { maxAttempts: 100, initialBackoffMs: 200, maxBackoffMs: 200 } });
    const started = Date.now();
    await expect(c.listVersions('jr_1', { deadlineMs: 500 })).rejects.toMatchObject({
      code: status.UNAVAILABLE,
    });
    c.close();
    expect(Date.now() - started).toBeLessThan(600);
    expect(seen.length).toBeLessThan(10);
  });

  it('cancels a call through its AbortSignal', async () => {
    handlers.getJourney = () => undefined;
    const c = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(c.getJourney('jr_1', { signal: controller.signal })).rejects.toMatchObject({
      code: status.CANCELLED,
      errorCode: 'cancelled',
    });
    c.close();
  });

  it('sends a JWT from a function, asked before every attempt', async () => {
    handlers.getJourney = failThenAnswer(1, unavailable, { journey: JOURNEY });
    let n = 0;
    const c = new KalciferClient({ address, token: () => `jwt-${++n}`, retry: { initialBackoffMs: 5 } });
    await c.getJourney('jr_1');
    c.close();
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer jwt-1', 'Bearer jwt-2']);
  });

  it('watches: yields entries in order, reconnects after UNAVAILABLE right after the last one', async () => {
    const entry = (sequence: number): api.WatchResponse => ({
      entry: {
        sequence,
        journeyId: 'jr_1',
        version: 1,
        instanceId: `in_${sequence}`,
        customerId: 'ada',
        events: [],
      },
    });
    let connections = 0;
    watchHandler = (call) => {
      connections++;
      const from = (call.request.afterSequence ?? 0) + 1;
      if (connections === 1) {
        call.write(entry(from));
        call.write(entry(from + 1));
        setTimeout(() => call.emit('error', unavailable), 20);
      } else {
        for (let s = from; s < from + 3; s++) call.write(entry(s));
      }
    };
    const c = client();
    const stream = c.watch({ journeyId: 'jr_1', afterSequence: 10 });
    const got: number[] = [];
    for await (const e of stream) {
      got.push(e.sequence);
      if (got.length === 5) stream.close();
    }
    c.close();
    expect(got).toEqual([11, 12, 13, 14, 15]);
    expect(
      seen.filter((s) => s.method === 'watch').map((s) => (s.request as api.WatchRequest).afterSequence),
    ).toEqual([10, 12]);
    expect(stream.lastSequence).toBe(15);
  });

  it('watch throws what a retry cannot fix (a refused role)', async () => {
    watchHandler = (call) =>
      call.emit('error', { code: status.PERMISSION_DENIED, details: 'Watch needs the viewer role' });
    const c = client();
    const iterate = async () => {
      for await (const _ of c.watch()) void _;
    };
    await expect(iterate()).rejects.toMatchObject({ code: status.PERMISSION_DENIED });
    c.close();
    expect(seen.filter((s) => s.method === 'watch')).toHaveLength(1);
  });
});
