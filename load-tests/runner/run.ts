/**
 * Runs a scenario of ../scenarios.ts from Node with autocannon, the same traffic the k6 scripts
 * offer, against a running Kalcifer (`npm start`), and judges it by the same thresholds:
 *
 *   npm run build
 *   KALCIFER_URL=http://127.0.0.1:8080 KALCIFER_API_KEY=kal_... \
 *     node load-tests/dist/runner/run.js events [--rate 100] [--duration 60] [--connections 50]
 *
 * Prints one line of figures, then one JSON object; exits 1 when a threshold is missed.
 * autocannon paces requests to `overallRate` over a fixed pool of connections: when answers
 * slow down it sends fewer (a closed model), where k6's constant-arrival-rate keeps offering
 * the rate; so a run that falls short of its rate says so (`achievedRate`), never hides it.
 */
import autocannon from 'autocannon';
import {
  LOAD_JOURNEY,
  PUBLISH_BODY,
  ROUTES,
  SCENARIOS,
  enrollment,
  eventBatch,
  isEnrollment,
  type ScenarioName,
} from '../scenarios';
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
  let n = 0;
  let eventsAccepted = 0;
  let enrollmentsAccepted = 0;
  const headers = { authorization: `Bearer ${opts.apiKey}`, 'content-type': 'application/json' };
  const route = scenario.enrollShare >= 1 ? '/v1/journeys/{id}/enrollments' : ROUTES.events;
  const measured = await measureWhereTimeGoes(opts.baseUrl, route);

  const result = await autocannon({
    url: opts.baseUrl,
    connections: opts.connections ?? Math.min(100, Math.max(10, Math.ceil(rate / 4))),
    duration,
    overallRate: rate,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const i = n++;
          const enroll = journeyId !== null && isEnrollment(scenario, i);
          return {
            ...req,
            headers,
            path: enroll ? ROUTES.enroll(journeyId) : ROUTES.events,
            body: JSON.stringify(enroll ? enrollment(run, i) : eventBatch(run, i)),
          };
        },
        onResponse: (status, body) => {
          if (status !== 202) return;
          const accepted = (JSON.parse(body) as { accepted?: unknown }).accepted;
          if (typeof accepted === 'number') eventsAccepted += accepted;
          else enrollmentsAccepted += Array.isArray(accepted) ? accepted.length : 1;
        },
      },
    ],
  });

  const breakdown = await measured();
  // Answered requests (autocannon's `sent` also counts requests cut off by the end of the run).
  const requests = result.requests.total;
  const errors = result.errors + result.non2xx;
  const errorRate = requests === 0 ? 1 : errors / requests;
  const failures: string[] = [];
  if (result.latency.p99 > scenario.thresholds.p99Ms)
    failures.push(`p99 ${result.latency.p99} ms > ${scenario.thresholds.p99Ms} ms`);
  if (errorRate > scenario.thresholds.maxErrorRate)
    failures.push(`error rate ${errorRate.toFixed(4)} > ${scenario.thresholds.maxErrorRate}`);
  if (requests === 0) failures.push('no request was sent');
  return {
    scenario: scenario.name,
    offeredRate: rate,
    achievedRate: Math.round((requests / result.duration) * 10) / 10,
    requests,
    eventsAccepted,
    enrollmentsAccepted,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
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
