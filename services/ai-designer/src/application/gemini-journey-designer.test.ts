import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { GeminiLanguageModel } from '../infrastructure/gemini-language-model';
import { startFakeGemini, type FakeGemini } from '../bench/gemini-format-server';
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

  it('falls back when the streaming call fails', async () => {
    server.script = [{ status: 500, message: 'internal' }];
    const { design } = await designer.designWithStream(BRIEF, () => undefined);
    expect(design.designer).toBe('offline');
  });
});
