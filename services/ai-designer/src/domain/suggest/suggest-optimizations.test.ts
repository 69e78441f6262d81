import { validateGraph } from '@kalcifer/journey';
import { designOffline } from '../design/offline-designer';
import { explainGraph } from '../explain/explain-graph';
import { suggestOptimizations } from './suggest-optimizations';

const graph = designOffline(
  'When a customer signs up, send a welcome email. Wait 4 days, then send a tips email. Then send a survey SMS.',
).graph;

describe('suggestions from analytics', () => {
  it('suggests a reminder for a message with a low open rate, as an applicable diff', () => {
    const [suggestion, ...others] = suggestOptimizations(graph, [
      { nodeId: 'email_1', entered: 1000, opened: 120 },
    ]).filter((s) => s.kind === 'add_reminder');
    expect(others).toEqual([]);
    expect(suggestion?.nodeId).toBe('email_1');
    expect(suggestion?.rationale).toMatch(/12% of 1000/);
    expect(suggestion?.diff.addedNodes).toEqual(['wait_event_1', 'email_3']);
    expect(validateGraph(suggestion.graph).errors).toEqual([]);
  });

  it('says nothing about a message opened often enough, or seen by too few', () => {
    const kinds = (figures: Parameters<typeof suggestOptimizations>[1]) =>
      suggestOptimizations(graph, figures)
        .map((s) => s.kind)
        .filter((k) => k === 'add_reminder');
    expect(kinds([{ nodeId: 'email_1', entered: 1000, opened: 450 }])).toEqual([]);
    expect(kinds([{ nodeId: 'email_1', entered: 10, opened: 0 }])).toEqual([]);
  });

  it('suggests halving a wait with a high drop-off', () => {
    const suggestion = suggestOptimizations(graph, [
      { nodeId: 'wait_1', entered: 500, droppedOff: 250 },
    ]).find((s) => s.kind === 'shorten_wait');
    expect(suggestion?.graph.nodes.find((n) => n.id === 'wait_1')?.config).toEqual({ duration: 'P2D' });
    expect(suggestion?.diff.changedNodes).toEqual([{ id: 'wait_1', changedFields: ['duration', 'name'] }]);
  });

  it('suggests a frequency cap when several messages have none, and not when there is one', () => {
    const cap = suggestOptimizations(graph, []).find((s) => s.kind === 'add_frequency_cap');
    expect(cap?.diff.addedNodes.length).toBe(3);
    const capped = designOffline(
      'Send a welcome email, wait 1 day, then send an SMS. At most 2 messages per week.',
    ).graph;
    expect(suggestOptimizations(capped, []).some((s) => s.kind === 'add_frequency_cap')).toBe(false);
  });

  it('refuses figures that are not counts', () => {
    expect(() => suggestOptimizations(graph, [{ nodeId: 'email_1', entered: 10, opened: 20 }])).toThrow(
      /at most entered/,
    );
  });
});

describe('explaining an existing journey', () => {
  it('walks a marketer through entry, numbered steps with their branches, goal and exits', () => {
    const design = designOffline(
      "When someone abandons their cart, send a reminder email. If they don't purchase within 24 hours, send a discount SMS. Exit if they unsubscribe. The goal is a purchase.",
    );
    const text = explainGraph(design.graph);
    expect(text).toContain('Customers enter when they send the event "cart abandoned".');
    expect(text).toMatch(/Wait up to 24 hours for the event "purchase completed", whichever comes first — /);
    expect(text).toMatch(/if it arrives: step \d/);
    expect(text).toMatch(/if time runs out: step \d/);
    expect(text).toContain('Goal: the event "purchase completed" counts as a conversion');
    expect(text).toContain('Customers leave at once when customer.unsubscribed == true.');
  });
});
