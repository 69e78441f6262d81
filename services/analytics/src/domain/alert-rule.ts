import { ALERT_RULE_KINDS, type AlertRuleKind } from '@kalcifer/contracts';
import { invalid } from '@kalcifer/platform';

export const ALERT_CHANNELS = ['email', 'sms', 'push', 'whatsapp', 'webhook'] as const;

/** What a rule watches and when it fires (FR-10.5). */
export interface AlertRuleDefinition {
  name: string;
  kind: AlertRuleKind;
  /** failure_rate, delivery_rate: narrows to one journey; no_entries: required. */
  journeyId?: string;
  /** failure_rate only: the sends of one node (with journeyId). */
  nodeId?: string;
  /** failure_rate, delivery_rate: the sends of one channel. */
  channel?: string;
  /** Percent: failure_rate fires above it, delivery_rate below it. */
  thresholdPercent?: number;
  windowMinutes?: number;
  /** Fewer samples in the window never fire (1 failure of 1 is not 100%). */
  minSamples?: number;
  /** no_entries: the window, in hours. */
  hours?: number;
  enabled: boolean;
}

export type AlertState = 'ok' | 'firing';

/** A rule with its evaluation state, as stored (one document per rule). */
export interface AlertRule extends AlertRuleDefinition {
  id: string;
  workspaceId: string;
  state: AlertState;
  /** Incremented by every change of state: the compare-and-set key, and the notice's msg id. */
  stateVersion: number;
  lastValue?: number;
  lastSamples?: number;
  lastEvaluatedAt?: number;
  stateChangedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export const DEFAULT_MIN_SAMPLES = 10;
const MAX_WINDOW_MINUTES = 24 * 60;
const MAX_HOURS = 24 * 7; // the journal keeps 7 days

/**
 * A definition checked as a whole: the fields its kind needs, none it does not use. Each problem
 * says what to fix; the first one is thrown as `invalid_alert_rule`.
 */
export function checkAlertRule(rule: AlertRuleDefinition): AlertRuleDefinition {
  const problems = alertRuleProblems(rule);
  if (problems.length > 0) throw invalid('invalid_alert_rule', problems.join('; '), { problems });
  return rule;
}

export function alertRuleProblems(rule: AlertRuleDefinition): string[] {
  const problems: string[] = [];
  const has = (v: unknown) => v !== undefined;
  if (rule.name.trim() === '' || rule.name.length > 200) problems.push('name must be 1 to 200 characters');
  if (!(ALERT_RULE_KINDS as readonly string[]).includes(rule.kind))
    return [...problems, `kind must be one of ${ALERT_RULE_KINDS.join(', ')}`];
  if (has(rule.channel) && !(ALERT_CHANNELS as readonly string[]).includes(rule.channel))
    problems.push(`channel must be one of ${ALERT_CHANNELS.join(', ')}`);
  if (rule.kind === 'no_entries') {
    if (!has(rule.journeyId)) problems.push('a no_entries rule needs journeyId');
    if (!has(rule.hours) || !(rule.hours > 0 && rule.hours <= MAX_HOURS))
      problems.push(`a no_entries rule needs hours, more than 0 and at most ${MAX_HOURS}`);
    for (const field of ['nodeId', 'channel', 'thresholdPercent', 'windowMinutes', 'minSamples'] as const)
      if (has(rule[field])) problems.push(`${field} does not apply to a no_entries rule`);
    return problems;
  }
  const t = rule.thresholdPercent;
  if (t === undefined || !(t >= 0 && t <= 100)) problems.push('thresholdPercent must be 0 to 100');
  const w = rule.windowMinutes;
  if (w === undefined || !(w > 0 && w <= MAX_WINDOW_MINUTES))
    problems.push(`windowMinutes must be more than 0 and at most ${MAX_WINDOW_MINUTES}`);
  const m = rule.minSamples;
  if (m !== undefined && !(Number.isInteger(m) && m >= 1 && m <= 1_000_000))
    problems.push('minSamples must be a whole number from 1 to 1,000,000');
  if (has(rule.hours)) problems.push(`hours applies to no_entries rules only (use windowMinutes)`);
  if (rule.kind === 'failure_rate') {
    if (has(rule.nodeId) && !has(rule.journeyId)) problems.push('nodeId needs the journeyId of its journey');
    if (has(rule.nodeId) && has(rule.channel)) problems.push('give nodeId or channel, not both');
  }
  if (rule.kind === 'delivery_rate' && has(rule.nodeId))
    problems.push('nodeId does not apply to a delivery_rate rule (use journeyId and channel)');
  return problems;
}

/** The window of a rule in ms. */
export function windowMs(rule: AlertRuleDefinition): number {
  return rule.kind === 'no_entries'
    ? Math.round((rule.hours ?? 0) * 3_600_000)
    : Math.round((rule.windowMinutes ?? 0) * 60_000);
}
