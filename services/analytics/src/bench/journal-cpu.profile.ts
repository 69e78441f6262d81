/**
 * Where analytics' CPU per journal entry goes: `STEPS` (default 4,000) journal messages of 2,000
 * customers (two steps each, as node-figures.bench.ts: entry, split, wait; then the wait's exit,
 * goal, completion) handled as the journal consumer handles them (JSON decode, the platform's
 * trace and log scopes, the schema check, RecordJournalStep into the store with its counters), 32
 * at a time, against the real MongoDB-wire server. Prints CPU per message; run under
 * `node --cpu-prof` for the profile:
 *
 *   npx tsc -b services/analytics && node --cpu-prof --cpu-prof-dir=/tmp/analytics-prof \
 *     services/analytics/dist/bench/journal-cpu.profile.js
 *
 * Uses MONGODB_URL; only its own database (kalcifer_analytics_profile, dropped at start).
 */
import type { JournalMessage } from '@kalcifer/contracts';
import {
  SpanKind,
  beginWork,
  connectMongo,
  extractContext,
  initTelemetry,
  logContextOf,
  runInContext,
  withLogContext,
} from '@kalcifer/platform';
import { RecordJournalStep } from '../application/record-journal-step';
import { MongoJourneyEventStore } from '../infrastructure/mongo-journey-event-store';
import { journalMessageSchema } from '../transport/journal-message.schema';

const STEPS = Number(process.env.STEPS ?? 4_000);
const CONCURRENCY = 32;
const T0 = Date.UTC(2026, 0, 1);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function steps(k: number): Array<{ id: string; bytes: Uint8Array }> {
  const base = { workspaceId: 'ws', journeyId: 'j', version: 1, instanceId: `i${k}`, customerId: `c${k}` };
  const at = T0 + k * 1_000;
  const later = at + 60_000;
  const v = k % 2 === 0 ? 'a' : 'b';
  const out = (nodeId: string, when: number, output: string) => ({
    type: 'node.exited' as const,
    at: when,
    nodeId,
    tokenId: 't',
    data: { output },
  });
  const first: JournalMessage = {
    ...base,
    events: [
      { type: 'journey.entered', at },
      { type: 'node.entered', at, nodeId: 'entry', tokenId: 't' },
      out('entry', at, 'next'),
      { type: 'node.entered', at, nodeId: 'split', tokenId: 't' },
      out('split', at, `variant:${v}`),
      { type: 'node.entered', at, nodeId: `wait_${v}`, tokenId: 't' },
    ],
  };
  const second: JournalMessage = {
    ...base,
    events: [
      out(`wait_${v}`, later, 'next'),
      { type: 'node.entered', at: later, nodeId: 'goal', tokenId: 't' },
      { type: 'goal.reached', at: later, nodeId: 'goal', tokenId: 't' },
      { type: 'journey.completed', at: later },
    ],
  };
  return [first, second].map((m, i) => ({
    id: `journal:i${k}:${i + 1}`,
    bytes: encoder.encode(JSON.stringify(m)),
  }));
}

async function main(): Promise<void> {
  initTelemetry('analytics-profile', {});
  const conn = await connectMongo(
    process.env.MONGODB_URL ?? 'mongodb://127.0.0.1:27017',
    'kalcifer_analytics_profile',
  );
  await conn.db!.dropDatabase();
  const store = new MongoJourneyEventStore(conn);
  await store.init();
  const record = new RecordJournalStep(store);
  // Customers' first steps, then their second steps (a wait in between, as in a real journey).
  const customers = Array.from({ length: STEPS / 2 }, (_, k) => steps(k));
  const messages = [...customers.map((s) => s[0]), ...customers.map((s) => s[1])];

  const handle = async (m: { id: string; bytes: Uint8Array }) => {
    const body = JSON.parse(decoder.decode(m.bytes)) as unknown;
    const work = beginWork(
      'analytics-journal',
      SpanKind.CONSUMER,
      extractContext(() => undefined),
    );
    await runInContext(work.ctx, () =>
      withLogContext(logContextOf(body), async () => {
        const parsed = journalMessageSchema.safeParse(body);
        if (!parsed.success) throw new Error(parsed.error.message);
        await record.execute(parsed.data, m.id);
      }),
    );
  };

  const started = Date.now();
  const cpu = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < messages.length) await handle(messages[next++]);
    }),
  );
  const used = process.cpuUsage(cpu);
  const events = messages.reduce(
    (n, m) => n + (JSON.parse(decoder.decode(m.bytes)) as JournalMessage).events.length,
    0,
  );
  console.log(
    JSON.stringify({
      messages: messages.length,
      events,
      wallMs: Date.now() - started,
      cpuUsPerMessage: Math.round((used.user + used.system) / messages.length),
      cpuUsPerEvent: Math.round((used.user + used.system) / events),
    }),
  );
  await conn.db!.dropDatabase();
  await conn.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
