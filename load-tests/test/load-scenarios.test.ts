/**
 * The k6 scripts type-check against @types/k6 (k6 cannot be installed here; its users run them),
 * and the scenarios both k6 and the Node runner use build the traffic they say they do.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EVENT_BATCH, SCENARIOS, enrollment, eventBatch, isEnrollment } from '../scenarios';

const ROOT = path.resolve(__dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const K6_CONFIG = path.join(ROOT, 'load-tests/k6/tsconfig.json');

function typecheck(project: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [TSC, '-p', project], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('k6 scripts', () => {
  jest.setTimeout(120_000);

  it('type-check against @types/k6', () => {
    const result = typecheck(K6_CONFIG);
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });

  it('would not type-check with a k6 API misused (the check can fail)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'k6-typecheck-'));
    writeFileSync(
      path.join(dir, 'broken.ts'),
      "import http from 'k6/http';\nexport default function (): void {\n  http.post(42);\n}\n",
    );
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: K6_CONFIG,
        compilerOptions: { typeRoots: [path.join(ROOT, 'node_modules/@types')] },
        include: [path.join(dir, 'broken.ts')],
      }),
    );
    const result = typecheck(path.join(dir, 'tsconfig.json'));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('broken.ts');
  });
});

describe('scenarios', () => {
  it('spread enrollments evenly at the share each scenario names', () => {
    for (const s of Object.values(SCENARIOS)) {
      const enrollments = Array.from({ length: 1_000 }, (_, n) => isEnrollment(s, n)).filter(Boolean).length;
      expect(enrollments).toBe(Math.round(1_000 * s.enrollShare));
    }
  });

  it('build event batches of EVENT_BATCH events and a new customer per enrollment', () => {
    const batch = eventBatch('r1', 3);
    expect(batch.events).toHaveLength(EVENT_BATCH);
    expect(new Set(batch.events.map((e) => e.customerId)).size).toBe(EVENT_BATCH);
    expect(enrollment('r1', 1).customerId).not.toBe(enrollment('r1', 2).customerId);
    expect(enrollment('r1', 1).customerId).not.toBe(enrollment('r2', 1).customerId);
  });

  it('offer more than the requirements figure of 10,000 events/s, and judge journey starts at 200 ms', () => {
    expect(SCENARIOS.events.rate * EVENT_BATCH).toBe(12_000);
    expect(SCENARIOS.starts.thresholds.p99Ms).toBe(200);
  });
});
