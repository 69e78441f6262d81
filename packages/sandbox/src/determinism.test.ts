import type { SandboxCodeRunner } from './code-runner-types';
import { createCodeRunner } from './create-code-runner';

const MB = 1024 * 1024;
const NOW = Date.parse('2024-03-10T08:30:00.000Z');
let runner: SandboxCodeRunner;

beforeAll(async () => {
  runner = await createCodeRunner();
});
afterAll(async () => {
  await runner.dispose();
});

function value(code: string, input: Record<string, unknown> = {}): unknown {
  const result = runner({ code, input, timeoutMs: 1000, memoryBytes: 16 * MB });
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('the clock inside the sandbox', () => {
  it('is frozen at input.now (epoch milliseconds) for Date.now(), new Date() and Date()', () => {
    expect(value('return [Date.now(), new Date().getTime(), Date()]', { now: NOW })).toEqual([
      NOW,
      NOW,
      'Sun Mar 10 2024 08:30:00 GMT+0000 (Coordinated Universal Time)',
    ]);
  });

  it('accepts input.now as an ISO 8601 date-time', () => {
    expect(value('return new Date().toISOString()', { now: '2024-03-10T08:30:00Z' })).toBe(
      '2024-03-10T08:30:00.000Z',
    );
  });

  it('does not move while the code runs', () => {
    expect(
      value('const a = Date.now(); for (let i = 0; i < 1e5; i++) {} return Date.now() - a', { now: NOW }),
    ).toBe(0);
  });

  it('is the epoch when input.now is absent, so a run never depends on the host clock', () => {
    expect(value('return Date.now()')).toBe(0);
  });

  it('keeps local time equal to UTC whatever the host time zone', () => {
    const code = `
      const d = new Date();
      return {
        hours: d.getHours(), utcHours: d.getUTCHours(), offset: d.getTimezoneOffset(),
        fromParts: new Date(2024, 0, 1, 9).toISOString(),
        isoWithoutZone: Date.parse('2024-01-01T09:00:00'),
        text: d.toString(), day: d.toDateString(),
      }`;
    expect(value(code, { now: NOW })).toEqual({
      hours: 8,
      utcHours: 8,
      offset: 0,
      fromParts: '2024-01-01T09:00:00.000Z',
      isoWithoutZone: Date.parse('2024-01-01T09:00:00Z'),
      text: 'Sun Mar 10 2024 08:30:00 GMT+0000 (Coordinated Universal Time)',
      day: 'Sun Mar 10 2024',
    });
  });

  it('still parses dates given explicitly and does arithmetic on them', () => {
    const code = "return (new Date('2024-03-12T08:30:00Z') - new Date()) / 86400000";
    expect(value(code, { now: NOW })).toBe(2);
    expect(value('return new Date() instanceof Date && new Date(0).constructor === Date')).toBe(true);
  });
});

describe('Math.random inside the sandbox', () => {
  const draw = 'return [Math.random(), Math.random(), Math.random()]';

  it('gives the same numbers for the same input.seed, so a replay takes the same branch', () => {
    const first = value(draw, { seed: 'instance-1:node-7:1' }) as number[];
    expect(value(draw, { seed: 'instance-1:node-7:1' })).toEqual(first);
    for (const n of first) expect(n >= 0 && n < 1).toBe(true);
  });

  it('gives different numbers for different seeds', () => {
    expect(value(draw, { seed: 'instance-1:node-7:1' })).not.toEqual(
      value(draw, { seed: 'instance-2:node-7:1' }),
    );
  });

  it('without a seed, is derived from the code and the input (same program, same input, same numbers)', () => {
    const input = { customer: { id: 'c1' } };
    expect(value(draw, input)).toEqual(value(draw, input));
    expect(value(draw, input)).not.toEqual(value(draw, { customer: { id: 'c2' } }));
  });

  it('is spread evenly enough for an A/B decision', () => {
    const code =
      'let heads = 0; for (let i = 0; i < 10000; i++) if (Math.random() < 0.5) heads++; return heads';
    const heads = value(code, { seed: 's' }) as number;
    expect(heads).toBeGreaterThan(4800);
    expect(heads).toBeLessThan(5200);
  });
});
