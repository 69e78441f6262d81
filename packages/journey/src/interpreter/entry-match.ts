/** Which event_entry nodes an incoming event enrols a customer at (the orchestrator's entry decision). */
import { evaluateCondition } from '../expression';
import type { JourneyGraph } from '../model/graph';
import type { CustomerEvent } from '../model/signal';

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
        return typeof filter === 'string' && evaluateCondition(filter, { event, customer, context: {}, now });
      } catch {
        return false;
      }
    })
    .map((node) => node.id);
}
