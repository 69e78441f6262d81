/**
 * How the overload scenario (runner/overload.ts) judges a run against NFR-2.4, and the line the
 * reliability report prints for it. The run itself is exercised by test/e2e/overload.e2e.test.ts.
 */
import { overloadFailures, overloadSummary, type OverloadResult } from '../runner/overload';

const good: OverloadResult = {
  sustainableRate: 3_000,
  targetRate: 6_000,
  offeredRate: 5_990,
  sent: 720,
  batchSize: 100,
  acceptedRate: 2_800,
  requests: 720,
  accepted: 336,
  refused: 384,
  refusedShare: 384 / 720,
  refusedByStatus: { '503': 380, '429': 4 },
  refusalsWithRetryAfter: 384,
  otherAnswers: 0,
  noAnswer: 0,
  noAnswerBy: { timeout: 0, error: 0 },
  timeoutMs: 10_000,
  notSent: 0,
  latencyMs: { p50: 4, p99: 180, max: 900 },
  unanswered: 0,
  acceptedEvents: 33_600,
  lost: 0,
  refusedButStored: 0,
  drained: true,
  drainMs: 2_000,
  drainDeadlineMs: 60_000,
  customers: { waiting: 900, expectedMovedOn: 336, movedOn: 350, missing: 0, extra: 0 },
  rssMb: { baseline: 135, peak: 280, bound: 384 },
  passed: true,
  failures: [],
};

describe('the overload judgement', () => {
  it('passes a run that refused with Retry-After, lost nothing and stayed under the RSS bound', () => {
    expect(overloadFailures(good)).toEqual([]);
  });

  it('fails a run in which nothing was refused', () => {
    expect(overloadFailures({ ...good, refused: 0, refusalsWithRetryAfter: 0 })).toEqual([
      'nothing was refused at twice the sustainable rate',
    ]);
  });

  it('fails a refusal without Retry-After, an accepted event missing, a refused one stored', () => {
    expect(overloadFailures({ ...good, refusalsWithRetryAfter: 383, lost: 2, refusedButStored: 1 })).toEqual([
      '1 refusals without Retry-After',
      '2 accepted events are not in the events stream',
      '1 refused batches were stored anyway',
    ]);
  });

  it('fails a run in which more than 1% of the requests got no answer, neither accepted nor refused', () => {
    expect(overloadFailures({ ...good, noAnswer: 7, noAnswerBy: { timeout: 7, error: 0 } })).toEqual([]);
    expect(overloadFailures({ ...good, noAnswer: 80, noAnswerBy: { timeout: 70, error: 10 } })).toEqual([
      '80 of 720 requests (11.1%) got no answer (70 none within 10 s, 10 cut off), neither accepted nor refused (over 1%)',
    ]);
  });

  it('fails an undrained consumer, customers who did not move on, RSS at the bound, too little offered', () => {
    expect(
      overloadFailures({
        ...good,
        offeredRate: 4_000,
        drained: false,
        customers: { ...good.customers, missing: 3 },
        rssMb: { ...good.rssMb, peak: 384 },
      }),
    ).toEqual([
      'offered only 4000 events/s, 1.33x the sustainable 3000/s (under 1.9x)',
      "the orchestrator's events consumer did not drain within 60 s",
      'customers moved on: 3 missing, 0 without an accepted event',
      'gateway RSS peaked at 384 MB >= 384 MB',
    ]);
  });

  it('summarizes the figures the report prints', () => {
    expect(overloadSummary(good)).toBe(
      'offered 5990 events/s open-loop = 2.00x the sustainable 3000/s (both in batches of 100; target 6000/s), ' +
        'accepted 2800/s (0.93x sustainable); of 720 requests: 336 accepted, 384 refused (429: 4, 503: 380), ' +
        '0 no answer (0.0%); answer p99 180 ms; Retry-After on all refusals: yes, accepted lost: 0, ' +
        'gateway RSS peak 280 MB (bound 384 MB)',
    );
    expect(overloadSummary({ ...good, offeredRate: 4_000, notSent: 200 })).toContain(
      'offered 4000 events/s open-loop = 1.33x the sustainable 3000/s (both in batches of 100; target 6000/s, 200 batches due but not sent (runner at its in-flight bound))',
    );
    expect(overloadSummary({ ...good, refusalsWithRetryAfter: 1 })).toContain(
      'Retry-After on all refusals: no',
    );
  });
});
