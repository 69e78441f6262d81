import { validateGraph } from '@kalcifer/journey';
import { designOffline } from '../design/offline-designer';
import { buildGraph } from './build-graph';
import type { JourneyPlan } from './journey-plan';

const plan = (steps: JourneyPlan['steps']): JourneyPlan => ({
  entry: { kind: 'event', event: 'signed_up' },
  steps,
  caps: [],
  notes: [],
  unparsed: [],
});

describe('where the designed journey ends', () => {
  it('ends a parallel branch whose last step needs an edge at an end node, not an exit that would end the other branches', () => {
    const graph = buildGraph(
      plan([
        {
          kind: 'parallel',
          branches: [
            { name: 'email', steps: [{ kind: 'send', channel: 'email', topic: 'welcome' }] },
            {
              name: 'sms',
              steps: [
                { kind: 'send', channel: 'sms', topic: 'hello' },
                {
                  kind: 'wait_event',
                  event: 'purchase_completed',
                  timeout: 'P2D',
                  onEvent: [],
                  onTimeout: [],
                },
              ],
            },
          ],
        },
        { kind: 'wait', duration: 'P3D' },
        { kind: 'send', channel: 'email', topic: 'tips' },
      ]),
    );
    expect(validateGraph(graph).errors).toEqual([]);
    expect(graph.nodes.filter((n) => n.type === 'exit')).toEqual([]);
    const wait = graph.nodes.find((n) => n.type === 'wait_for_event')!;
    const ends = graph.edges
      .filter((e) => e.from === wait.id)
      .map((e) => graph.nodes.find((n) => n.id === e.to)!.type);
    expect(ends).toEqual(['end', 'end']);
    // The first branch carries the journey on.
    const tips = graph.edges.find((e) => graph.nodes.find((n) => n.id === e.to)?.type === 'wait');
    expect(graph.nodes.find((n) => n.id === tips?.from)?.type).toBe('send_email');
  });

  it('closes a condition without an otherwise branch with an end node (the journey completes, it is not exited)', () => {
    const { graph } = designOffline('If they are a VIP, send a WhatsApp message.');
    const condition = graph.nodes.find((n) => n.type === 'condition')!;
    const otherwise = graph.edges.find((e) => e.from === condition.id && e.output === 'false')!;
    expect(graph.nodes.find((n) => n.id === otherwise.to)?.type).toBe('end');
    expect(graph.nodes.some((n) => n.type === 'exit')).toBe(false);
  });

  it('keeps an exit the brief asks for', () => {
    const { graph } = designOffline(
      'Send an email about our mobile app. If they install the app within 5 days, end the journey. Otherwise send an SMS.',
    );
    expect(graph.nodes.some((n) => n.type === 'exit')).toBe(true);
  });
});
