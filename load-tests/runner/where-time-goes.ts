/**
 * Where a run's latency goes, beside what the client measured: the gateway's own latency for the
 * route (its `http_request_duration_seconds` histogram, from when it starts handling a request to
 * its answer) and its CPU (`process_cpu_seconds_total`), both from its /metrics before and after
 * the run; and the runner's own CPU and event-loop delay (a runner starved of CPU on the same
 * cores as the stack adds its delay to every latency it reports).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Breakdown {
  /** The gateway's latency for the route, as bucket upper bounds (ms): "at most". */
  gatewayMs: { p50: number; p99: number; requests: number };
  /** Of one core, during the run. */
  gatewayCpuPercent: number;
  runnerCpuPercent: number;
  /** The runner's event-loop delay (ms): time its callbacks waited for the CPU or each other. */
  runnerLoopDelayMs: { p99: number; max: number };
}

interface Scrape {
  buckets: Map<number, number>;
  cpuSeconds: number;
}

/** `name{a="1",b="2"} 3` -> name, labels, value (prom-client's text format). */
function parseLine(
  line: string,
): { name: string; labels: Record<string, string>; value: number } | undefined {
  const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
  if (!m) return undefined;
  const labels: Record<string, string> = {};
  for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
  return { name: m[1], labels, value: Number(m[3]) };
}

async function scrape(baseUrl: string, route: string): Promise<Scrape | undefined> {
  const res = await fetch(`${baseUrl}/metrics`).catch(() => undefined);
  if (!res?.ok) return undefined;
  const buckets = new Map<number, number>();
  let cpuSeconds = NaN;
  for (const line of (await res.text()).split('\n')) {
    const sample = parseLine(line);
    if (!sample) continue;
    const { name, labels, value } = sample;
    if (name === 'process_cpu_seconds_total') cpuSeconds = value;
    else if (
      name === 'http_request_duration_seconds_bucket' &&
      labels.method === 'POST' &&
      labels.route === route &&
      labels.status === '202'
    )
      buckets.set(labels.le === '+Inf' ? Infinity : Number(labels.le), value);
  }
  return { buckets, cpuSeconds };
}

/** The smallest bucket bound under which share `p` of the requests fell (ms). */
function bucketPercentile(delta: Array<[number, number]>, total: number, p: number): number {
  for (const [le, count] of delta) if (count >= p * total) return le * 1000;
  return Infinity;
}

/** Starts measuring; the function it returns ends the measure and gives the breakdown. */
export async function measureWhereTimeGoes(
  baseUrl: string,
  route: string,
): Promise<() => Promise<Breakdown | undefined>> {
  const before = await scrape(baseUrl, route);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return async () => {
    loop.disable();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const after = await scrape(baseUrl, route);
    if (!before || !after) return undefined;
    const delta = [...after.buckets]
      .sort(([a], [b]) => a - b)
      .map(([le, count]): [number, number] => [le, count - (before.buckets.get(le) ?? 0)]);
    const total = delta.at(-1)?.[1] ?? 0;
    return {
      gatewayMs: {
        p50: bucketPercentile(delta, total, 0.5),
        p99: bucketPercentile(delta, total, 0.99),
        requests: total,
      },
      gatewayCpuPercent: Math.round(((after.cpuSeconds - before.cpuSeconds) / seconds) * 100),
      runnerCpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
      runnerLoopDelayMs: {
        p99: Math.round(loop.percentile(99) / 1e6),
        max: Math.round(loop.max / 1e6),
      },
    };
  };
}
