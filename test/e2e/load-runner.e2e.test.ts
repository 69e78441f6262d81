/**
 * The load runner (load-tests/runner/run.ts) against the whole product: a short run of the mixed
 * scenario sends what it says, every request is accepted, and what was accepted really entered
 * the engine (the enrolled customers are in the journey). Its figures are not judged here: speed
 * is measured by `npm run report` and the benchmarks, never asserted by a test.
 */
import mongoose from 'mongoose';
import { runScenario } from '../../load-tests/runner/run';
import { EVENT_BATCH } from '../../load-tests/scenarios';
import { eventually, testMongoUrl } from '../support/infra';
import { startProduct } from '../support/e2e';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_load';
const API_KEY = 'kal_e2eLoadRunnerKey000000000000001';
jest.setTimeout(120_000);

const stack = new Stack({ dbPrefix: PREFIX });

beforeAll(async () => {
  await startProduct(stack, PREFIX, API_KEY);
});

afterAll(async () => {
  await stack.stopAll();
});

it('runs the mixed scenario: every request accepted, the enrolled customers in the journey', async () => {
  const result = await runScenario({
    baseUrl: stack.gatewayUrl,
    apiKey: API_KEY,
    scenario: 'mixed',
    rate: 20,
    durationSeconds: 3,
  });
  expect(result.requests).toBeGreaterThan(20);
  expect(result.errors).toBe(0);
  expect(result.enrollmentsAccepted).toBeGreaterThan(0);
  // 80% of the requests are event batches, 20% enrollments.
  expect(result.eventsAccepted / EVENT_BATCH + result.enrollmentsAccepted).toBe(result.requests);
  expect(result.latencyMs.p99).toBeGreaterThan(0);
  // Journey start as request sent -> first node executed, read from each enrolled customer's trace.
  expect(result.firstNodeMs).toMatchObject({ sampled: result.enrollmentsAccepted, notStarted: 0 });
  expect(result.firstNodeMs?.p50).toBeGreaterThan(0);

  const db = await mongoose.createConnection(testMongoUrl(`${PREFIX}_orchestrator`)).asPromise();
  try {
    await eventually(
      async () =>
        (await db.collection('instances').countDocuments({ customerId: /^start-/, status: 'waiting' })) ===
        result.enrollmentsAccepted,
      30_000,
      250,
    );
  } finally {
    await db.close();
  }
});
