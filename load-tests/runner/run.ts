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
  offeredRate: number;
  achievedRate: number;
  /** Requests answered (any status). */
  requests: number;
  /** Events accepted (event batches answered 202, times the batch size) and enrollments accepted. */
  eventsAccepted: number;
  enrollmentsAccepted: number;
  latencyMs: { p50: number; p99: number; max: number };
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

  // Open loop, as k6's constant-arrival-rate: requests leave at the rate whatever the answers'
  // latency, so a slow answer is measured as slow instead of delaying the requests behind it.
  const result = await openLoop({
    baseUrl: opts.baseUrl,
    rate,
    durationSeconds: duration,
    maxInFlight: opts.connections ?? Math.min(2_000, Math.max(16, rate * 10)),
    timeoutMs: 10_000,
    request: (i) => ({
      method: 'POST',
      path: enrolls(i) ? ROUTES.enroll(journeyId as string) : ROUTES.events,
      headers,
      body: JSON.stringify(enrolls(i) ? enrollment(run, i) : eventBatch(run, i)),
    }),
    onResponse: (i, status) => {
      if (status !== 202) non2xx++;
      else if (enrolls(i)) enrollmentsAccepted++;
      else eventsAccepted += EVENT_BATCH;
    },
  });
  const breakdown = await measured();
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
    requests,
    eventsAccepted,
    enrollmentsAccepted,
    latencyMs: result.latencyMs,
    errors,
    errorRate,
    thresholds: scenario.thresholds,
    ...(breakdown ? { breakdown } : {}),
    passed: failures.length === 0,
    failures,
  };
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
      `latency p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms, errors ${r.errors}: ` +
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
