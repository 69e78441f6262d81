/**
 * A local HTTP server speaking the Gemini REST API (v1beta generateContent, and
 * streamGenerateContent with server-sent events), answering from a script, for the SDK to be
 * tested against with its `baseUrl` request option.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedAnswer =
  { text: string; chunks?: number; delayMs?: number } | { status: number; message: string };

export interface RecordedRequest {
  path: string;
  apiKey: string | undefined;
  /** The W3C trace context the caller sent (the request's trace, continued). */
  traceparent: string | undefined;
  body: {
    contents: { role: string; parts: { text: string }[] }[];
    systemInstruction?: unknown;
    generationConfig?: { responseMimeType?: string; responseSchema?: unknown };
  };
}

export interface FakeGemini {
  baseUrl: string;
  requests: RecordedRequest[];
  script: ScriptedAnswer[];
  close(): Promise<void>;
}

const candidate = (text: string, done: boolean) => ({
  candidates: [
    { content: { role: 'model', parts: [{ text }] }, index: 0, ...(done ? { finishReason: 'STOP' } : {}) },
  ],
});

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeGemini(script: ScriptedAnswer[] = [], port = 0): Promise<FakeGemini> {
  const requests: RecordedRequest[] = [];
  const state = { script };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = JSON.parse(await readBody(req)) as RecordedRequest['body'];
      requests.push({
        path: req.url ?? '',
        apiKey: req.headers['x-goog-api-key'] as string | undefined,
        traceparent: req.headers.traceparent as string | undefined,
        body,
      });
      const answer = state.script.shift() ?? {
        status: 500,
        message: 'the fake server has no answer scripted',
      };
      if ('status' in answer) {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { code: answer.status, message: answer.message, status: 'INTERNAL' } }),
        );
        return;
      }
      if (!/:streamGenerateContent\?alt=sse$/.test(req.url ?? '')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(candidate(answer.text, true)));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const count = answer.chunks ?? 4;
      const size = Math.ceil(answer.text.length / count);
      for (let i = 0; i < count; i += 1) {
        const piece = answer.text.slice(i * size, (i + 1) * size);
        res.write(`data: ${JSON.stringify(candidate(piece, i === count - 1))}\r\n\r\n`);
        if (answer.delayMs !== undefined) await sleep(answer.delayMs);
      }
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    requests,
    get script() {
      return state.script;
    },
    set script(next: ScriptedAnswer[]) {
      state.script = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
