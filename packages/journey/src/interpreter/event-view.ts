/** How an event looks to expressions: `event.name`, `event.properties.x`, and `event.x` for short. */
import type { CustomerEvent } from '../model/signal';

/**
 * The event with its properties also readable directly (`event.amount` = `event.properties.amount`),
 * so filters read naturally. The event's own fields (`id`, `name`, `properties`, `timestamp`) win
 * over a property of the same name.
 */
export function eventView(event: CustomerEvent | undefined): Record<string, unknown> | undefined {
  if (event === undefined) return undefined;
  const properties =
    typeof event.properties === 'object' && event.properties !== null ? event.properties : {};
  return { ...properties, id: event.id, name: event.name, properties, timestamp: event.timestamp };
}
