import type { NodeMapping, RemovedNodePolicy } from '@kalcifer/journey';
import { invalid } from '@kalcifer/platform';
import type { RolloutStep } from '../ports/migration-store';

/** The publish request's migration fields, checked; each refusal says what to send instead. */

export const SUPPORTED_STRATEGIES = ['new_entries_only', 'migrate_all', 'gradual'] as const;
export type Strategy = (typeof SUPPORTED_STRATEGIES)[number];
const POLICIES: readonly RemovedNodePolicy[] = ['skip', 'exit', 'hold'];

export function parseStrategy(raw: string): Strategy {
  const strategy = raw || 'new_entries_only';
  if (!(SUPPORTED_STRATEGIES as readonly string[]).includes(strategy))
    throw invalid(
      'unsupported_strategy',
      `"${strategy}" is not a publishing strategy; use one of ${SUPPORTED_STRATEGIES.join(', ')}`,
      { supported: SUPPORTED_STRATEGIES },
    );
  return strategy as Strategy;
}

export function parsePolicy(raw: string | undefined): RemovedNodePolicy | undefined {
  if (!raw) return undefined;
  if (!(POLICIES as readonly string[]).includes(raw))
    throw invalid('invalid_policy', `removedNodePolicy must be one of ${POLICIES.join(', ')}, got "${raw}"`);
  return raw as RemovedNodePolicy;
}

export function parseMapping(raw: Record<string, unknown> | undefined): NodeMapping {
  const mapping: NodeMapping = {};
  for (const [oldId, target] of Object.entries(raw ?? {})) {
    if (typeof target === 'string' && target !== '') mapping[oldId] = target;
    else if (
      target !== null &&
      typeof target === 'object' &&
      (POLICIES as readonly unknown[]).includes((target as { policy?: unknown }).policy)
    )
      mapping[oldId] = { policy: (target as { policy: RemovedNodePolicy }).policy };
    else
      throw invalid(
        'invalid_mapping',
        `mapping["${oldId}"] must be the id of a node of the new version or {"policy": "skip" | "exit" | "hold"}`,
        { problems: [{ code: 'invalid_policy', nodeId: oldId, message: 'not a node id or a policy' }] },
      );
  }
  return mapping;
}

export function parseRollout(
  strategy: Strategy,
  raw: Record<string, unknown> | undefined,
): { percent: number; schedule: RolloutStep[] } {
  if (strategy !== 'gradual') {
    if (raw && Object.keys(raw).length > 0)
      throw invalid('invalid_rollout', `rollout applies to the "gradual" strategy only, not "${strategy}"`);
    return { percent: 100, schedule: [] };
  }
  const percent = raw?.percent;
  const isPercent = (p: unknown): p is number =>
    typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 100;
  if (!isPercent(percent))
    throw invalid(
      'invalid_rollout',
      'a gradual publish needs rollout.percent, a whole number from 1 to 100 (e.g. {"percent": 10})',
    );
  const schedule: RolloutStep[] = [];
  let last = percent;
  const steps = raw?.schedule ?? [];
  if (!Array.isArray(steps))
    throw invalid(
      'invalid_rollout',
      'rollout.schedule must be a list such as [{"percent": 50, "at": "2026-12-01T09:00:00Z"}]',
    );
  for (const [i, s] of steps.entries()) {
    const step = (s ?? {}) as { percent?: unknown; at?: unknown };
    if (!isPercent(step.percent) || step.percent <= last)
      throw invalid(
        'invalid_rollout',
        `rollout.schedule[${i}].percent must be a whole number above ${last} and at most 100`,
      );
    const at = typeof step.at === 'string' ? Date.parse(step.at) : NaN;
    if (Number.isNaN(at))
      throw invalid(
        'invalid_rollout',
        `rollout.schedule[${i}].at must be an ISO 8601 time such as "2026-12-01T09:00:00Z"`,
      );
    if (schedule.length > 0 && at < (schedule[schedule.length - 1]?.at ?? 0))
      throw invalid(
        'invalid_rollout',
        `rollout.schedule[${i}].at is earlier than the step before it; list steps in time order`,
      );
    schedule.push({ percent: step.percent, at, done: false });
    last = step.percent;
  }
  return { percent, schedule };
}
