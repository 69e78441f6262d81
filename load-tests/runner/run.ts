/**
 * Runs a scenario of ../scenarios.ts from Node, the same traffic the k6 scripts offer, against a
 * running Kalcifer (`npm start`), and judges it by the same thresholds:
 *
 *   npm run build
 *   KALCIFER_URL=http://127.0.0.1:8080 KALCIFER_API_KEY=kal_... \
 *     node load-tests/dist/runner/run.js events [--rate 100] [--duration 60] [--connections 50]
 *
 * Prints one line of figures, a line of where the time went, then one JSON object; exits 1 when
 * a threshold is missed. Like k6's constant-arrival-rate it is an open loop (runner/open-loop.ts):
 * requests leave at the rate whatever the latency, with at most `--connections` in flight (default
 * ten seconds' worth); a request due beyond that bound is not sent and counts as an error.
 */
import {
  LOAD_JOURNEY,
  PUBLISH_BODY,
  ROUTES,
  SCENARIOS,
  enrollment,
  eventBatch,
  isEnrollment,
  EVENT_BATCH,
  type ScenarioName,
} from '../scenarios';
import { openLoop } from './open-loop';
import { measureWhereTimeGoes, type Breakdown } from './where-time-goes';

export interface RunOptions {
  baseUrl: string;
  apiKey: string;
  scenario: ScenarioName;
  rate?: number;
  durationSeconds?: number;
  connections?: number;
}

export interface RunResult {
  scenario: ScenarioName;
  /** Requests per second offered, and answered (any status). */
  offeredRate: number;
  achievedRate: number;
  /** The sending window (s). */
  seconds: number;
  /** Requests answered (any status). */
  requests: number;
  /** Events accepted (event batches answered 202, times the batch size) and enrollments accepted. */
  eventsAccepted: number;
  enrollmentsAccepted: number;
  latencyMs: { p50: number; p99: number; max: number };
  /**
   * Scenarios that enroll: journey start as the request sent -> the first node executed (the
   * `node_entered` time of the customer's trace), over a sample of the accepted enrollments.
   */
  firstNodeMs?: { p50: number; p99: number; max: number; sampled: number; notStarted: number };
  errors: number;
  errorRate: number;
  thresholds: { p99Ms: number; maxErrorRate: number };
  /** The gateway's own latency and CPU for the scenario's main route, the runner's CPU and loop delay. */
  breakdown?: Breakdown;
  passed: boolean;
  /** Why it failed, one reason per missed threshold (empty when passed). */
  failures: string[];
}

async function post(opts: RunOptions, route: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${opts.baseUrl}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${route} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The journey customers are enrolled into, launched through the API like k6's setup does. */
async function launchJourney(opts: RunOptions): Promise<string> {
  const { id } = (await post(opts, ROUTES.journeys, LOAD_JOURNEY)) as { id: string };
  await post(opts, ROUTES.publish(id), PUBLISH_BODY);
  await post(opts, ROUTES.activate(id), {});
  return id;
}

export async function runScenario(opts: RunOptions): Promise<RunResult> {
  const scenario = SCENARIOS[opts.scenario];
  const rate = opts.rate ?? scenario.rate;
  const duration = opts.durationSeconds ?? scenario.durationSeconds;
  const run = Date.now().toString(36);
  const journeyId = scenario.enrollShare > 0 ? await launchJourney(opts) : null;
  let eventsAccepted = 0;
  let enrollmentsAccepted = 0;
  let non2xx = 0;
  const headers = { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' };
  const route = scenario.enrollShare >= 1 ? '/v1/journeys/{id}/enrollments' : ROUTES.events;
  const enrolls = (i: number) => journeyId !== null && isEnrollment(scenario, i);
  const measured = await measureWhereTimeGoes(opts.baseUrl, route);
  const enrollSentAt = new Map<number, number>();
  const enrollAccepted: number[] = [];

  // Open loop, as k6's constant-arrival-rate: requests leave at the rate whatever the answers'
  // latency, so a slow answer is measured as slow instead of delaying the requests behind it.
  const result = await openLoop({
    baseUrl: opts.baseUrl,
    rate,
    durationSeconds: duration,
    maxInFlight: opts.connections ?? Math.min(2_000, Math.max(16, rate * 10)),
    timeoutMs: 10_000,
    request: (i) => {
      if (enrolls(i)) enrollSentAt.set(i, Date.now());
      return {
        method: 'POST',
        path: enrolls(i) ? ROUTES.enroll(journeyId as string) : ROUTES.events,
        headers,
        body: JSON.stringify(enrolls(i) ? enrollment(run, i) : eventBatch(run, i)),
      };
    },
    onResponse: (i, status) => {
      if (status !== 202) non2xx++;
      else if (enrolls(i)) {
        enrollmentsAccepted++;
        enrollAccepted.push(i);
      } else eventsAccepted += EVENT_BATCH;
    },
  });
  const breakdown = await measured();
  const firstNodeMs =
    enrollAccepted.length > 0 ? await firstNodeLatency(opts, run, enrollAccepted, enrollSentAt) : undefined;
  const requests = result.answered;
  // Not answered in time, and due but not sent (the runner's bound reached) count as errors.
  const errors = result.noAnswer + result.notSent + non2xx;
  const errorRate = result.sent + result.notSent === 0 ? 1 : errors / (result.sent + result.notSent);
  const failures: string[] = [];
  if (result.latencyMs.p99 > scenario.thresholds.p99Ms)
    failures.push(`p99 ${result.latencyMs.p99} ms > ${scenario.thresholds.p99Ms} ms`);
  if (errorRate > scenario.thresholds.maxErrorRate)
    failures.push(`error rate ${errorRate.toFixed(4)} > ${scenario.thresholds.maxErrorRate}`);
  if (requests === 0) failures.push('no request was sent');
  return {
    scenario: scenario.name,
    offeredRate: rate,
    achievedRate: Math.round((requests / result.seconds) * 10) / 10,
    seconds: result.seconds,
    requests,
    eventsAccepted,
    enrollmentsAccepted,
    latencyMs: result.latencyMs,
    ...(firstNodeMs ? { firstNodeMs } : {}),
    errors,
    errorRate,
    thresholds: scenario.thresholds,
    ...(breakdown ? { breakdown } : {}),
    passed: failures.length === 0,
    failures,
  };
}

/** Accepted enrollments whose first node's time is read from their trace: spread over the run. */
const FIRST_NODE_SAMPLES = 200;

/**
 * Request sent -> first node executed, over up to FIRST_NODE_SAMPLES accepted enrollments spread
 * evenly over the run (as bench/engine.bench.ts measures journey start). The trace's time is the
 * orchestrator's clock, the send time the runner's: the same machine's.
 */
async function firstNodeLatency(
  opts: RunOptions,
  run: string,
  accepted: number[],
  sentAt: Map<number, number>,
): Promise<NonNullable<RunResult['firstNodeMs']>> {
  const sorted = [...accepted].sort((a, b) => a - b);
  const step = Math.max(1, sorted.length / FIRST_NODE_SAMPLES);
  const sample = [];
  for (let k = 0; k < sorted.length && sample.length < FIRST_NODE_SAMPLES; k += step)
    sample.push(sorted[Math.floor(k)]);
  const latencies: number[] = [];
  let notStarted = 0;
  const deadline = Date.now() + 30_000;
  const readFirstNode = async (n: number) => {
    for (;;) {
      const res = await fetch(`${opts.baseUrl}/v1/customers/${enrollment(run, n).customerId}/trace`, {
        headers: { authorization: `Bearer ${opts.apiKey}` },
      });
      const trace = res.ok
        ? ((await res.json()) as { entries: Array<{ at: string; type: string }> })
        : undefined;
      const first = trace?.entries.find((e) => e.type === 'node_entered');
      if (first) {
        latencies.push(Date.parse(first.at) - (sentAt.get(n) ?? NaN));
        return;
      }
      if (Date.now() > deadline) {
        notStarted++;
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  // A few readers at once: the traces are read after the load, so this adds little to the run.
  const queue = [...sample];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await readFirstNode(n);
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? 0, sampled: latencies.length, notStarted };
}

/** One line: the gateway's share of the latency and who used the CPU. */
export function describeBreakdown(b: Breakdown): string {
  return (
    `where the time went: the gateway's own answer p50 <= ${b.gatewayMs.p50} ms, p99 <= ${b.gatewayMs.p99} ms ` +
    `(its histogram, ${b.gatewayMs.requests} requests); gateway CPU ${b.gatewayCpuPercent}% of a core, ` +
    `runner CPU ${b.runnerCpuPercent}%, runner event-loop delay p99 ${b.runnerLoopDelayMs.p99} ms ` +
    `max ${b.runnerLoopDelayMs.max} ms`
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
  const name = args[0] as ScenarioName;
  if (!(name in SCENARIOS))
    throw new Error(`name a scenario: ${Object.keys(SCENARIOS).join(', ')} (got "${args[0] ?? ''}")`);
  const apiKey = process.env.KALCIFER_API_KEY;
  if (!apiKey) throw new Error('set KALCIFER_API_KEY to an editor or admin API key of the workspace to load');
  const r = await runScenario({
    baseUrl: process.env.KALCIFER_URL ?? 'http://127.0.0.1:8080',
    apiKey,
    scenario: name,
    rate: flag(args, 'rate'),
    durationSeconds: flag(args, 'duration'),
    connections: flag(args, 'connections'),
  });
  process.stdout.write(
    `${r.scenario}: ${r.requests} requests at ${r.achievedRate}/s (offered ${r.offeredRate}/s), ` +
      `${r.eventsAccepted} events and ${r.enrollmentsAccepted} enrollments accepted, ` +
      `latency p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms, errors ${r.errors}` +
      (r.firstNodeMs
        ? `, start (request -> first node) p50 ${r.firstNodeMs.p50} ms p99 ${r.firstNodeMs.p99} ms ` +
          `over ${r.firstNodeMs.sampled} sampled (${r.firstNodeMs.notStarted} not started)`
        : '') +
      ': ' +
      `${r.passed ? 'PASS' : `FAIL (${r.failures.join('; ')})`}\n` +
      (r.breakdown ? `${describeBreakdown(r.breakdown)}\n` : '') +
      `${JSON.stringify(r)}\n`,
  );
  if (!r.passed) process.exitCode = 1;
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  });
