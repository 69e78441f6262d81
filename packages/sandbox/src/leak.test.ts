import type { SandboxCodeRunner } from './code-runner-types';
import { createCodeRunner } from './create-code-runner';

const MB = 1024 * 1024;
let runner: SandboxCodeRunner;

beforeAll(async () => {
  runner = await createCodeRunner();
});
afterAll(async () => {
  await runner.dispose();
});

// A mix of outcomes, so every path that creates VM handles is exercised.
const programs = [
  "return { output: 'vip', context: { score: customer.orders * 2, list: [1, 2, 3] } }",
  "console.log('hello', customer); return Math.random()",
  'throw new TypeError("bad " + customer.orders)',
  'return () => 1',
  'return 1 +',
  "const s = 'x'.repeat(100000); return s.length",
];

function runMany(count: number): void {
  for (let i = 0; i < count; i++) {
    runner({
      code: programs[i % programs.length],
      input: { customer: { orders: i }, context: {}, event: null, seed: String(i) },
      timeoutMs: 1000,
      memoryBytes: 16 * MB,
    });
  }
}

it('runs 5,000 programs without the process memory growing (every handle and runtime is freed)', () => {
  runMany(500); // warm-up: wasm heap and V8 heaps reach their working size
  const before = process.memoryUsage().rss;
  runMany(5000);
  const after = process.memoryUsage().rss;
  const stats = runner.stats();
  console.log(
    `sandbox RSS after warm-up ${(before / MB).toFixed(1)} MB, after 5,000 more runs ${(after / MB).toFixed(1)} MB`,
  );
  // A leaked runtime would cost >= 100 KB per run (>= 500 MB here); a leaked handle would make
  // QuickJS abort when the runtime is freed, which would restart the worker.
  expect(after - before).toBeLessThan(64 * MB);
  expect(stats.workerRestarts).toBe(0);
  expect(stats.runs).toBe(5500);
  expect(stats.failed.sandbox).toBe(0);
}, 600_000);
