/**
 * Entry decisions the orchestrator takes before an instance exists: which event_entry nodes an
 * event enrols at, whether a customer may enter again, segment membership and schedule criteria.
 */
import { evaluateCondition } from '../expression';
import type { JourneyGraph, JourneyNode } from '../model/graph';
import type { InstanceStatus } from '../model/instance';
import { TERMINAL_STATUSES } from '../model/instance';
import type { CustomerEvent } from '../model/signal';
import { isEntryType, REENTRY_POLICIES, type ReentryPolicy } from '../nodes';
import type { SegmentDefinition } from '../nodes/segment-entry.node';
import { eventView } from './event-view';

/**
 * Ids of the `event_entry` nodes whose event name matches and whose filter (if any) is true for
 * this event and customer. A filter that cannot be evaluated does not match.
 */
export function matchingEventEntries(
  graph: JourneyGraph,
  event: CustomerEvent,
  customer: Record<string, unknown>,
  now: number,
): string[] {
  return graph.nodes
    .filter((node) => node.type === 'event_entry' && node.config.event === event.name)
    .filter((node) => {
      const filter = node.config.filter;
      if (filter === undefined) return true;
      try {
        return (
          typeof filter === 'string' &&
          evaluateCondition(filter, { event: eventView(event), customer, context: {}, now })
        );
      } catch {
        return false;
      }
    })
    .map((node) => node.id);
}

/** The re-entry policy of an entry node (`once_at_a_time` when unset). */
export function reentryPolicy(node: JourneyNode): ReentryPolicy {
  if (!isEntryType(node.type)) throw new Error(`node "${node.id}" (${node.type}) is not an entry node`);
  const policy = node.config.reentry;
  return (REENTRY_POLICIES as readonly unknown[]).includes(policy)
    ? (policy as ReentryPolicy)
    : 'once_at_a_time';
}

/**
 * May a customer enter a journey, given their existing instances of it (any version)?
 * `once`: only if they never entered; `once_at_a_time`: only if none is live (not completed,
 * exited or failed); `always`: yes.
 */
export function mayEnter(
  policy: ReentryPolicy | undefined,
  existing: ReadonlyArray<{ status: InstanceStatus }>,
): boolean {
  switch (policy ?? 'once_at_a_time') {
    case 'always':
      return true;
    case 'once':
      return existing.length === 0;
    case 'once_at_a_time':
      return existing.every((instance) => TERMINAL_STATUSES.includes(instance.status));
  }
}

/**
 * Is the customer in an expression segment? The expression sees `customer` (attributes and
 * `tags`) and `now()`. A `url` segment is decided by the user's service, not here: calling this
 * with one throws. An expression that fails to parse throws ExpressionError.
 */
export function evaluateSegment(
  config: { segment: SegmentDefinition } | SegmentDefinition,
  customer: Record<string, unknown>,
  now?: number,
): boolean {
  const segment = 'segment' in config ? config.segment : config;
  if (!('expression' in segment)) {
    throw new Error('a segment with a "url" is evaluated by calling that URL, not by evaluateSegment');
  }
  return evaluateCondition(segment.expression, { customer, context: {}, now });
}

/**
 * Is a customer enrolled when a scheduled_entry fires? True without `criteria`; a criteria that
 * cannot be evaluated enrols nobody.
 */
export function meetsScheduleCriteria(
  node: JourneyNode,
  customer: Record<string, unknown>,
  now: number,
): boolean {
  const criteria = node.config.criteria;
  if (criteria === undefined) return true;
  try {
    return typeof criteria === 'string' && evaluateCondition(criteria, { customer, context: {}, now });
  } catch {
    return false;
  }
}
