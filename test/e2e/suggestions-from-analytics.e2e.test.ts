/**
 * FR-1.7 on the real stack: suggestions judged from the journey's own figures, read by the
 * gateway from the analytics service when the request has no body. 60 customers get an email
 * and wait 3 days; 25 of them are exited during the wait (42% drop-off, above the designer's 30%,
 * with 60 customers above its 50-customer sample), so shortening the wait is suggested.
 */
import { Api } from '../support/api';
import { startProduct } from '../support/e2e';
import { eventually } from '../support/infra';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_suggestions';
const CUSTOMERS = 60;
const DROPPED = 25;
const DOMAIN = 'suggest.test';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

const graph = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    {
      id: 'mail',
      type: 'send_email',
      config: { subject: 'Welcome', body: 'Hello {{ customer.firstName }}' },
    },
    { id: 'wait', type: 'wait', config: { duration: 'P3D' } },
    { id: 'done', type: 'exit', config: { reason: 'waited' } },
  ],
  edges: [
    { from: 'entry', to: 'mail', output: 'next' },
    { from: 'mail', to: 'wait', output: 'next' },
    { from: 'wait', to: 'done', output: 'next' },
  ],
};

interface Figure {
  nodeId: string;
  entered: number;
  droppedOff: number;
}
interface SuggestionsBody {
  suggestions: Array<{ kind: string; nodeId?: string; rationale: string; graph: typeof graph }>;
  from?: string | null;
  to?: string | null;
  analytics?: Figure[];
}

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eSuggestionsKey00000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

it('suggests a shorter wait from the drop-off the analytics service counted, with no body', async () => {
  const journeyId = await api.launchJourney('Welcome then wait', graph);
  const customerId = (i: number) => `sg-c${i}`;
  for (let i = 0; i < CUSTOMERS; i++)
    await api.ok('PUT', `/v1/customers/${customerId(i)}`, {
      attributes: { email: `${customerId(i)}@${DOMAIN}`, firstName: `C${i}` },
    });
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
    enrollments: Array.from({ length: CUSTOMERS }, (_, i) => ({ customerId: customerId(i) })),
  });
  const route = `/v1/journeys/${journeyId}/suggestions`;
  const wait = (body: SuggestionsBody) => body.analytics?.find((f) => f.nodeId === 'wait');

  // Everyone is waiting: customers still at the wait are not drop-offs, so nothing to suggest.
  const waiting = await eventually(
    async () => {
      const res = await api.call<SuggestionsBody>('POST', route);
      return res.status === 200 && wait(res.body)?.entered === CUSTOMERS && res.body;
    },
    60_000,
    500,
  );
  expect(wait(waiting)).toEqual({ nodeId: 'wait', entered: CUSTOMERS, droppedOff: 0 });
  expect(waiting.suggestions).toEqual([]);
  // The default range is the last 30 days up to now.
  expect(Date.parse(waiting.from!)).toBeGreaterThan(Date.now() - 31 * 86_400_000);
  expect(waiting.to).toBeNull();

  // 25 of them leave the journey during the wait.
  const instances = await api.allInstances(`journeyId=${journeyId}`);
  expect(instances).toHaveLength(CUSTOMERS);
  for (const instance of instances.slice(0, DROPPED))
    await api.ok('POST', `/v1/instances/${instance.id}/exit`, { reason: 'unsubscribed' });

  const judged = await eventually(
    async () => {
      const res = await api.call<SuggestionsBody>('POST', route);
      return res.status === 200 && wait(res.body)?.droppedOff === DROPPED && res.body;
    },
    60_000,
    500,
  );
  expect(judged.analytics).toEqual(
    expect.arrayContaining([
      { nodeId: 'mail', entered: CUSTOMERS, droppedOff: 0 },
      { nodeId: 'wait', entered: CUSTOMERS, droppedOff: DROPPED },
    ]),
  );
  expect(judged.suggestions).toHaveLength(1);
  const [shorten] = judged.suggestions;
  expect(shorten).toMatchObject({ kind: 'shorten_wait', nodeId: 'wait' });
  expect(shorten.rationale).toContain(`42% of ${CUSTOMERS} customers`);
  expect(shorten.graph.nodes.find((n) => n.id === 'wait')?.config).toEqual({ duration: 'PT36H' });

  // A range before anything happened reads nothing, so judges nothing.
  const empty = await api.call<SuggestionsBody>('POST', `${route}?from=2020-01-01&to=2020-02-01`);
  expect(empty.status).toBe(200);
  expect(empty.body).toMatchObject({ suggestions: [], analytics: [] });

  // The body form still works, and is judged on its figures alone.
  const given = await api.call<SuggestionsBody>('POST', route, {
    analytics: [{ nodeId: 'wait', entered: 100, droppedOff: 10 }],
  });
  expect(given.status).toBe(200);
  expect(given.body).toEqual({ suggestions: [] });

  // A range with figures in the body is refused, saying why.
  const both = await api.call<{ error: { code: string; message: string } }>(
    'POST',
    `${route}?from=2026-01-01`,
    {
      analytics: [{ nodeId: 'wait', entered: 100 }],
    },
  );
  expect(both.status).toBe(400);
  expect(both.body.error).toMatchObject({
    code: 'invalid_request',
    message: expect.stringContaining('from and to'),
  });
}, 180_000);
