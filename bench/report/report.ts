/**
 * `npm run report`: runs the property, chaos and load suites and writes docs/reliability-report.md
 * with each figure beside its target from the requirements, pass or fail, the machine and the
 * versions it ran on, and how to reproduce it.
 *
 *   npm run report            # full: 3 chaos rounds, 60 s per load scenario, 30 s overload (~11 min)
 *   npm run report -- --quick # 1 chaos round, 10 s per load scenario and overload (~4 min)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventsBacklog } from '../../load-tests/runner/events-stream';
import { overloadSummary, runOverload, type OverloadResult } from '../../load-tests/runner/overload';
import { runScenario, type RunResult } from '../../load-tests/runner/run';
import { EVENT_BATCH, SCENARIOS, type ScenarioName } from '../../load-tests/scenarios';
import { createWorkspace } from '../../test/support/api';
import { dropDatabase, infra, resetAll } from '../../test/support/infra';
import { repoRoot } from '../../test/support/repo-root';
import { Stack } from '../../test/support/stack';
import { runChaos, type ChaosResult } from '../chaos';

const ROOT = repoRoot();
const print = (line: string) => process.stdout.write(`${line}\n`);

interface PropertyCounts {
  properties: number;
  cases: number;
  failed: number;
  byArea: Record<string, { properties: number; cases: number }>;
}

function sh(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return 'unknown';
  }
}

function versions(): Record<string, string> {
  const bin = path.join(ROOT, '.kalcifer/bin');
  return {
    node: process.version,
    'nats-server': sh(path.join(bin, 'nats-server'), ['--version']).replace(/^nats-server: /, ''),
    ferretdb: (sh(path.join(bin, 'ferretdb'), ['--version']).match(/version:\s*(\S+)/) ?? [])[1] ?? 'unknown',
    postgresql: sh('bash', ['-c', 'ls /usr/lib/postgresql | sort -n | tail -1']),
    redis: (sh('redis-server', ['--version']).match(/v=(\S+)/) ?? [])[1] ?? 'unknown',
    commit: sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
  };
}

/** The property tests with a counting reporter: how many generated cases each property ran. */
function properties(): PropertyCounts {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kalcifer-report-')), 'counts.jsonl');
  writeFileSync(file, '');
  try {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '-c', 'bench/report/property.jest.config.js'],
      { cwd: ROOT, env: { ...process.env, KALCIFER_PROPERTY_COUNTS: file }, stdio: 'ignore' },
    );
  } catch {
    // A failing property is recorded as failed in the counts; the report says so.
  }
  const lines = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { file: string; runs: number; failed: boolean });
  const byArea: PropertyCounts['byArea'] = {};
  for (const l of lines) {
    const area = path.basename(l.file).replace('.property.test.ts', '');
    byArea[area] ??= { properties: 0, cases: 0 };
    byArea[area].properties += 1;
    byArea[area].cases += l.runs;
  }
  return {
    properties: lines.length,
    cases: lines.reduce((s, l) => s + l.runs, 0),
    failed: lines.filter((l) => l.failed).length,
    byArea,
  };
}

/** A load scenario's run, and when the orchestrator had consumed the events it accepted. */
interface LoadResult extends RunResult {
  /** From the start of the scenario until the orchestrator's events consumer had drained (s). */
  processedInSeconds?: number;
}

/** How long the orchestrator may take, after a scenario, to consume what it accepted. */
const LOAD_DRAIN_DEADLINE_MS = 120_000;

async function load(durationSeconds: number): Promise<LoadResult[]> {
  const prefix = 'report_load';
  const apiKey = 'kal_reportLoadKey00000000000000001';
  await resetAll(`${prefix}_orchestrator`);
  await Promise.all(
    ['scheduler', 'channels', 'api_gateway', 'analytics'].map((s) => dropDatabase(`${prefix}_${s}`)),
  );
  createWorkspace(`${prefix}_api_gateway`, apiKey);
  const stack = new Stack({ dbPrefix: prefix });
  await stack.startAll();
  const results: LoadResult[] = [];
  try {
    for (const scenario of Object.keys(SCENARIOS) as ScenarioName[]) {
      print(`load: ${scenario} for ${durationSeconds} s ...`);
      const started = Date.now();
      const run = await runScenario({ baseUrl: stack.gatewayUrl, apiKey, scenario, durationSeconds });
      // Accepted is not processed: wait for the orchestrator to consume every event (so that the
      // next scenario also starts without a backlog).
      const deadline = Date.now() + LOAD_DRAIN_DEADLINE_MS;
      let backlog = await eventsBacklog(infra.natsUrl);
      while (backlog > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        backlog = await eventsBacklog(infra.natsUrl);
      }
      results.push(backlog === 0 ? { ...run, processedInSeconds: (Date.now() - started) / 1000 } : run);
    }
  } finally {
    await stack.stopAll();
  }
  return results;
}

/** The gateway's RSS bound for the overload run; why this figure: test/e2e/overload.e2e.test.ts. */
const OVERLOAD_RSS_BOUND_MB = 384;
/** Low enough that the run's connections can reach it (see load-tests/README.md). */
const OVERLOAD_MAX_IN_FLIGHT = 1_000;

/** NFR-2.4 on a stack of its own: twice the sustainable ingest rate (load-tests/runner/overload.ts). */
async function overload(quick: boolean): Promise<OverloadResult> {
  const prefix = 'report_overload';
  const apiKey = 'kal_reportOverloadKey0000000000001';
  await resetAll(`${prefix}_orchestrator`);
  await Promise.all(
    ['scheduler', 'channels', 'api_gateway', 'analytics'].map((s) => dropDatabase(`${prefix}_${s}`)),
  );
  createWorkspace(`${prefix}_api_gateway`, apiKey);
  const stack = new Stack({
    dbPrefix: prefix,
    env: { 'api-gateway': { PUBLISH_MAX_IN_FLIGHT: String(OVERLOAD_MAX_IN_FLIGHT) } },
  });
  await stack.startAll();
  try {
    return await runOverload({
      baseUrl: stack.gatewayUrl,
      apiKey,
      natsUrl: infra.natsUrl,
      probeSeconds: quick ? 3 : 5,
      durationSeconds: quick ? 10 : 30,
      gatewayPid: stack.pids()['api-gateway'],
      rssBoundMb: OVERLOAD_RSS_BOUND_MB,
      log: (l) => print(`overload: ${l}`),
    });
  } finally {
    await stack.stopAll();
  }
}

const yes = (ok: boolean) => (ok ? 'pass' : '**FAIL**');
const verdict = (failures: string[]) =>
  failures.length === 0 ? 'pass' : `**FAIL** (${failures.join('; ')})`;

function render(
  quick: boolean,
  seconds: number,
  v: Record<string, string>,
  props: PropertyCounts,
  chaos: ChaosResult,
  loads: LoadResult[],
  backpressure: OverloadResult,
  loadAverage: Record<string, number>,
): string {
  const byName = Object.fromEntries(loads.map((l) => [l.scenario, l])) as Record<ScenarioName, LoadResult>;
  const events = byName.events;
  const starts = byName.starts;
  // Events, not requests: accepted (202, durably in the stream) and processed (consumed by the
  // orchestrator) per second of the scenario.
  const acceptedRate = Math.round(events.eventsAccepted / events.seconds);
  const processedRate =
    events.processedInSeconds === undefined
      ? undefined
      : Math.round(events.eventsAccepted / events.processedInSeconds);
  const firstNode = starts.firstNodeMs;
  const maxRecovery = Math.max(...Object.values(chaos.recoveryMs));
  const rows: Array<[string, string, string, string]> = [
    [
      'events per second, processed by the orchestrator (load: events)',
      '> 10,000/s',
      `${processedRate === undefined ? `not all processed within ${LOAD_DRAIN_DEADLINE_MS / 1000} s of the end` : `${processedRate}/s processed`} ` +
        `(${events.eventsAccepted} events accepted at ${acceptedRate}/s of ${events.offeredRate * EVENT_BATCH}/s offered, ` +
        `processed ${processedRate === undefined ? '-' : `${events.processedInSeconds?.toFixed(1)} s`} after the start of a ` +
        `${events.seconds.toFixed(1)} s load)`,
      yes(processedRate !== undefined && processedRate > 10_000),
    ],
    [
      'journey start: request -> first node executed, p99; and the enrollment API answer (202) p99 (load: starts)',
      '< 200 ms',
      `${firstNode ? `${firstNode.p99} ms to the first node (${firstNode.sampled} enrollments sampled, ${firstNode.notStarted} not started in 30 s)` : 'first node not measured'}; ` +
        `API answer ${starts.latencyMs.p99} ms; at ${starts.achievedRate} starts/s answered of ${starts.offeredRate}/s offered`,
      yes(
        firstNode !== undefined &&
          firstNode.notStarted === 0 &&
          firstNode.p99 < 200 &&
          starts.latencyMs.p99 < 200,
      ),
    ],
    [
      `backpressure at 2x the sustainable ingest rate, both measured in batches of ${backpressure.batchSize} events (gateway PUBLISH_MAX_IN_FLIGHT=${OVERLOAD_MAX_IN_FLIGHT})`,
      `offered >= 1.9x; 429/503 with Retry-After, <= 1% unanswered, 0 accepted lost, consumer drains, gateway RSS < ${OVERLOAD_RSS_BOUND_MB} MB`,
      overloadSummary(backpressure),
      verdict(backpressure.failures),
    ],
    ['accepted work lost under chaos', '0', String(chaos.lost.length), yes(chaos.lost.length === 0)],
    [
      'messages sent twice (or sent though never accepted) under chaos',
      '0',
      String(chaos.duplicated.length),
      yes(chaos.duplicated.length === 0),
    ],
    ['instances stuck after chaos', '0', String(chaos.stuck.length), yes(chaos.stuck.length === 0)],
    [
      'recovery, kill -> processing resumed (slowest component)',
      '< 5 s',
      `${(maxRecovery / 1000).toFixed(1)} s`,
      yes(maxRecovery < 5_000),
    ],
    [
      'timer lateness under chaos: sent after its due time, or after the recovery when due during an outage (max)',
      '<= 5 s',
      `${(chaos.timerLatenessMs.max / 1000).toFixed(1)} s`,
      yes(chaos.timerLatenessMs.max <= 5_000),
    ],
    [
      'generated property scenarios (interpreter, validation, migration)',
      '> 500',
      `${props.cases} in ${props.properties} properties, ${props.failed} failed`,
      yes(props.cases > 500 && props.failed === 0),
    ],
    [
      '100,000 concurrently active instances',
      'held and stepping',
      'not measured in this report: `npm run bench:scale` (about 40 min) measures it; its figures are in docs/benchmarks.md',
      'not run',
    ],
    [
      'p99 of a logic node',
      '< 50 ms',
      'not measured: neither this report nor `npm run bench` times a logic node (the start row above is request -> first node)',
      'not run',
    ],
  ];
  const table = (head: string[], body: string[][]) =>
    [
      `| ${head.join(' | ')} |`,
      `| ${head.map(() => '---').join(' | ')} |`,
      ...body.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
  return `# Reliability report

Produced by \`npm run report${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
in ${Math.round(seconds)} s (${quick ? 'quick mode: one chaos round, 10 s per load scenario and for the overload' : 'full: three chaos rounds, 60 s per load scenario, 30 s of overload'}). Every figure below
comes from that run; nothing is copied in by hand.

## Machine and versions

${table(
  ['', ''],
  [
    ['CPU', `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'})`],
    ['memory', `${Math.round(os.totalmem() / 2 ** 30)} GiB`],
    [
      `load average (1 min, this run included) at: ${Object.keys(loadAverage).join(' / ')}`,
      Object.values(loadAverage)
        .map((l) => l.toFixed(1))
        .join(' / '),
    ],
    ['system', `${os.type()} ${os.release()}`],
    ...Object.entries(v).map(([k, val]) => [k, val]),
  ],
)}

Everything runs on this one machine: the six services, NATS, Redis, PostgreSQL with DocumentDB,
FerretDB, Mailpit, and the load generator itself.

## Against the requirements

${table(['figure', 'target', 'measured', 'result'], rows)}

## Chaos (\`bench/chaos.ts\`)

Under a steady load of enrollments and events through two journeys (manual entry -> email A ->
3 s wait -> email B; event entry -> email C), each service was SIGKILLed and started again, and
NATS, Redis and FerretDB were SIGKILLed and started again (${chaos.mode === 'quick' ? 'once each' : 'three rounds'}). The driver's ledger of
what the API accepted was then checked against the SMTP server and the store.

${table(
  ['', ''],
  [
    ['enrollments accepted', String(chaos.enrollmentsAccepted)],
    ['events accepted', String(chaos.eventsAccepted)],
    ['emails expected / received', `${chaos.emailsExpected} / ${chaos.emailsReceived}`],
    ['lost', chaos.lost.length === 0 ? '0' : chaos.lost.slice(0, 10).join(', ')],
    ['duplicated', chaos.duplicated.length === 0 ? '0' : chaos.duplicated.slice(0, 10).join(', ')],
    ['stuck', chaos.stuck.length === 0 ? '0' : chaos.stuck.slice(0, 10).join(', ')],
    [
      'timer lateness p50 / p99 / max',
      `${chaos.timerLatenessMs.p50} / ${chaos.timerLatenessMs.p99} / ${chaos.timerLatenessMs.max} ms`,
    ],
  ],
)}

Recovery per component, from the kill until a probe customer enrolled after the restart got its
email B (less the 3 s wait): every stage, the timer included, works again. It includes the
process's own start-up.

${table(
  ['component', 'slowest recovery'],
  Object.entries(chaos.recoveryMs).map(([k, ms]) => [k, `${(ms / 1000).toFixed(1)} s`]),
)}

## Load (\`load-tests/\`, the Node runner)

The scenarios of \`load-tests/scenarios.ts\`, offered at a constant arrival rate by an open loop
(\`load-tests/runner/open-loop.ts\`: requests leave on schedule whether or not earlier ones were
answered, so queueing shows in the latency) against the whole product (the same traffic the k6
scripts offer). Latency here is the API's answer (202: durably accepted), not the journey's progress;
the start row above also reads, for a sample of the accepted enrollments, when the customer's first
node was executed (its trace). Rates are requests per second (an event request is a batch of ${EVENT_BATCH}).

${table(
  [
    'scenario',
    'requests/s offered / answered',
    'accepted',
    'API answer p50 / p99 / max',
    'errors',
    'thresholds',
    'result',
  ],
  loads.map((l) => [
    l.scenario,
    `${l.offeredRate} / ${l.achievedRate}`,
    `${l.eventsAccepted} events, ${l.enrollmentsAccepted} enrollments`,
    `${l.latencyMs.p50} / ${l.latencyMs.p99} / ${l.latencyMs.max} ms`,
    `${l.errors}`,
    `p99 < ${l.thresholds.p99Ms} ms, errors < ${l.thresholds.maxErrorRate * 100}%`,
    l.passed ? 'pass' : `**FAIL** (${l.failures.join('; ')})`,
  ]),
)}

## Backpressure (\`load-tests/runner/overload.ts\`, NFR-2.4)

On a stack of its own (gateway with \`PUBLISH_MAX_IN_FLIGHT=${OVERLOAD_MAX_IN_FLIGHT}\`): the sustainable
ingest rate measured first (8 connections sending batches of ${backpressure.batchSize} events as fast as answered, so at
most ${8 * backpressure.batchSize} events await acks and the probe is never refused; events accepted divided by the time until the
orchestrator had consumed them), then twice that offered for ${quick ? 10 : 30} s by the open loop in the same batches
of ${backpressure.batchSize} to the same route, every batch carrying one event a waiting customer needs. The open loop sends
on schedule however slowly the gateway answers (a request timeout's worth of batches may be in
flight, so none is held back); the run fails below 1.9x offered. A request without an answer
within ${backpressure.timeoutMs / 1000} s is neither accepted nor refused: over 1% of them fails the run. Afterwards every
accepted event id was looked for in the \`KALCIFER_EVENTS\` stream, the orchestrator's consumer
had to drain (within ${Math.round(backpressure.drainDeadlineMs / 1000)} s here: at least 60 s, or what may be in the backlog at a third of the
sustainable rate), and the customers whose event was accepted had to finish the journey.

${table(
  ['figure', 'measured'],
  [
    [
      'sustainable / offered / accepted',
      `${backpressure.sustainableRate} / ${backpressure.offeredRate} / ${backpressure.acceptedRate} events/s`,
    ],
    [
      'requests answered: accepted / refused / other',
      `${backpressure.accepted} / ${backpressure.refused} (${
        Object.entries(backpressure.refusedByStatus)
          .map(([k, n]) => `${k}: ${n}`)
          .join(', ') || 'none'
      }) / ${backpressure.otherAnswers}`,
    ],
    ['refusals with Retry-After', `${backpressure.refusalsWithRetryAfter} of ${backpressure.refused}`],
    [
      'requests sent / without an answer (none within the timeout, connection cut)',
      `${backpressure.sent} / ${backpressure.noAnswer} (${backpressure.noAnswerBy.timeout}, ${backpressure.noAnswerBy.error})`,
    ],
    [
      'answer latency p50 / p99 / max',
      `${backpressure.latencyMs.p50} / ${backpressure.latencyMs.p99} / ${backpressure.latencyMs.max} ms`,
    ],
    [
      'CPU during the overload: gateway / load generator (its event-loop delay p99)',
      backpressure.breakdown
        ? `${backpressure.breakdown.gatewayCpuPercent}% / ${backpressure.breakdown.runnerCpuPercent}% of a core (${backpressure.breakdown.runnerLoopDelayMs.p99} ms)`
        : 'not read',
    ],
    [
      'accepted events / not in the stream / refused but stored',
      `${backpressure.acceptedEvents} / ${backpressure.lost} / ${backpressure.refusedButStored}`,
    ],
    [
      'orchestrator consumer drained after the load',
      backpressure.drained ? `yes, in ${(backpressure.drainMs / 1000).toFixed(1)} s` : 'no',
    ],
    [
      'customers moved on / expected / missing / unexpected',
      `${backpressure.customers.movedOn} / ${backpressure.customers.expectedMovedOn} / ${backpressure.customers.missing} / ${backpressure.customers.extra}`,
    ],
    [
      'gateway RSS: before / peak / bound',
      `${backpressure.rssMb.baseline} / ${backpressure.rssMb.peak} / ${backpressure.rssMb.bound} MB`,
    ],
    ['result', verdict(backpressure.failures)],
  ],
)}

## Properties

fast-check properties over generated journeys, instances and edits, each case checked
(\`packages/journey/src/**/*.property.test.ts\`, counted by \`bench/report/property-counter.ts\`):

${table(
  ['area', 'properties', 'generated cases'],
  Object.entries(props.byArea).map(([k, a]) => [k, String(a.properties), String(a.cases)]),
)}

## Reproduce

\`\`\`sh
npm install && npm run report            # or: npm run report -- --quick
npm run chaos                            # the chaos suite alone (three rounds)
node load-tests/dist/runner/run.js events   # one load scenario against \`npm start\`
node load-tests/dist/runner/overload.js     # the backpressure run against \`npm start\` (NATS_URL set)
\`\`\`

The machine matters: these figures are from ${os.cpus().length} cores shared by every process above.
`;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const started = Date.now();
  // Other work on the machine shows here: every figure below shares its cores with it.
  const loadAverage: Record<string, number> = { start: os.loadavg()[0] };
  print('properties ...');
  const props = properties();
  print(
    `properties: ${props.cases} generated cases in ${props.properties} properties, ${props.failed} failed`,
  );
  loadAverage.chaos = os.loadavg()[0];
  print('chaos ...');
  const chaos = await runChaos({ quick, dbPrefix: 'report_chaos', log: (l) => print(`chaos: ${l}`) });
  print(
    `chaos: lost ${chaos.lost.length}, duplicated ${chaos.duplicated.length}, stuck ${chaos.stuck.length}`,
  );
  loadAverage['load suite'] = os.loadavg()[0];
  const loads = await load(quick ? 10 : 60);
  for (const l of loads)
    print(
      `load ${l.scenario}: ${l.achievedRate} requests/s answered, p99 ${l.latencyMs.p99} ms, errors ${l.errors}` +
        (l.firstNodeMs ? `, first node p99 ${l.firstNodeMs.p99} ms` : '') +
        (l.processedInSeconds === undefined
          ? ''
          : `, consumed ${l.processedInSeconds.toFixed(1)} s after its start`),
    );
  loadAverage.overload = os.loadavg()[0];
  const backpressure = await overload(quick);
  loadAverage.end = os.loadavg()[0];
  print(`backpressure: ${overloadSummary(backpressure)}: ${verdict(backpressure.failures)}`);
  const out = path.join(ROOT, 'docs/reliability-report.md');
  writeFileSync(
    out,
    render(quick, (Date.now() - started) / 1000, versions(), props, chaos, loads, backpressure, loadAverage),
  );
  print(`wrote ${path.relative(ROOT, out)} (infrastructure: ${infra.natsUrl}, ${infra.mongoUrl})`);
}

if (require.main === module)
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(2);
  });
