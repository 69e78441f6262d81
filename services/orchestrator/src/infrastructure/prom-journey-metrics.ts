import { Counter, type Registry } from 'prom-client';
import type { JournalMessage } from '@kalcifer/contracts';
import type { OutgoingMessage } from '@kalcifer/platform';

const JOURNAL = '.journal.';

/**
 * Business metrics of the orchestrator, counted from the journal messages it publishes (one per
 * step, already built), so that the engine's hot path gains no code: journeys entered, completed,
 * exited, failed; node executions by node kind; instances migrated; sends requested.
 */
export class PromJourneyMetrics {
  private readonly events: Counter<'type'>;
  private readonly nodes: Counter<'kind'>;
  // One child per label value, so that counting does not hash a label object per event.
  private readonly byType = new Map<string, Counter.Internal>();
  private readonly byKind = new Map<string, Counter.Internal>();

  constructor(registry: Registry) {
    this.events = new Counter({
      name: 'kalcifer_journey_events_total',
      help: 'Journey events by type (journey.entered = entries, instance.migrated = migrations, ...)',
      labelNames: ['type'],
      registers: [registry],
    });
    this.nodes = new Counter({
      name: 'kalcifer_node_executions_total',
      help: 'Nodes entered, by node kind',
      labelNames: ['kind'],
      registers: [registry],
    });
  }

  /** Counts the events of the journal messages among `messages` (others are skipped). */
  count(messages: OutgoingMessage[]): void {
    for (const m of messages) {
      if (!m.subject.includes(JOURNAL)) continue;
      const events = (m.body as Partial<JournalMessage>).events;
      if (!Array.isArray(events)) continue;
      for (const e of events) {
        child(this.byType, this.events, e.type).inc();
        // The interpreter writes `entered <kind> '<name>'` on node.entered.
        if (e.type === 'node.entered' && e.message?.startsWith('entered ')) {
          const end = e.message.indexOf(' ', 8);
          child(this.byKind, this.nodes, e.message.slice(8, end < 0 ? undefined : end)).inc();
        }
      }
    }
  }
}

function child<L extends string>(
  cache: Map<string, Counter.Internal>,
  counter: Counter<L>,
  value: string,
): Counter.Internal {
  let c = cache.get(value);
  if (!c) cache.set(value, (c = counter.labels(value)));
  return c;
}
