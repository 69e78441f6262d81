/**
 * A workspace's frequency-cap policy: limits per customer per channel per sliding time window,
 * applied across all journeys of the workspace (DESIGN.md §4.5, docs/frequency-caps.md).
 */
import { AppError } from '@kalcifer/platform';
import { DurationError, parseDuration } from '@kalcifer/journey';

export const CAP_CHANNELS = ['email', 'sms', 'push', 'whatsapp', 'webhook'] as const;
/** A channel a send goes out on. */
export type CapChannel = (typeof CAP_CHANNELS)[number];
/**
 * The channels a rule may name: the messages a customer receives. `call_webhook` calls the
 * workspace's own systems, not the customer: it is never counted, so a rule on it could never
 * apply and is refused (docs/frequency-caps.md).
 */
export const CAPPED_CHANNELS = ['email', 'sms', 'push', 'whatsapp'] as const;
/** What a rule counts: one customer channel, or `*` = every customer channel together. */
export type CapRuleChannel = (typeof CAPPED_CHANNELS)[number] | '*';
/** `skip`: the node takes its next edge (trace: "capped"); `delay`: the send waits for `retryAt`. */
export type OnCapped = 'skip' | 'delay';

export interface CapRule {
  channel: CapRuleChannel;
  /** At most this many sends within any `window` (a positive integer). */
  limit: number;
  /** ISO 8601 duration, e.g. `P1D`, `PT1H`, `P1W` (no months or years: they have no fixed length). */
  window: string;
  onCapped: OnCapped;
}

export interface CapPolicy {
  rules: CapRule[];
}

/** A validated rule with its window in milliseconds and its position in the policy. */
export interface CompiledCapRule extends CapRule {
  index: number;
  windowMs: number;
}

/** Longest window a rule may have: counters are kept that long, so it bounds Redis memory. */
export const MAX_CAP_WINDOW_MS = 366 * 86_400_000;
export const MAX_CAP_RULES = 32;
export const MAX_CAP_LIMIT = 1_000_000;

export interface CapPolicyIssue {
  /** Where the problem is, e.g. `rules[1].window`. */
  path: string;
  message: string;
}

/** A policy that cannot be accepted; `issues` lists every problem and what to write instead. */
export class CapPolicyError extends AppError {
  constructor(readonly issues: CapPolicyIssue[]) {
    super(
      'invalid',
      'invalid_cap_policy',
      `Invalid frequency-cap policy: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
    );
    this.name = 'CapPolicyError';
  }
}

const RULE_FIELDS = new Set(['channel', 'limit', 'window', 'onCapped']);
const CHANNEL_CHOICES = [...CAPPED_CHANNELS, '*'].map((c) => `"${c}"`).join(', ');
const WEBHOOK_NOT_CAPPED =
  '"webhook" cannot be capped: call_webhook calls your own systems, not the customer, and is never counted, so this rule would never apply. ' +
  `Use ${CHANNEL_CHOICES} ("*" = email, sms, push and whatsapp together) for the customer's messages; rate-limit calls to your own systems on their side`;

/**
 * A stored policy: policies stored before webhook rules were refused may hold one; it never
 * applied and is left out (the rest is validated as on the way in).
 */
export function parseStoredCapPolicy(input: unknown): CapPolicy {
  if (isRecord(input) && Array.isArray(input.rules)) {
    const rules: unknown[] = input.rules;
    return parseCapPolicy({
      ...input,
      rules: rules.filter((rule) => !(isRecord(rule) && rule.channel === 'webhook')),
    });
  }
  return parseCapPolicy(input);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates untrusted input (API body, stored JSON); throws CapPolicyError listing every issue. */
export function parseCapPolicy(input: unknown): CapPolicy {
  const issues: CapPolicyIssue[] = [];
  if (!isRecord(input))
    throw new CapPolicyError([{ path: '(policy)', message: 'expected an object { rules: [...] }' }]);
  for (const key of Object.keys(input)) {
    if (key !== 'rules') issues.push({ path: key, message: 'unknown field; a policy has only "rules"' });
  }
  if (!Array.isArray(input.rules)) {
    issues.push({ path: 'rules', message: 'expected an array of rules (an empty array means no caps)' });
    throw new CapPolicyError(issues);
  }
  const rulesInput: unknown[] = input.rules;
  if (rulesInput.length > MAX_CAP_RULES) {
    issues.push({
      path: 'rules',
      message: `at most ${MAX_CAP_RULES} rules; merge rules for the same channel`,
    });
  }
  const rules: CapRule[] = [];
  const seen = new Map<string, number>();
  rulesInput.forEach((raw, index) => {
    const rule = parseRule(raw, `rules[${index}]`, issues);
    if (!rule) return;
    const identity = `${rule.channel}/${parseDuration(rule.window)}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      issues.push({
        path: `rules[${index}]`,
        message: `same channel "${rule.channel}" and window as rules[${first}]; keep one of them (the lower limit applies anyway)`,
      });
      return;
    }
    seen.set(identity, index);
    rules.push(rule);
  });
  if (issues.length > 0) throw new CapPolicyError(issues);
  return { rules };
}

function parseRule(raw: unknown, path: string, issues: CapPolicyIssue[]): CapRule | null {
  if (!isRecord(raw)) {
    issues.push({ path, message: 'expected an object { channel, limit, window, onCapped }' });
    return null;
  }
  const before = issues.length;
  for (const key of Object.keys(raw)) {
    if (!RULE_FIELDS.has(key)) {
      issues.push({
        path: `${path}.${key}`,
        message: 'unknown field; a rule has channel, limit, window, onCapped',
      });
    }
  }
  const { channel, limit, window, onCapped } = raw;
  if (channel === 'webhook') {
    issues.push({ path: `${path}.channel`, message: WEBHOOK_NOT_CAPPED });
  } else if (channel !== '*' && !(CAPPED_CHANNELS as readonly unknown[]).includes(channel)) {
    issues.push({ path: `${path}.channel`, message: `expected one of ${CHANNEL_CHOICES}` });
  }
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_CAP_LIMIT) {
    issues.push({
      path: `${path}.limit`,
      message: `expected a whole number from 1 to ${MAX_CAP_LIMIT} (sends allowed per window)`,
    });
  }
  try {
    const windowMs = parseDuration(window);
    if (windowMs < 1000)
      issues.push({ path: `${path}.window`, message: 'must be at least one second (PT1S)' });
    if (windowMs > MAX_CAP_WINDOW_MS)
      issues.push({ path: `${path}.window`, message: 'must be at most 366 days (P366D)' });
  } catch (error) {
    if (!(error instanceof DurationError)) throw error;
    issues.push({ path: `${path}.window`, message: error.message });
  }
  if (onCapped !== 'skip' && onCapped !== 'delay') {
    issues.push({
      path: `${path}.onCapped`,
      message: 'expected "skip" (take the next edge) or "delay" (wait for the next allowed time)',
    });
  }
  if (issues.length > before) return null;
  return {
    channel: channel as CapRuleChannel,
    limit: limit as number,
    window: window as string,
    onCapped: onCapped as OnCapped,
  };
}

/** True for the channels a send can go out on (`*` is only for rules). */
export function isCapChannel(value: unknown): value is CapChannel {
  return typeof value === 'string' && (CAP_CHANNELS as readonly string[]).includes(value);
}

const compiled = new WeakMap<readonly CapRule[], CompiledCapRule[]>();

/** Validates rules (once per array) and adds each one's window in milliseconds and index. */
export function compileCapRules(rules: readonly CapRule[]): CompiledCapRule[] {
  const cached = compiled.get(rules);
  if (cached) return cached;
  const policy = parseCapPolicy({ rules });
  const result = policy.rules.map((rule, index) => ({
    ...rule,
    index,
    windowMs: parseDuration(rule.window),
  }));
  compiled.set(rules, result);
  return result;
}
