import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { extractContext, initTelemetry, runInContext } from '@kalcifer/platform';
import { GeminiLanguageModel } from '../infrastructure/gemini-language-model';
import { startFakeGemini, type FakeGemini } from '../bench/gemini-format-server';
import { DesignError } from '../domain/design/design-error';
import type {
  DesignSession,
  DesignSessionStore,
  DesignTurn,
  SessionKey,
} from '../ports/design-session-store';
import { DesignConversation } from './design-conversation';
import { GeminiJourneyDesigner } from './gemini-journey-designer';

const VALID: JourneyGraph = {
  nodes: [
    { id: 'entry', type: 'event_entry', config: { event: 'signed_up' } },
    { id: 'welcome', type: 'send_email', config: { template: 'welcome' } },
    { id: 'vip', type: 'condition', config: { expression: "hasTag('vip')" } },
    { id: 'sms', type: 'send_sms', config: { body: 'Hi VIP' } },
    { id: 'end', type: 'exit', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'welcome', output: 'next' },
    { from: 'welcome', to: 'vip', output: 'next' },
    { from: 'vip', to: 'sms', output: 'true' },
    { from: 'vip', to: 'end', output: 'false' },
  ],
};
// The same journey without the condition's false branch: the validator says what to fix.
const MISSING_BRANCH: JourneyGraph = { ...VALID, edges: VALID.edges.filter((e) => e.output !== 'false') };
const answer = (graph: JourneyGraph, goal: unknown = null) =>
  JSON.stringify({
    explanation: 'Welcome everyone; VIPs also get an SMS.',
    graph: { ...graph, exitCriteria: null, goal },
  });

const BRIEF = 'When a customer signs up, send a welcome email. If they are a VIP, send an SMS.';

describe('the Gemini designer against a server speaking the Gemini REST API', () => {
  let server: FakeGemini;
  let designer: GeminiJourneyDesigner;

  beforeEach(async () => {
    server = await startFakeGemini();
    const model = new GeminiLanguageModel({
      apiKey: 'test-key',
      model: 'gemini-2.0-flash',
      baseUrl: server.baseUrl,
      timeoutMs: 5000,
    });
    designer = new GeminiJourneyDesigner(model, { maxAttempts: 3 });
  });
  afterEach(() => server.close());

  it('asks for JSON constrained by the journey schema and returns the valid graph it gets', async () => {
    server.script = [{ text: answer(VALID) }];
    const { design, attempts } = await designer.designWithStream(BRIEF);
    expect(design.designer).toBe('gemini');
    expect(attempts).toBe(1);
    expect(validateGraph(design.graph).errors).toEqual([]);
    expect(design.graph.nodes.every((n) => n.position !== undefined)).toBe(true);
    expect(design.graph.exitCriteria).toBeUndefined();
    const [request] = server.requests;
    expect(request?.path).toBe('/v1beta/models/gemini-2.0-flash:generateContent');
    expect(request?.apiKey).toBe('test-key');
    expect(request?.body.generationConfig?.responseMimeType).toBe('application/json');
    expect(JSON.stringify(request?.body.generationConfig?.responseSchema)).toContain('wait_for_event');
    expect(request?.body.contents[0]?.parts[0]?.text).toContain(BRIEF);
  });

  it("feeds the validator's errors back and accepts the repaired graph", async () => {
    server.script = [
      { text: answer(MISSING_BRANCH) },
      { text: answer(VALID, { event: 'purchase_completed' }) },
    ];
    const { design, attempts } = await designer.designWithStream(BRIEF);
    expect(attempts).toBe(2);
    expect(design.designer).toBe('gemini');
    expect(design.graph.goal).toEqual({ event: 'purchase_completed' });
    const repair = server.requests[1].body.contents;
    expect(repair.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    expect(repair[2].parts[0].text).toMatch(/not a valid journey:[\s\S]*"vip"[\s\S]*false/);
  });

  it('repairs an answer that is not JSON', async () => {
    server.script = [{ text: 'Sure! Here is your journey.' }, { text: answer(VALID) }];
    const { attempts } = await designer.designWithStream(BRIEF);
    expect(attempts).toBe(2);
    expect(server.requests[1].body.contents[2].parts[0].text).toContain('not JSON');
  });

  it('falls back to the offline designer after the last failed repair, and says so', async () => {
    server.script = [
      { text: answer(MISSING_BRANCH) },
      { text: answer(MISSING_BRANCH) },
      { text: answer(MISSING_BRANCH) },
    ];
    const { design, attempts, fallbackReason } = await designer.designWithStream(BRIEF);
    expect(attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
    expect(fallbackReason).toBe('no valid journey after the last repair');
    expect(design.designer).toBe('offline');
    expect(design.explanation).toMatch(/AI model was not used/);
    expect(validateGraph(design.graph).errors).toEqual([]);
  });

  it('falls back to the offline designer when the API answers with an error', async () => {
    server.script = [{ status: 503, message: 'The model is overloaded' }];
    const { design, fallbackReason } = await designer.designWithStream(BRIEF);
    expect(server.requests).toHaveLength(1);
    expect(fallbackReason).toMatch(/could not be reached.*503/);
    expect(design.designer).toBe('offline');
  });

  it('streams the answer over SSE piece by piece', async () => {
    server.script = [{ text: answer(VALID), chunks: 5 }];
    const pieces: string[] = [];
    const { design } = await designer.designWithStream(BRIEF, (piece) => pieces.push(piece));
    expect(server.requests[0]?.path).toBe('/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse');
    expect(pieces.length).toBe(5);
    expect(pieces.join('')).toBe(answer(VALID));
    expect(design.designer).toBe('gemini');
  });

  it("continues the caller's trace on the model call: a traceparent of its trace on the streaming request", async () => {
    initTelemetry('ai-designer', {}); // no exporter: ids only, as in production without a collector
    server.script = [{ text: answer(VALID), chunks: 3 }];
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const caller = extractContext((key) =>
      key === 'traceparent' ? `00-${traceId}-00f067aa0ba902b7-01` : undefined,
    );
    await runInContext(caller, () => designer.designWithStream(BRIEF, () => undefined));
    expect(server.requests[0]?.path).toContain(':streamGenerateContent');
    expect(server.requests[0]?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('falls back when the streaming call fails', async () => {
    server.script = [{ status: 500, message: 'internal' }];
    const { design } = await designer.designWithStream(BRIEF, () => undefined);
    expect(design.designer).toBe('offline');
  });
});

// The draft after "wait 2 days before the VIP SMS": one node added, one edge moved.
const REFINED: JourneyGraph = {
  nodes: [
    ...VALID.nodes.slice(0, 3),
    { id: 'wait_vip', type: 'wait', config: { duration: 'P2D' } },
    ...VALID.nodes.slice(3),
  ],
  edges: [
    ...VALID.edges.filter((e) => e.output !== 'true'),
    { from: 'vip', to: 'wait_vip', output: 'true' },
    { from: 'wait_vip', to: 'sms', output: 'next' },
  ],
};
const REFINED_MISSING_EDGE: JourneyGraph = {
  ...REFINED,
  edges: REFINED.edges.filter((e) => e.from !== 'wait_vip'),
};
const refinedAnswer = (graph: JourneyGraph) =>
  JSON.stringify({ explanation: 'Added a 2-day wait before the VIP SMS.', graph });

class MemorySessions implements DesignSessionStore {
  readonly sessions = new Map<string, DesignSession>();
  create(session: DesignSession): Promise<void> {
    this.sessions.set(session.id, structuredClone(session));
    return Promise.resolve();
  }
  get(key: SessionKey): Promise<DesignSession | null> {
    return Promise.resolve(structuredClone(this.sessions.get(key.sessionId) ?? null));
  }
  appendTurn(key: SessionKey, expectedTurns: number, turn: DesignTurn): Promise<boolean> {
    const session = this.sessions.get(key.sessionId);
    if (session === undefined || session.turns.length !== expectedTurns) return Promise.resolve(false);
    session.turns.push(turn);
    session.graph = turn.graph;
    return Promise.resolve(true);
  }
}

describe('refinement through the Gemini designer, against the Gemini-format server', () => {
  let server: FakeGemini;
  let designer: GeminiJourneyDesigner;

  beforeEach(async () => {
    server = await startFakeGemini();
    const model = new GeminiLanguageModel({
      apiKey: 'test-key',
      model: 'gemini-2.0-flash',
      baseUrl: server.baseUrl,
      timeoutMs: 5000,
    });
    designer = new GeminiJourneyDesigner(model, { maxAttempts: 3 });
  });
  afterEach(() => server.close());

  it('sends the current draft and the message, and returns the valid changed draft with its diff', async () => {
    server.script = [{ text: refinedAnswer(REFINED) }];
    const { refined, attempts } = await designer.refineWithStream(VALID, 'wait 2 days before the VIP SMS');
    expect(attempts).toBe(1);
    expect(refined.designer).toBe('gemini');
    expect(refined.summary).toBe('Added a 2-day wait before the VIP SMS.');
    expect(validateGraph(refined.graph).errors).toEqual([]);
    expect(refined.graph.nodes.every((n) => n.position !== undefined)).toBe(true);
    expect(refined.diff.addedNodes).toEqual(['wait_vip']);
    const request = server.requests[0].body.contents[0].parts[0].text;
    expect(request).toContain('wait 2 days before the VIP SMS');
    expect(request).toContain('"id":"vip"');
    expect(request).not.toContain('"position"');
  });

  it("feeds the validator's errors back on a refinement and accepts the repaired draft", async () => {
    server.script = [{ text: refinedAnswer(REFINED_MISSING_EDGE) }, { text: refinedAnswer(REFINED) }];
    const { refined, attempts } = await designer.refineWithStream(VALID, 'wait 2 days before the VIP SMS');
    expect(attempts).toBe(2);
    expect(refined.designer).toBe('gemini');
    const repair = server.requests[1].body.contents;
    expect(repair.map((c) => c.role)).toEqual(['user', 'model', 'user']);
    expect(repair[2].parts[0].text).toMatch(/not a valid journey:[\s\S]*"sms"/);
  });

  it('falls back to the offline refinement after the last failed repair, and says so', async () => {
    server.script = [1, 2, 3].map(() => ({ text: refinedAnswer(REFINED_MISSING_EDGE) }));
    const { refined, fallbackReason } = await designer.refineWithStream(
      VALID,
      'rename the welcome email to "Hello"',
    );
    expect(server.requests).toHaveLength(3);
    expect(fallbackReason).toBe('no valid journey after the last repair');
    expect(refined.designer).toBe('offline');
    expect(refined.notes[0]).toMatch(/AI model was not used/);
    expect(refined.graph.nodes.find((n) => n.id === 'welcome')?.name).toBe('Hello');
  });

  it('falls back when the API answers with an error, and refuses what neither designer can apply', async () => {
    server.script = [{ status: 503, message: 'The model is overloaded' }];
    const fallback = await designer.refineWithStream(VALID, 'rename the welcome email to "Hello"');
    expect(fallback.refined.designer).toBe('offline');
    expect(fallback.fallbackReason).toMatch(/could not be reached.*503/);

    server.script = [{ status: 503, message: 'The model is overloaded' }];
    const refused = designer.refineWithStream(VALID, 'make it sparkle');
    await expect(refused).rejects.toBeInstanceOf(DesignError);
    await expect(refused).rejects.toMatchObject({ code: 'instruction_not_understood' });
    await expect(refused).rejects.toThrow(/AI model was not used/);
  });

  it('streams a refinement piece by piece', async () => {
    server.script = [{ text: refinedAnswer(REFINED), chunks: 4 }];
    const pieces: string[] = [];
    const { refined } = await designer.refineWithStream(VALID, 'wait 2 days before the VIP SMS', (p) =>
      pieces.push(p),
    );
    expect(server.requests[0]?.path).toMatch(/:streamGenerateContent\?alt=sse$/);
    expect(pieces).toHaveLength(4);
    expect(refined.designer).toBe('gemini');
  });

  it('refuses an empty message without calling the model', async () => {
    await expect(designer.refineWithStream(VALID, '  ')).rejects.toMatchObject({ code: 'empty_brief' });
    expect(server.requests).toHaveLength(0);
  });

  it('sends every turn of a conversation through the model when a key is configured', async () => {
    const conversation = new DesignConversation(designer, new MemorySessions());
    server.script = [{ text: answer(VALID) }, { text: refinedAnswer(REFINED) }];
    const first = await conversation.start('ws-1', BRIEF);
    const second = await conversation.send(
      { workspaceId: 'ws-1', sessionId: first.sessionId },
      'wait 2 days before the VIP SMS',
    );
    expect(server.requests).toHaveLength(2);
    expect(first.designer).toBe('gemini');
    expect(second.designer).toBe('gemini');
    expect(second.turn).toBe(2);
    expect(second.diff?.addedNodes).toEqual(['wait_vip']);
    // The model was given the stored draft of turn 1.
    expect(server.requests[1].body.contents[0].parts[0].text).toContain('"id":"welcome"');
  });
});
