/**
 * Benchmark of the designer; prints JSON lines.
 *  1. Offline: briefs designed per second over the brief corpus (BENCH_ROUNDS rounds, default 20).
 *  2. Streaming: for each corpus brief, the time to the first streamed piece and to the whole turn
 *     of a StreamMessage call to the ai-designer (in-process, real gRPC, real MongoDB) whose Gemini
 *     client talks to a local server speaking the Gemini REST format (answers streamed in
 *     BENCH_CHUNKS pieces, BENCH_CHUNK_DELAY_MS apart).
 *  3. With BENCH_GATEWAY_URL and BENCH_API_KEY: the same through the gateway's SSE endpoint
 *     (POST /v1/designer/sessions/stream) of a running stack whose ai-designer was started with
 *     GEMINI_API_KEY=bench GEMINI_BASE_URL=http://127.0.0.1:$BENCH_GEMINI_PORT (default 18911).
 *
 *   npx tsc -b services/ai-designer && node services/ai-designer/dist/bench/designer.bench.js
 *
 * Uses MONGODB_URL; its own database kalcifer_ai_designer_bench (dropped at start).
 */
import { credentials } from '@grpc/grpc-js';
import mongoose from 'mongoose';
import { aiDesignerGrpc } from '@kalcifer/contracts';
import { bootstrap } from '../app';
import { BRIEF_CORPUS } from '../domain/design/corpus/brief-corpus';
import { designOffline } from '../domain/design/offline-designer';
import { startFakeGemini, type ScriptedAnswer } from './gemini-format-server';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = env('BENCH_ROUNDS', 20);
const CHUNKS = env('BENCH_CHUNKS', 20);
const CHUNK_DELAY_MS = env('BENCH_CHUNK_DELAY_MS', 10);
const GEMINI_PORT = env('BENCH_GEMINI_PORT', 18911);
const DB = 'kalcifer_ai_designer_bench';
const briefs = BRIEF_CORPUS.map((c) => c.brief);

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 10) / 10;
};

/** The model's answer for a brief: the offline design, so every answer is a valid journey. */
const answerFor = (brief: string): ScriptedAnswer => {
  const { graph, explanation } = designOffline(brief);
  return { text: JSON.stringify({ explanation, graph }), chunks: CHUNKS, delayMs: CHUNK_DELAY_MS };
};

function offline(): void {
  for (const brief of briefs) designOffline(brief); // warm-up
  const start = performance.now();
  for (let round = 0; round < ROUNDS; round += 1) for (const brief of briefs) designOffline(brief);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    JSON.stringify({
      bench: 'offline designer',
      briefs: briefs.length * ROUNDS,
      briefsPerSecond: Math.round((briefs.length * ROUNDS) / seconds),
    }),
  );
}

async function grpcStreaming(): Promise<void> {
  const mongoUrl = process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017/kalcifer';
  const db = await mongoose.createConnection(mongoUrl, { dbName: DB }).asPromise();
  await db.dropDatabase();
  await db.close();
  const gemini = await startFakeGemini();
  const designer = await bootstrap({
    MONGODB_URL: mongoUrl,
    MONGODB_DB: DB,
    AI_DESIGNER_GRPC_ADDRESS: '127.0.0.1:0',
    HEALTH_PORT: '0',
    GEMINI_API_KEY: 'bench',
    GEMINI_BASE_URL: gemini.baseUrl,
    LOG_LEVEL: 'warn',
  });
  const client = new aiDesignerGrpc.AiDesignerClient(
    `127.0.0.1:${designer.grpcPort}`,
    credentials.createInsecure(),
  );
  const first: number[] = [];
  const total: number[] = [];
  try {
    for (const brief of briefs) {
      gemini.script = [answerFor(brief)];
      const start = performance.now();
      let firstAt: number | undefined;
      let designerName = '';
      for await (const event of client.streamMessage({
        workspaceId: 'bench',
        sessionId: '',
        message: brief,
      })) {
        const e = event as aiDesignerGrpc.DesignEvent;
        if (e.text !== undefined) firstAt ??= performance.now() - start;
        if (e.turn !== undefined) designerName = e.turn.designer;
      }
      if (designerName !== 'gemini')
        throw new Error(`the bench expected Gemini to answer, got ${designerName}`);
      first.push(firstAt ?? Number.NaN);
      total.push(performance.now() - start);
    }
  } finally {
    client.close();
    await designer.close();
    await gemini.close();
  }
  console.log(
    JSON.stringify({
      bench: 'ai-designer gRPC StreamMessage, Gemini-format server',
      briefs: briefs.length,
      chunks: CHUNKS,
      chunkDelayMs: CHUNK_DELAY_MS,
      firstPieceMs: { p50: percentile(first, 50), p99: percentile(first, 99), max: percentile(first, 100) },
      turnMs: { p50: percentile(total, 50), p99: percentile(total, 99), max: percentile(total, 100) },
    }),
  );
}

async function gatewaySse(gatewayUrl: string, apiKey: string): Promise<void> {
  const gemini = await startFakeGemini([], GEMINI_PORT);
  const first: number[] = [];
  try {
    for (const brief of briefs) {
      gemini.script = [answerFor(brief)];
      const start = performance.now();
      const res = await fetch(`${gatewayUrl}/v1/designer/sessions/stream`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ brief }),
      });
      const reader = res.body!.getReader();
      let firstAt: number | undefined;
      let text = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        text += new TextDecoder().decode(chunk.value as Uint8Array);
        if (firstAt === undefined && text.includes('event: text')) firstAt = performance.now() - start;
      }
      first.push(firstAt ?? Number.NaN);
      console.log(
        JSON.stringify({
          brief: brief.slice(0, 50),
          firstTokenMs: Math.round((firstAt ?? Number.NaN) * 10) / 10,
        }),
      );
    }
  } finally {
    await gemini.close();
  }
  console.log(
    JSON.stringify({
      bench: 'gateway SSE time to first token',
      briefs: briefs.length,
      p50: percentile(first, 50),
      p99: percentile(first, 99),
    }),
  );
}

async function main(): Promise<void> {
  offline();
  await grpcStreaming();
  if (process.env.BENCH_GATEWAY_URL !== undefined && process.env.BENCH_API_KEY !== undefined) {
    await gatewaySse(process.env.BENCH_GATEWAY_URL, process.env.BENCH_API_KEY);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
