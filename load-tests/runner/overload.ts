/**
 * The backpressure scenario (NFR-2.4): at twice the sustainable ingest rate the gateway refuses
 * what it cannot take (429/503 with Retry-After), loses nothing it accepted, and its memory stays
 * bounded. Against a running Kalcifer with the real orchestrator behind it:
 *
 *   KALCIFER_URL=http://127.0.0.1:8080 KALCIFER_API_KEY=kal_... NATS_URL=nats://127.0.0.1:4222 \
 *     node load-tests/dist/runner/overload.js [--sustainable 5000] [--duration 15] [--gateway-pid N]
 *
 * 1. Launches a journey (manual entry -> wait_for_event `overload_go` -> end) and enrolls one
 *    waiting customer per event batch it expects to offer.
 * 2. Measures the sustainable ingest rate (unless given): event batches as fast as a few
 *    connections get answers (a closed loop) for a few seconds, the events accepted per second.
 * 3. Offers twice that rate for the duration in an open loop (runner/open-loop.ts: batches leave
 *    at the rate whatever the answers' latency, up to a bound of requests in flight); each batch
 *    carries one `overload_go` for its own waiting customer, the rest are `page_viewed`. Every
 *    event has an id, so what was accepted is known exactly.
 * 4. Samples the gateway's RSS throughout (/proc/<pid>/status, else its /metrics).
 * 5. Afterwards: every accepted id is in the KALCIFER_EVENTS stream and no refused one is; the
 *    orchestrator's events consumer drains to zero; exactly the customers whose `overload_go`
 *    was accepted have completed the journey, the others still wait.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { EVENT_BATCH, ROUTES, PUBLISH_BODY } from '../scenarios';
import { eventsBacklog, lastSeq, storedEventIds } from './events-stream';
import { openLoop } from './open-loop';
import { measureWhereTimeGoes, type Breakdown } from './where-time-goes';

const GO_EVENT = 'overload_go';
/** A batch of the overload phase without a complete answer by then counts as unanswered. */
const TIMEOUT_MS = 10_000;
/** Sockets the runner opens at most (the file-descriptor limit is usually far above). */
const MAX_CONNECTIONS = 10_000;
/**
 * Share of the batches sent that may go without any answer (neither accepted nor refused) within
 * TIMEOUT_MS: NFR-2.4 asks the gateway to answer what it cannot take, not to leave it hanging.
 */
const MAX_NO_ANSWER_SHARE = 0.01;
/** The orchestrator must drain the backlog at no less than this share of the sustainable rate. */
const MIN_DRAIN_SHARE = 1 / 3;

export const OVERLOAD_JOURNEY = {
  name: 'overload test',
  graph: {
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      { id: 'await', type: 'wait_for_event', config: { event: GO_EVENT } },
      { id: 'done', type: 'end', config: {} },
    ],
    edges: [
      { from: 'entry', to: 'await', output: 'next' },
      { from: 'await', to: 'done', output: 'event' },
    ],
  },
};

export interface OverloadOptions {
  baseUrl: string;
  apiKey: string;
  natsUrl: string;
  /** Events/s the stack sustains; measured by a probe when absent. */
  sustainableRate?: number;
  probeSeconds?: number;
  durationSeconds?: number;
  /**
   * Requests in flight at most in the overload phase (keep-alive connections). Default: a request
   * timeout's worth of the rate and one second more (at most 10,000): every request ends by its
   * deadline, so the bound never holds back a due batch and the rate holds however slow the answers.
   */
  connections?: number;
  /** The gateway's pid, for its RSS from /proc; otherwise read from its /metrics. */
  gatewayPid?: number;
  /** The gateway's RSS (MB) must stay below this during the run. */
  rssBoundMb: number;
  /**
   * How long the orchestrator may take at least to drain the events after the load stops
   * (default 60 s); longer when what may be in the backlog needs it at a third of the sustainable rate.
   */
  drainDeadlineMs?: number;
  log?: (line: string) => void;
}

export interface OverloadResult {
  sustainableRate: number;
  /** Events a second the overload phase meant to offer (twice the sustainable rate, in whole batches). */
  targetRate: number;
  /** Events sent per second in the overload phase (requests sent x batch size / s). */
  offeredRate: number;
  /** Batches (requests) sent in the overload phase. */
  sent: number;
  /** Events per request, in the probe and the overload phase alike. */
  batchSize: number;
  acceptedRate: number;
  requests: number;
  accepted: number;
  refused: number;
  refusedShare: number;
  /** Refusals by status, e.g. {"503": 120}. */
  refusedByStatus: Record<string, number>;
  refusalsWithRetryAfter: number;
  /** Answers neither 202 nor 429/503. */
  otherAnswers: number;
  /** Requests sent that got no complete answer (error, timeout). */
  noAnswer: number;
  /** Of `noAnswer`: no answer within the request timeout, and cut off by a connection error. */
  noAnswerBy: { timeout: number; error: number };
  /** The request timeout (ms) of the overload phase. */
  timeoutMs: number;
  /** Batches due that the runner did not send: its bound of requests in flight was reached. */
  notSent: number;
  /** Of the overload phase's answered requests. */
  latencyMs: { p50: number; p99: number; max: number };
  /** Batches sent whose answer never came (timed out or cut off by the end of the run). */
  unanswered: number;
  acceptedEvents: number;
  /** Accepted event ids missing from the events stream. */
  lost: number;
  /** Event ids of refused requests found in the stream anyway. */
  refusedButStored: number;
  drained: boolean;
  drainMs: number;
  /** How long the drain was allowed. */
  drainDeadlineMs: number;
  customers: { waiting: number; expectedMovedOn: number; movedOn: number; missing: number; extra: number };
  rssMb: { baseline: number; peak: number; bound: number };
  /** The gateway's CPU and the runner's own CPU and event-loop delay during the overload phase. */
  breakdown?: Breakdown;
  passed: boolean;
  failures: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Percentile `q` of `values` (ms, rounded). */
const p = (values: number[], q: number) =>
  Math.round(
    [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0,
  );

class Client {
  constructor(private readonly opts: OverloadOptions) {}

  async call(method: string, route: string, body?: unknown): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.opts.baseUrl}${route}`, {
        method,
        headers: { authorization: `Bearer ${this.opts.apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if ((res.status === 429 || res.status === 503) && attempt < 20) {
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${text}`);
      return text ? JSON.parse(text) : undefined;
    }
  }

  async awaiting(journeyId: string): Promise<number> {
    const occ = (await this.call('GET', `/v1/journeys/${journeyId}/occupancy`)) as {
      nodes: Array<{ nodeId: string; customers: number }>;
    };
    return occ.nodes.filter((n) => n.nodeId === 'await').reduce((s, n) => s + n.customers, 0);
  }

  async completedCustomers(journeyId: string): Promise<Set<string>> {
    const out = new Set<string>();
    let cursor: string | null = null;
    do {
      const q = `journeyId=${journeyId}&status=completed&limit=200${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await this.call('GET', `/v1/instances?${q}`)) as {
        instances: Array<{ customerId: string }>;
        nextCursor: string | null;
      };
      for (const i of page.instances) out.add(i.customerId);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}

function rssSampler(opts: OverloadOptions): { sample: () => Promise<number> } {
  return {
    async sample() {
      if (opts.gatewayPid !== undefined) {
        const status = readFileSync(`/proc/${opts.gatewayPid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
      }
      const text = await (await fetch(`${opts.baseUrl}/metrics`)).text();
      return Number(/^process_resident_memory_bytes (\S+)/m.exec(text)?.[1] ?? NaN) / 2 ** 20;
    },
  };
}

interface Batch {
  events: Array<{ id: string; customerId: string; name: string; properties: Record<string, unknown> }>;
}

/** Batch `n` of the run: one `overload_go` for waiting customer n (while n < waiting), the rest noise. */
function batch(run: string, n: number, waiting: number): Batch {
  const events = [];
  for (let k = 0; k < EVENT_BATCH; k++) {
    const go = k === 0 && n < waiting;
    events.push({
      id: `ov-${run}-${n}-${k}`,
      customerId: go ? `ov-${run}-c${n}` : `ov-${run}-x${(n * EVENT_BATCH + k) % 10_000}`,
      name: go ? GO_EVENT : 'page_viewed',
      properties: { n, k },
    });
  }
  return { events };
}

/**
 * The sustainable rate: events accepted while a few connections send batches as fast as they are
 * answered (a closed loop, so the gateway is never asked for more than it takes), divided by the
 * time until the orchestrator has also consumed them all.
 */
async function probe(opts: OverloadOptions, run: string): Promise<number> {
  let n = 0;
  let accepted = 0;
  const seconds = opts.probeSeconds ?? 3;
  const result = await autocannon({
    url: opts.baseUrl,
    connections: 8,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
          path: ROUTES.events,
          body: JSON.stringify(batch(`${run}p`, n++, 0)),
        }),
        onResponse: (status) => {
          if (status === 202) accepted += EVENT_BATCH;
        },
      },
    ],
  });
  // Sustainable means ingested AND processed: the time includes the orchestrator's catching up.
  const started = Date.now() - result.duration * 1000;
  const deadline = Date.now() + (opts.drainDeadlineMs ?? 60_000);
  while ((await eventsBacklog(opts.natsUrl)) > 0 && Date.now() < deadline) await sleep(100);
  return Math.round(accepted / ((Date.now() - started) / 1000));
}

export async function runOverload(opts: OverloadOptions): Promise<OverloadResult> {
  const log = opts.log ?? (() => undefined);
  const api = new Client(opts);
  const run = Date.now().toString(36);
  const duration = opts.durationSeconds ?? 15;
  const rss = rssSampler(opts);
  const baseline = await rss.sample();

  const sustainableRate = opts.sustainableRate ?? (await probe(opts, run));
  const requestRate = Math.max(1, Math.ceil((2 * sustainableRate) / EVENT_BATCH));
  log(`sustainable ${sustainableRate} events/s; offering ${requestRate * EVENT_BATCH} events/s`);

  // One waiting customer per batch to be offered (plus a margin), enrolled before the load.
  const waiting = Math.ceil(requestRate * duration * 1.2);
  const { id: journeyId } = (await api.call('POST', ROUTES.journeys, OVERLOAD_JOURNEY)) as { id: string };
  await api.call('POST', ROUTES.publish(journeyId), PUBLISH_BODY);
  await api.call('POST', ROUTES.activate(journeyId), {});
  for (let from = 0; from < waiting; from += 1_000) {
    const enrollments = [];
    for (let j = from; j < Math.min(waiting, from + 1_000); j++)
      enrollments.push({ customerId: `ov-${run}-c${j}` });
    await api.call('POST', ROUTES.enroll(journeyId), { enrollments });
  }
  for (let deadline = Date.now() + 60_000; (await api.awaiting(journeyId)) < waiting;) {
    if (Date.now() > deadline) throw new Error(`the ${waiting} customers did not all reach the wait`);
    await sleep(250);
  }
  log(`${waiting} customers waiting for ${GO_EVENT}`);

  const startSeq = (await lastSeq(opts.natsUrl)) + 1;
  let peak = baseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rss.sample());
      await sleep(200);
    }
  })();

  const acceptedIds = new Set<string>();
  const refusedBatches: number[] = [];
  const answered = new Set<number>();
  const refusedByStatus: Record<string, number> = {};
  let refusalsWithRetryAfter = 0;
  let otherAnswers = 0;
  const acceptLatencies: number[] = [];
  const refuseLatencies: number[] = [];
  const headers = { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' };
  const measured = await measureWhereTimeGoes(opts.baseUrl, ROUTES.events);
  // Open loop: batches leave at the rate whatever the answers' latency, so the gateway's own
  // speed cannot lower what it is offered (a closed loop offers what it answers).
  const load = await openLoop({
    baseUrl: opts.baseUrl,
    rate: requestRate,
    durationSeconds: duration,
    maxInFlight: opts.connections ?? Math.min(MAX_CONNECTIONS, requestRate * (TIMEOUT_MS / 1000 + 1)),
    timeoutMs: TIMEOUT_MS,
    request: (i) => ({
      method: 'POST',
      path: ROUTES.events,
      headers,
      body: JSON.stringify(batch(run, i, waiting)),
    }),
    onResponse: (i, status, answerHeaders, ms) => {
      answered.add(i);
      (status === 202 ? acceptLatencies : refuseLatencies).push(ms);
      if (status === 202) {
        for (let k = 0; k < EVENT_BATCH; k++) acceptedIds.add(`ov-${run}-${i}-${k}`);
      } else if (status === 429 || status === 503) {
        refusedByStatus[status] = (refusedByStatus[status] ?? 0) + 1;
        refusedBatches.push(i);
        const retryAfter = Number(answerHeaders['retry-after']);
        if (Number.isFinite(retryAfter) && retryAfter > 0) refusalsWithRetryAfter++;
      } else otherAnswers++;
    },
  });
  const breakdown = await measured();
  const requests = load.answered;
  const refused = refusedBatches.length;
  const accepted = requests - refused - otherAnswers;
  log(
    `sent ${load.sent} requests in ${load.seconds.toFixed(1)} s (${load.notSent} due but not sent: ` +
      `runner at its in-flight bound): ${accepted} accepted, ${refused} refused, ${otherAnswers} other, ` +
      `${load.noAnswer} without an answer; latency p50 ${load.latencyMs.p50} ms p99 ${load.latencyMs.p99} ms ` +
      `(accepted p50 ${p(acceptLatencies, 0.5)} p99 ${p(acceptLatencies, 0.99)} ms, ` +
      `others p50 ${p(refuseLatencies, 0.5)} p99 ${p(refuseLatencies, 0.99)} ms)`,
  );

  // Drain: the orchestrator consumes every accepted event; RSS is sampled until it has. What may
  // be in the backlog: the accepted batches and the unanswered ones (they may have been stored).
  const drainStart = Date.now();
  const mayBeStored = (accepted + load.noAnswer) * EVENT_BATCH;
  const drainDeadlineMs = Math.max(
    opts.drainDeadlineMs ?? 60_000,
    Math.ceil((mayBeStored / (MIN_DRAIN_SHARE * sustainableRate)) * 1000),
  );
  const drainDeadline = drainStart + drainDeadlineMs;
  let drained = false;
  while (!drained && Date.now() < drainDeadline) {
    drained = (await eventsBacklog(opts.natsUrl)) === 0;
    if (!drained) await sleep(250);
  }
  const drainMs = Date.now() - drainStart;
  sampling = false;
  await sampler;

  const stored = await storedEventIds(opts.natsUrl, startSeq, `ov-${run}-`);
  const lost = [...acceptedIds].filter((id) => !stored.has(id)).length;
  const refusedButStored = refusedBatches.filter((b) => stored.has(`ov-${run}-${b}-0`)).length;

  const expected = new Set(
    [...acceptedIds].filter((id) => id.endsWith('-0')).map((id) => `ov-${run}-c${id.split('-')[2]}`),
  );
  // The last steps may still be committing after the consumer acked; give them a moment.
  const settleDeadline = Date.now() + 30_000;
  while ((await api.awaiting(journeyId)) > waiting - expected.size && Date.now() < settleDeadline)
    await sleep(250);
  const movedOn = await api.completedCustomers(journeyId);
  const missing = [...expected].filter((c) => !movedOn.has(c)).length;
  // A batch without an answer (timed out, or cut off by the end of the run) may have been stored:
  // its client would resend the same ids. Its customer may move on; any other may not.
  const unanswered = load.sent - answered.size;
  const extra = [...movedOn].filter((c) => {
    const batchNo = Number(c.slice(`ov-${run}-c`.length));
    return !expected.has(c) && answered.has(batchNo);
  }).length;

  const offeredRate = Math.round((load.sent * EVENT_BATCH) / load.seconds);
  const figures: Omit<OverloadResult, 'passed' | 'failures'> = {
    sustainableRate,
    offeredRate,
    sent: load.sent,
    batchSize: EVENT_BATCH,
    targetRate: requestRate * EVENT_BATCH,
    acceptedRate: Math.round((accepted * EVENT_BATCH) / load.seconds),
    requests,
    accepted,
    refused,
    refusedShare: requests === 0 ? 0 : refused / requests,
    refusedByStatus,
    refusalsWithRetryAfter,
    otherAnswers,
    noAnswer: load.noAnswer,
    noAnswerBy: load.noAnswerBy,
    timeoutMs: TIMEOUT_MS,
    notSent: load.notSent,
    latencyMs: load.latencyMs,
    unanswered,
    acceptedEvents: acceptedIds.size,
    lost,
    refusedButStored,
    drained,
    drainMs,
    drainDeadlineMs,
    customers: { waiting, expectedMovedOn: expected.size, movedOn: movedOn.size, missing, extra },
    rssMb: { baseline: Math.round(baseline), peak: Math.round(peak), bound: opts.rssBoundMb },
    ...(breakdown ? { breakdown } : {}),
  };
  const failures = overloadFailures(figures);
  return { ...figures, passed: failures.length === 0, failures };
}

/** 2x is asked; the timer's granularity and whole batches may leave a little less. */
const MIN_OFFERED_RATIO = 1.9;
const ratio = (a: number, b: number) => `${b > 0 ? (a / b).toFixed(2) : '?'}x`;
const pct = (a: number, b: number) => `${b > 0 ? ((a / b) * 100).toFixed(1) : '0'}%`;

/** Why a run misses NFR-2.4, one reason per criterion (empty when it meets it). */
export function overloadFailures(r: Omit<OverloadResult, 'passed' | 'failures'>): string[] {
  const failures: string[] = [];
  if (r.offeredRate < MIN_OFFERED_RATIO * r.sustainableRate)
    failures.push(
      `offered only ${r.offeredRate} events/s, ${ratio(r.offeredRate, r.sustainableRate)} the sustainable ` +
        `${r.sustainableRate}/s (under ${MIN_OFFERED_RATIO}x)`,
    );
  if (r.refused === 0) failures.push('nothing was refused at twice the sustainable rate');
  if (r.noAnswer > MAX_NO_ANSWER_SHARE * r.sent)
    failures.push(
      `${r.noAnswer} of ${r.sent} requests (${pct(r.noAnswer, r.sent)}) got no answer ` +
        `(${r.noAnswerBy.timeout} none within ${r.timeoutMs / 1000} s, ${r.noAnswerBy.error} cut off), ` +
        `neither accepted nor refused (over ${MAX_NO_ANSWER_SHARE * 100}%)`,
    );
  if (r.refusalsWithRetryAfter < r.refused)
    failures.push(`${r.refused - r.refusalsWithRetryAfter} refusals without Retry-After`);
  if (r.lost > 0) failures.push(`${r.lost} accepted events are not in the events stream`);
  if (r.refusedButStored > 0) failures.push(`${r.refusedButStored} refused batches were stored anyway`);
  if (!r.drained)
    failures.push(
      `the orchestrator's events consumer did not drain within ${Math.round(r.drainDeadlineMs / 1000)} s`,
    );
  if (r.customers.missing > 0 || r.customers.extra > 0)
    failures.push(
      `customers moved on: ${r.customers.missing} missing, ${r.customers.extra} without an accepted event`,
    );
  if (!(r.rssMb.peak < r.rssMb.bound))
    failures.push(`gateway RSS peaked at ${r.rssMb.peak} MB >= ${r.rssMb.bound} MB`);
  return failures;
}

/** The figures NFR-2.4 is judged by, as the report prints them. */
export function overloadSummary(r: OverloadResult): string {
  const byStatus = Object.entries(r.refusedByStatus)
    .map(([status, count]) => `${status}: ${count}`)
    .join(', ');
  const notSent =
    r.notSent > 0 ? `, ${r.notSent} batches due but not sent (runner at its in-flight bound)` : '';
  return (
    `offered ${r.offeredRate} events/s open-loop = ${ratio(r.offeredRate, r.sustainableRate)} the sustainable ` +
    `${r.sustainableRate}/s (both in batches of ${r.batchSize}; target ${r.targetRate}/s${notSent}), ` +
    `accepted ${r.acceptedRate}/s (${ratio(r.acceptedRate, r.sustainableRate)} sustainable); ` +
    `of ${r.sent} requests: ${r.accepted} accepted, ${r.refused} refused${byStatus ? ` (${byStatus})` : ''}, ` +
    `${r.noAnswer} no answer (${pct(r.noAnswer, r.sent)}); answer p99 ${r.latencyMs.p99} ms; ` +
    `Retry-After on all refusals: ${r.refused > 0 && r.refusalsWithRetryAfter === r.refused ? 'yes' : 'no'}, ` +
    `accepted lost: ${r.lost}, gateway RSS peak ${r.rssMb.peak} MB (bound ${r.rssMb.bound} MB)`
  );
}

function flag(args: string[], name: string): number | undefined {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`);
  return value;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const apiKey = process.env.KALCIFER_API_KEY;
  if (!apiKey) throw new Error('set KALCIFER_API_KEY to an editor or admin API key of the workspace to load');
  const r = await runOverload({
    baseUrl: process.env.KALCIFER_URL ?? 'http://127.0.0.1:8080',
    apiKey,
    natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    sustainableRate: flag(args, 'sustainable'),
    durationSeconds: flag(args, 'duration'),
    connections: flag(args, 'connections'),
    gatewayPid: flag(args, 'gateway-pid'),
    rssBoundMb: flag(args, 'rss-bound-mb') ?? 512,
    log: (l) => process.stdout.write(`${l}\n`),
  });
  process.stdout.write(
    `overload: ${overloadSummary(r)}: ${r.passed ? 'PASS' : `FAIL (${r.failures.join('; ')})`}\n` +
      `${JSON.stringify(r)}\n`,
  );
  if (!r.passed) process.exitCode = 1;
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  });
