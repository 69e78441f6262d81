/**
 * Throughput and latency of the custom_code sandbox for a trivial program.
 * Run: npx tsc -b packages/sandbox && node packages/sandbox/dist/bench/run-code.bench.js [runs]
 */
import { performance } from 'node:perf_hooks';
import { createCodeRunner } from '../create-code-runner';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 5000);
  const runner = await createCodeRunner();
  const request = {
    code: "return { output: customer.orders > 2 ? 'vip' : 'next', context: { score: customer.orders * 2 } }",
    input: {
      customer: { orders: 3 },
      context: {},
      event: { name: 'purchase' },
      now: 1_700_000_000_000,
      seed: 'i1:n1:1',
    },
    timeoutMs: 100,
    memoryBytes: 16 * 1024 * 1024,
  };
  for (let i = 0; i < 200; i++) runner(request); // warm-up
  const latencies: number[] = [];
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = runner(request);
    latencies.push(performance.now() - t0);
    if (!result.ok) throw new Error(`benchmark program failed: ${result.error}`);
  }
  const elapsedMs = performance.now() - started;
  latencies.sort((a, b) => a - b);

  // Calls spaced out, as in the engine: the worker prepares the next VM between calls.
  const spaced: number[] = [];
  for (let i = 0; i < 300; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const t0 = performance.now();
    runner(request);
    spaced.push(performance.now() - t0);
  }
  spaced.sort((a, b) => a - b);
  const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
  console.log(
    `custom_code sandbox, trivial program, ${runs} runs (fresh QuickJS runtime per run, worker thread)`,
  );
  console.log(`  throughput  ${((runs / elapsedMs) * 1000).toFixed(0)} runs/s`);
  const p = (values: number[]): string =>
    `p50 ${percentile(values, 50).toFixed(3)} ms   p99 ${percentile(values, 99).toFixed(3)} ms`;
  console.log(`  latency     ${p(latencies)}   (back to back)`);
  console.log(`  latency     ${p(spaced)}   (300 calls 5 ms apart)`);
  console.log(`  rss         ${mb(rssBefore)} MB -> ${mb(process.memoryUsage().rss)} MB`);
  await runner.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
