/**
 * Customers at each node of each version now (FR-10.1, GET /v1/journeys/{id}/occupancy) on the
 * whole stack: customers enrolled into a live journey are counted at the waits they stand on (a
 * customer on two parallel branches at both), another workspace's key gets 404, and after a
 * "migrate all" publish of v2 the same customers are counted on version 2.
 */
import { Api, createWorkspace } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(300_000);

const PREFIX = 'e2e_occupancy';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;
let other: Api;

interface Occupancy {
  journeyId: string;
  perVersion: Record<string, number>;
  nodes: { version: number; nodeId: string; customers: number }[];
}

const edge = (from: string, to: string, output = 'next') => ({ from, to, output });
/** Pro customers fork into two waits at once; the others wait at `hold` only. */
const graph = (holdFor: string) => ({
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'is_pro', type: 'condition', config: { expression: 'customer.plan == "pro"' } },
    { id: 'fork', type: 'parallel', config: { branches: ['a', 'b'] } },
    { id: 'hold', type: 'wait', config: { duration: holdFor } },
    { id: 'hold_b', type: 'wait', config: { duration: 'P2D' } },
  ],
  edges: [
    edge('entry', 'is_pro'),
    edge('is_pro', 'fork', 'true'),
    edge('is_pro', 'hold', 'false'),
    edge('fork', 'hold', 'branch:a'),
    edge('fork', 'hold_b', 'branch:b'),
  ],
});

const PRO = 2;
const FREE = 4;

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eOccupancyKeyA000000000001');
  const otherKey = 'kal_e2eOccupancyKeyB000000000002';
  createWorkspace(`${PREFIX}_api_gateway`, otherKey);
  other = new Api(stack.gatewayUrl, otherKey);
}, 200_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it('counts the customers at each node of each version, and follows them to v2 after migrate all', async () => {
  const journeyId = await api.launchJourney('occupancy', graph('P1D'));
  const enrollments = Array.from({ length: PRO + FREE }, (_, i) => ({
    customerId: `occ-${i}`,
    enrollmentId: `occ-${i}`,
    attributes: { plan: i < PRO ? 'pro' : 'free' },
  }));
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { enrollments });
  await eventually(
    async () => {
      const all = await api.allInstances(`journeyId=${journeyId}`);
      return all.length === PRO + FREE && all.every((i) => i.status === 'waiting');
    },
    60_000,
    500,
  );

  const before = await api.ok<Occupancy>('GET', `/v1/journeys/${journeyId}/occupancy`);
  expect(before).toEqual({
    journeyId,
    perVersion: { '1': PRO + FREE },
    // Every customer waits at `hold`; the pro customers stand at `hold_b` too (the other branch).
    nodes: [
      { version: 1, nodeId: 'hold', customers: PRO + FREE },
      { version: 1, nodeId: 'hold_b', customers: PRO },
    ],
  });

  // Another workspace's key sees no such journey; nor does anyone see a journey that does not exist.
  const foreign = await other.call<{ error: { code: string } }>('GET', `/v1/journeys/${journeyId}/occupancy`);
  expect(foreign.status).toBe(404);
  expect(foreign.body.error.code).toBe('journey_not_found');
  const missing = await api.call<{ error: { code: string } }>('GET', '/v1/journeys/jr_nope/occupancy');
  expect(missing.status).toBe(404);
  expect(missing.body.error.code).toBe('journey_not_found');

  await api.ok('PUT', `/v1/journeys/${journeyId}/draft`, { graph: graph('P3D') });
  const published = await api.ok<{ migration: { id: string } | null }>(
    'POST',
    `/v1/journeys/${journeyId}/versions`,
    { strategy: 'migrate_all', note: 'longer hold' },
  );
  const migrationId = published.migration?.id;
  expect(migrationId).toEqual(expect.any(String));
  await eventually(
    async () => {
      const m = await api.ok<{ status: string }>(
        'GET',
        `/v1/journeys/${journeyId}/migrations/${migrationId}`,
      );
      return m.status === 'completed';
    },
    120_000,
    500,
  );

  const after = await api.ok<Occupancy>('GET', `/v1/journeys/${journeyId}/occupancy`);
  expect(after).toEqual({
    journeyId,
    perVersion: { '2': PRO + FREE },
    nodes: [
      { version: 2, nodeId: 'hold', customers: PRO + FREE },
      { version: 2, nodeId: 'hold_b', customers: PRO },
    ],
  });
});
