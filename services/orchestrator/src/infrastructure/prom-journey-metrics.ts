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
        this.events.inc({ type: e.type });
        // The interpreter writes `entered <kind> '<name>'` on node.entered.
        if (e.type === 'node.entered' && e.message?.startsWith('entered ')) {
          const end = e.message.indexOf(' ', 8);
          this.nodes.inc({ kind: e.message.slice(8, end < 0 ? undefined : end) });
        }
      }
    }
  }
}
