/**
 * The request examples of /openapi.json work when copied: read from the running gateway's own
 * document and sent as they are, in the order a reader follows them (create a journey, publish
 * it, activate it, enroll a customer, send the event the journey waits for), each answers its
 * documented success status and the customer reaches the goal.
 */
import type { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

jest.setTimeout(180_000);

const PREFIX = 'e2e_openapi_examples';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked loosely
type Json = Record<string, any>;

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eOpenApiExamplesKey0000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

/** The operation, its request example (if it takes a body) and its documented success status. */
function operation(
  doc: Json,
  operationId: string,
): { path: string; method: string; body: unknown; status: number } {
  for (const [path, item] of Object.entries(doc.paths as Json))
    for (const [method, op] of Object.entries(item as Json)) {
      if (op.operationId !== operationId) continue;
      const media = op.requestBody?.content?.['application/json'] as Json | undefined;
      const body = (Object.values((media?.examples ?? {}) as Json)[0] as Json | undefined)?.value;
      const status = Number(Object.keys(op.responses as Json).find((s) => s < '300'));
      return { path, method: method.toUpperCase(), body, status };
    }
  throw new Error(`no operation ${operationId} in /openapi.json`);
}

it('accepts the documented examples of create, publish, activate, enroll and event, in order', async () => {
  const res = await fetch(`${stack.gatewayUrl}/openapi.json`);
  expect(res.status).toBe(200);
  const doc = (await res.json()) as Json;

  const send = async (operationId: string, journeyId?: string) => {
    const op = operation(doc, operationId);
    const route = journeyId ? op.path.replace('{id}', journeyId) : op.path;
    const answer = await api.call<Json>(op.method, route, op.body);
    expect([operationId, answer.status, answer.body]).toEqual([operationId, op.status, expect.anything()]);
    return answer.body;
  };

  const create = operation(doc, 'createJourney');
  expect(create.body).toEqual(expect.objectContaining({ graph: expect.any(Object) }));
  const journey = await send('createJourney');
  const journeyId = journey.id as string;
  expect(journey.status).toBe('draft');

  const published = await send('publishVersion', journeyId);
  expect(published.version.version).toBe(1);
  expect((await send('activateJourney', journeyId)).status).toBe('active');

  const enrolled = await send('enrollCustomers', journeyId);
  const customerId = enrolled.accepted[0].customerId as string;
  const waiting = await eventually(async () => {
    const [instance] = await api.allInstances(`journeyId=${journeyId}&customerId=${customerId}`);
    return instance?.status === 'waiting' ? instance : undefined;
  }, 60_000);

  const event = operation(doc, 'ingestEvent').body as Json;
  expect(event.customerId).toBe(customerId);
  await send('ingestEvent');

  // The event is the one the example journey waits for: the customer reaches its goal.
  const done = await eventually(async () => {
    const instance = await api.ok<Json>('GET', `/v1/instances/${waiting.id}`);
    return instance.status === 'completed' ? instance : undefined;
  }, 60_000);
  expect((done.trace as Json[]).some((t) => t.nodeId === 'bought')).toBe(true);
});
