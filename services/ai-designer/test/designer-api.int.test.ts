/**
 * The AI designer through the gateway: the ai-designer service (offline designer, real MongoDB)
 * over real gRPC, the gateway over real HTTP, the orchestrator faked (journeys in memory).
 */
import mongoose from 'mongoose';
import { validateGraph } from '@kalcifer/journey';
import { createLogger } from '@kalcifer/platform';
import { dropDatabase, infra, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../../api-gateway/src/app';
import { createWorkspace } from '../../api-gateway/src/application/create-workspace';
import { MongoWorkspaceStore } from '../../api-gateway/src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from '../../api-gateway/test/fake-orchestrator';
import { call, startGateway } from '../../api-gateway/test/support';
import { csvFile, xlsxFile } from '../src/application/__tests__/document-files';
import { bootstrap, type RunningDesigner } from '../src/app';

const GATEWAY_DB = 'kalcifer_designer_api_gw_it';
const DESIGNER_DB = 'kalcifer_designer_api_it';
const BRIEF = 'When a customer signs up, send a welcome email. Wait 3 days, then send a tips email.';

let designer: RunningDesigner;
let orchestrator: FakeOrchestrator;
let gateway: GatewayHandle;
let connection: mongoose.Connection;
let designerDb: mongoose.Connection;
let key: string;

const sessions = () => designerDb.collection('design_sessions').countDocuments();

beforeAll(async () => {
  await dropDatabase(GATEWAY_DB);
  await dropDatabase(DESIGNER_DB);
  designer = await bootstrap({
    MONGODB_URL: infra.mongoUrl,
    MONGODB_DB: DESIGNER_DB,
    AI_DESIGNER_GRPC_ADDRESS: '127.0.0.1:0',
    HEALTH_PORT: '0',
    GEMINI_API_KEY: '',
    LOG_LEVEL: 'silent',
  });
  orchestrator = await startFakeOrchestrator(createLogger('fake-orchestrator', 'silent'));
  gateway = await startGateway(GATEWAY_DB, {
    ORCHESTRATOR_GRPC_URL: orchestrator.address,
    AI_DESIGNER_GRPC_URL: `127.0.0.1:${designer.grpcPort}`,
    DESIGNER_DOCUMENT_MAX_BYTES: 20_000,
  });
  connection = await mongoose.createConnection(testMongoUrl(GATEWAY_DB)).asPromise();
  ({ apiKey: key } = await createWorkspace(new MongoWorkspaceStore(connection), { name: 'Acme' }));
  designerDb = await mongoose.createConnection(testMongoUrl(DESIGNER_DB)).asPromise();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await designer?.close();
  await connection?.close();
  await designerDb?.close();
});

describe('design conversations', () => {
  it('designs from a brief, then refines the draft returning the new graph and its diff', async () => {
    const first = await call(gateway, 'POST', '/v1/designer/sessions', { key, body: { brief: BRIEF } });
    expect(first.status).toBe(201);
    expect(first.body.turn).toBe(1);
    expect(first.body.designer).toBe('offline');
    expect(validateGraph(first.body.graph).errors).toEqual([]);
    const next = await call(gateway, 'POST', `/v1/designer/sessions/${first.body.sessionId}/messages`, {
      key,
      body: { message: 'make the wait 5 days instead of 3' },
    });
    expect(next.status).toBe(200);
    expect(next.body.turn).toBe(2);
    expect(next.body.diff.changedNodes).toEqual([{ id: 'wait_1', changedFields: ['duration', 'name'] }]);
  });

  it('streams a refinement as server-sent events: text, then the turn', async () => {
    const first = await call(gateway, 'POST', '/v1/designer/sessions', { key, body: { brief: BRIEF } });
    const res = await call(gateway, 'POST', `/v1/designer/sessions/${first.body.sessionId}/messages/stream`, {
      key,
      body: { message: 'add SMS fallback for non-openers' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = (res.body as string)
      .trim()
      .split('\n\n')
      .map((block) => block.split('\n')[0]);
    expect(events).toEqual(['event: text', 'event: turn']);
    const turn = JSON.parse((res.body as string).trim().split('\n\n')[1].split('\n')[1].slice(6)) as {
      diff: { addedNodes: string[] };
    };
    expect(turn.diff.addedNodes).toEqual(['wait_event_1', 'sms_1']);
  });

  it('refuses an empty brief (400 empty_brief) and stores nothing', async () => {
    const before = await sessions();
    const res = await call(gateway, 'POST', '/v1/designer/sessions', { key, body: { brief: '   ' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('empty_brief');
    const streamed = await call(gateway, 'POST', '/v1/designer/sessions/stream', {
      key,
      body: { brief: '' },
    });
    expect(streamed.status).toBe(400);
    expect(streamed.body.error.code).toBe('empty_brief');
    expect(await sessions()).toBe(before);
  });

  it('answers 404 session_not_found for an unknown session, streamed or not', async () => {
    const res = await call(gateway, 'POST', '/v1/designer/sessions/nope/messages', {
      key,
      body: { message: 'remove the wait' },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('session_not_found');
    const streamed = await call(gateway, 'POST', '/v1/designer/sessions/nope/messages/stream', {
      key,
      body: { message: 'remove the wait' },
    });
    expect(streamed.status).toBe(404);
  });

  it('refuses an instruction it does not understand (400) and leaves the draft as it was', async () => {
    const first = await call(gateway, 'POST', '/v1/designer/sessions', { key, body: { brief: BRIEF } });
    const res = await call(gateway, 'POST', `/v1/designer/sessions/${first.body.sessionId}/messages`, {
      key,
      body: { message: 'make it pop' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('instruction_not_understood');
    const stored = await designerDb.collection('design_sessions').findOne({ _id: first.body.sessionId });
    expect(stored?.turnCount).toBe(1);
  });
});

interface UploadBody {
  format?: string;
  mapping: { location: string }[];
  graph: unknown;
  error: { code: string; message: string };
}

describe('documents', () => {
  const upload = (filename: string, body: Buffer, contentType = 'application/octet-stream') =>
    fetch(`${gateway.url}/v1/designer/documents?filename=${encodeURIComponent(filename)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': contentType },
      body,
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as UploadBody }));

  it('designs from an uploaded spreadsheet and says how each row was read', async () => {
    const file = await xlsxFile([
      ['Timing', 'Channel', 'Message'],
      ['Day 0', 'Email', 'Welcome'],
      ['Day 2', 'SMS', 'Reminder'],
    ]);
    const res = await upload('plan.xlsx', file);
    expect(res.status).toBe(201);
    expect(res.body.format).toBe('xlsx');
    expect(res.body.mapping.map((m) => m.location)).toEqual(['row 2', 'row 3', 'row 3']);
    expect(validateGraph(res.body.graph).errors).toEqual([]);
  });

  it('refuses unsupported, corrupt, not understood and oversized documents with clear 4xx, storing nothing', async () => {
    const before = await sessions();
    expect((await upload('notes.txt', Buffer.from('send an email'))).body.error.code).toBe(
      'unsupported_document',
    );
    expect((await upload('notes.txt', Buffer.from('send an email'))).status).toBe(415);
    const corrupt = await upload('plan.docx', Buffer.from('this is not a zip'));
    expect([corrupt.status, corrupt.body.error.code]).toEqual([400, 'corrupt_document']);
    const unclear = await upload(
      'plan.csv',
      csvFile([
        ['Timing', 'Channel', 'Message'],
        ['Day 1', 'Pigeon', 'Hi'],
      ]),
    );
    expect([unclear.status, unclear.body.error.code]).toEqual([400, 'document_not_understood']);
    expect(unclear.body.error.message).toContain('Row 2');
    const big = await upload('plan.csv', Buffer.alloc(30_000, 'a'));
    expect([big.status, big.body.error.code]).toEqual([413, 'document_too_large']);
    expect(await sessions()).toBe(before);
  });
});

describe('explanations and suggestions of a journey', () => {
  let journeyId: string;

  beforeAll(async () => {
    const design = await call(gateway, 'POST', '/v1/designer/sessions', { key, body: { brief: BRIEF } });
    const created = await call(gateway, 'POST', '/v1/journeys', {
      key,
      body: { name: 'Welcome', graph: design.body.graph },
    });
    expect(created.status).toBe(201);
    journeyId = created.body.id as string;
  });

  it("explains the journey's draft in plain language", async () => {
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/explain`, { key });
    expect(res.status).toBe(200);
    expect(res.body.explanation).toContain('Customers enter when they send the event "signed up".');
  });

  it('suggests optimisations from analytics, each an applicable graph with its diff', async () => {
    const res = await call(gateway, 'POST', `/v1/journeys/${journeyId}/suggestions`, {
      key,
      body: {
        analytics: [
          { nodeId: 'email_1', entered: 1000, opened: 90 },
          { nodeId: 'wait_1', entered: 900, droppedOff: 400 },
        ],
      },
    });
    expect(res.status).toBe(200);
    const kinds = (res.body.suggestions as { kind: string }[]).map((s) => s.kind);
    expect(kinds).toEqual(['add_reminder', 'shorten_wait', 'add_frequency_cap']);
    for (const s of res.body.suggestions as { graph: unknown }[])
      expect(validateGraph(s.graph).errors).toEqual([]);
  });

  it('answers 404 for an unknown journey', async () => {
    expect((await call(gateway, 'POST', '/v1/journeys/j999/explain', { key })).status).toBe(404);
  });
});
