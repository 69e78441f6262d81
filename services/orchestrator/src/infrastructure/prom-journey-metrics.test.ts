import { Registry } from 'prom-client';
import { PromJourneyMetrics } from './prom-journey-metrics';

describe('orchestrator business metrics', () => {
  it('counts entries, node executions by kind and migrations from the journal messages published', async () => {
    const registry = new Registry();
    const metrics = new PromJourneyMetrics(registry);
    const step = (events: { type: string; message?: string }[]) => ({
      subject: 'kalcifer.ws1.journal.jr1',
      msgId: 'm',
      body: { workspaceId: 'ws1', journeyId: 'jr1', instanceId: 'in1', events },
    });
    metrics.count([
      step([
        { type: 'journey.entered' },
        { type: 'node.entered', message: "entered manual_entry 'entry'" },
        { type: 'node.entered', message: "entered send_email 'Welcome'" },
        { type: 'message.requested' },
      ]),
      // Not journal messages: a send intent and a timer request are not counted.
      { subject: 'kalcifer.ws1.sends.email', msgId: 's', body: { events: [{ type: 'journey.entered' }] } },
      { subject: 'kalcifer.ws1.timers.schedule', msgId: 't', body: {} },
    ]);
    metrics.count([
      step([{ type: 'instance.migrated' }, { type: 'node.entered', message: "entered send_email 'x y'" }]),
    ]);
    const text = await registry.metrics();
    expect(text).toContain('kalcifer_journey_events_total{type="journey.entered"} 1');
    expect(text).toContain('kalcifer_journey_events_total{type="node.entered"} 3');
    expect(text).toContain('kalcifer_journey_events_total{type="instance.migrated"} 1');
    expect(text).toContain('kalcifer_node_executions_total{kind="send_email"} 2');
    expect(text).toContain('kalcifer_node_executions_total{kind="manual_entry"} 1');
  });
});
