/**
 * Bad input through the REST API: each gets a 4xx with a machine-readable code and a message that
 * says what to fix, and nothing is stored or published.
 */
import { Api, type ApiErrorBody, type ApiResponse } from '../support/api';
import { STREAMS } from '@kalcifer/contracts';
import { startProduct } from '../support/e2e';
import { streamMessageCount } from '../support/infra';
import { us1Journey } from '../support/journeys';
import { Stack } from '../support/stack';

const PREFIX = 'e2e_bad';
const stack = new Stack({ dbPrefix: PREFIX });
let api: Api;

beforeAll(async () => {
  api = await startProduct(stack, PREFIX, 'kal_e2eBadInputKey000000000000000001');
}, 120_000);

afterAll(async () => {
  await stack.stopAll();
}, 60_000);

/** Asserts the status and the error's code and message; returns the error for further checks. */
function expectError(res: ApiResponse, status: number, code: string): ApiErrorBody['error'] {
  expect(res.status).toBe(status);
  const { error } = res.body as ApiErrorBody;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(10);
  return error;
}

interface GraphIssue {
  code: string;
  nodeId?: string;
  message: string;
}

/** The issues of an `invalid_graph` error (`details.errors`). */
const graphIssues = (error: ApiErrorBody['error']) => (error.details as { errors: GraphIssue[] }).errors;

async function journeyCount(): Promise<number> {
  return (await api.ok<{ journeys: unknown[] }>('GET', '/v1/journeys?limit=200')).journeys.length;
}

it('rejects malformed JSON', async () => {
  expectError(await api.call('POST', '/v1/journeys', undefined, '{"name": "x", '), 400, 'malformed_json');
  expect(await journeyCount()).toBe(0);
});

it('rejects an invalid graph, naming the node and what to fix, and stores nothing', async () => {
  const graph = us1Journey('PT5S');
  graph.edges.push({ from: 'upsell', to: 'welcome', output: 'next' }); // a cycle
  const res = await api.call('POST', '/v1/journeys', { name: 'cyclic', graph });
  const issues = graphIssues(expectError(res, 400, 'invalid_graph'));
  expect(issues.some((i) => i.code === 'cycle')).toBe(true);
  expect(await journeyCount()).toBe(0);
});

it('rejects an unknown node type', async () => {
  const graph = us1Journey('PT5S');
  (graph.nodes[1] as { type: string }).type = 'send_pigeon';
  const res = await api.call('POST', '/v1/journeys', { name: 'pigeon', graph });
  const issue = graphIssues(expectError(res, 400, 'invalid_graph')).find(
    (i) => i.code === 'unknown_node_type',
  );
  expect(issue?.nodeId).toBe('welcome');
  expect(issue?.message).toContain('send_pigeon');
  expect(await journeyCount()).toBe(0);
});

it('answers 404 for an unknown journey', async () => {
  expectError(await api.call('GET', '/v1/journeys/jr_doesnotexist'), 404, 'journey_not_found');
  expectError(
    await api.call('POST', '/v1/journeys/jr_doesnotexist/enrollments', { customerId: 'c1' }),
    404,
    'journey_not_found',
  );
});

it('answers 401 without an API key or with a wrong one', async () => {
  const anonymous = await fetch(`${stack.gatewayUrl}/v1/journeys`);
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as ApiErrorBody).error.code).toBe('missing_api_key');
  const wrong = new Api(stack.gatewayUrl, 'kal_wrongwrongwrongwrongwrongwrong12');
  expectError(
    await wrong.call('POST', '/v1/journeys', { name: 'x', graph: us1Journey('PT5S') }),
    401,
    'invalid_api_key',
  );
  expect(await journeyCount()).toBe(0);
});

it('rejects an event without a customer id', async () => {
  expectError(await api.call('POST', '/v1/events', { name: 'email_opened' }), 400, 'invalid_request');
  const batch = await api.call('POST', '/v1/events/batch', {
    events: [{ customerId: 'c1', name: 'ok' }, { name: 'missing customer' }],
  });
  expect(expectError(batch, 400, 'invalid_request').message).toContain('customerId');
  expect(await streamMessageCount(STREAMS.events.name)).toBe(0);
});
