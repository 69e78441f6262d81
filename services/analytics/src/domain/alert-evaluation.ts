import type { AlertEvent, AlertEventData } from '@kalcifer/contracts';
import { DEFAULT_MIN_SAMPLES, windowMs, type AlertRule, type AlertState } from './alert-rule';

/** What the events of a rule's window hold (read by the event store). */
export type WindowCounts =
  | { kind: 'failure_rate'; samples: number; failures: number }
  | { kind: 'delivery_rate'; sent: number; delivered: number }
  | { kind: 'no_entries'; entered: number };

export interface AlertWindow {
  /** Epoch ms, [start, end). */
  start: number;
  end: number;
}

/** The window a rule looks at when evaluated at `now`: the last windowMinutes (or hours). */
export function windowAt(rule: AlertRule, now: number): AlertWindow {
  return { start: now - windowMs(rule), end: now };
}

export interface Judgement {
  /** Whether the condition holds now. */
  breached: boolean;
  /** Percent (rates, one decimal kept by the caller) or entries counted. */
  value: number;
  samples: number;
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : (part / whole) * 100);

/**
 * Does the rule's condition hold over these counts? A rate needs `minSamples` (default 10) in
 * the window: one failure of one send is not a 100% failure rate. A journey with no entries is
 * judged only once the rule has watched a whole window (a rule made a minute ago has not).
 */
export function judge(rule: AlertRule, counts: WindowCounts, now: number): Judgement {
  const minSamples = rule.minSamples ?? DEFAULT_MIN_SAMPLES;
  switch (counts.kind) {
    case 'failure_rate': {
      const value = percent(counts.failures, counts.samples);
      const breached = counts.samples >= minSamples && value > (rule.thresholdPercent ?? 100);
      return { breached, value, samples: counts.samples };
    }
    case 'delivery_rate': {
      // A delivery report may land in the window of a send before it: never above 100%.
      const value = Math.min(100, percent(counts.delivered, counts.sent));
      const breached = counts.sent >= minSamples && value < (rule.thresholdPercent ?? 0);
      return { breached, value, samples: counts.sent };
    }
    case 'no_entries': {
      const watchedWholeWindow = now - rule.createdAt >= windowMs(rule);
      return {
        breached: counts.entered === 0 && watchedWholeWindow,
        value: counts.entered,
        samples: counts.entered,
      };
    }
  }
}

export type Change = 'fired' | 'resolved';

/**
 * What the judgement does to a rule's state: fires when the condition starts, resolves when it
 * stops, and nothing while it lasts (no repeat while firing) or while all is well.
 */
export function changeOf(state: AlertState, breached: boolean): Change | undefined {
  if (state === 'ok' && breached) return 'fired';
  if (state === 'firing' && !breached) return 'resolved';
  return undefined;
}

export const stateAfter = (change: Change): AlertState => (change === 'fired' ? 'firing' : 'ok');

const round = (n: number) => Math.round(n * 100) / 100;

/** The journal event of a change: the rule, what was measured against what, over which window. */
export function alertEvent(
  rule: AlertRule,
  change: Change,
  judgement: Judgement,
  window: AlertWindow,
): AlertEvent {
  const data: AlertEventData = {
    ruleId: rule.id,
    ruleName: rule.name,
    kind: rule.kind,
    ...(rule.journeyId !== undefined && { journeyId: rule.journeyId }),
    ...(rule.nodeId !== undefined && { nodeId: rule.nodeId }),
    ...(rule.channel !== undefined && { channel: rule.channel }),
    value: round(judgement.value),
    threshold: rule.thresholdPercent ?? 0,
    samples: judgement.samples,
    windowMs: window.end - window.start,
    windowStart: window.start,
    windowEnd: window.end,
  };
  return {
    type: change === 'fired' ? 'alert.fired' : 'alert.resolved',
    at: window.end,
    ...(rule.nodeId !== undefined && { nodeId: rule.nodeId }),
    message: `${rule.name}: ${describe(rule, data)} ${change === 'fired' ? '(firing)' : '(resolved)'}`,
    data,
  };
}

function describe(rule: AlertRule, d: AlertEventData): string {
  const minutes = `${round(d.windowMs / 60_000)} min`;
  switch (rule.kind) {
    case 'failure_rate':
      return `failure rate ${d.value}% of ${d.samples} sends over ${minutes} (threshold above ${d.threshold}%)`;
    case 'delivery_rate':
      return `delivery rate ${d.value}% of ${d.samples} sent over ${minutes} (threshold below ${d.threshold}%)`;
    case 'no_entries':
      return `${d.value} entries into journey ${rule.journeyId ?? ''} over ${round(d.windowMs / 3_600_000)} h`;
  }
}
