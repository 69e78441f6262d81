/**
 * Backpressure end to end (NFR-2.4), with load-tests/runner/overload.ts against the whole product:
 * at twice the ingest rate the stack sustains, the gateway refuses some requests (503 from its
 * bound on publishes awaiting JetStream's acks), every refusal carries Retry-After, every
 * accepted event is in the events stream and reaches the customer waiting for it, and the
 * gateway's RSS stays bounded.
 *
 * PUBLISH_MAX_IN_FLIGHT is 1,000 (its minimum: ten batches of 100 awaiting acks) so that a short
 * run on a small machine reaches the bound (OVERLOAD_MAX_IN_FLIGHT=10000000 shows the test
 * failing without it: nothing refused). The RSS bound, 384 MB: the gateway idles at ~135 MB here
 * and peaked at 236-288 MB in these runs (V8 lets the heap grow before it collects). What the
 * load holds live is small: one ~12 KB body per connection and at most 1,000 messages awaiting
 * acks. A gateway that kept what passed through it (tens of thousands of events at ~20 MB of
 * JSON a second, several times that once parsed) would cross 384 MB within the run.
 */
import { runOverload } from '../../load-tests/runner/overload';
import { infra } from '../support/infra';
import { startProduct } from '../support/e2e';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_overload';
const API_KEY = 'kal_e2eOverloadKey0000000000000001';
const RSS_BOUND_MB = 384;
jest.setTimeout(120_000);

const stack = new Stack({
  dbPrefix: PREFIX,
  gatewayPort: 18380,
  grpcPort: 15351,
  healthPortBase: 19401,
  env: { 'api-gateway': { PUBLISH_MAX_IN_FLIGHT: process.env.OVERLOAD_MAX_IN_FLIGHT ?? '1000' } },
});

beforeAll(async () => {
  await startProduct(stack, PREFIX, API_KEY);
});

afterAll(async () => {
  await stack.stopAll();
});

it('refuses with Retry-After at twice the sustainable rate, loses nothing accepted, keeps the gateway bounded', async () => {
  const r = await runOverload({
    baseUrl: stack.gatewayUrl,
    apiKey: API_KEY,
    natsUrl: infra.natsUrl,
    probeSeconds: 2,
    durationSeconds: 10,
    gatewayPid: stack.pids()['api-gateway'],
    rssBoundMb: RSS_BOUND_MB,
    drainDeadlineMs: 30_000,
    log: (l) => process.stdout.write(`${l}\n`),
  });
  process.stdout.write(`${JSON.stringify(r)}\n`);
  expect(r.refused).toBeGreaterThan(0);
  expect(r.refusalsWithRetryAfter).toBe(r.refused);
  expect(r.acceptedEvents).toBeGreaterThan(0);
  expect(r.lost).toBe(0);
  expect(r.refusedButStored).toBe(0);
  expect(r.drained).toBe(true);
  expect(r.customers.expectedMovedOn).toBeGreaterThan(0);
  expect(r.customers).toMatchObject({ missing: 0, extra: 0 });
  expect(r.rssMb.peak).toBeLessThan(RSS_BOUND_MB);
  // Not asserted: that 2x was offered, and that (nearly) every request got an answer within 10 s.
  // Both depend on the machine: on 2 cores shared with other work the runner and the gateway
  // starve each other, the gateway then answers late, and the runner fails itself, saying how
  // much it sent and how many went unanswered; the report shows it.
  const machineBound = (f: string) => f.startsWith('offered only') || f.includes('got no answer');
  expect(r.failures.filter((f) => !machineBound(f))).toEqual([]);
});
