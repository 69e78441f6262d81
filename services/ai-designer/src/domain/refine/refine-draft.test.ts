import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import { DesignError } from '../design/design-error';
import { designOffline } from '../design/offline-designer';
import { refineDraft } from './refine-draft';

const draft = (): JourneyGraph =>
  designOffline(
    'When a customer signs up, send a welcome email. Wait 3 days, then send a tips email. Then send a survey SMS.',
  ).graph;

const node = (graph: JourneyGraph, id: string) => graph.nodes.find((n) => n.id === id);
const edge = (graph: JourneyGraph, from: string, output: string, to: string): boolean =>
  graph.edges.some((e) => e.from === from && e.output === output && e.to === to);

describe('refining a draft', () => {
  it('changes the wait: "make the wait 5 days instead of 3"', () => {
    const result = refineDraft(draft(), 'make the wait 5 days instead of 3');
    expect(node(result.graph, 'wait_1')?.config).toEqual({ duration: 'P5D' });
    expect(result.diff.changedNodes).toEqual([{ id: 'wait_1', changedFields: ['duration', 'name'] }]);
    expect(result.diff.addedNodes).toEqual([]);
    expect(result.applied).toEqual(['change_wait']);
  });

  it('changes a wait named by its length: "change the 3-day wait to 12 hours"', () => {
    const result = refineDraft(draft(), 'change the 3-day wait to 12 hours');
    expect(node(result.graph, 'wait_1')?.config.duration).toBe('PT12H');
  });

  it('adds an SMS fallback for non-openers after the first email, rejoining the journey', () => {
    const result = refineDraft(draft(), 'add SMS fallback for non-openers');
    const g = result.graph;
    expect(result.diff.addedNodes).toEqual(['wait_event_1', 'sms_2']);
    expect(node(g, 'wait_event_1')?.config).toEqual({ event: 'email_opened', timeout: 'P2D' });
    expect(edge(g, 'email_1', 'next', 'wait_event_1')).toBe(true);
    expect(edge(g, 'wait_event_1', 'event', 'wait_1')).toBe(true);
    expect(edge(g, 'wait_event_1', 'timeout', 'sms_2')).toBe(true);
    expect(edge(g, 'sms_2', 'next', 'wait_1')).toBe(true);
    expect(result.diff.removedEdges).toEqual([{ from: 'email_1', to: 'wait_1', output: 'next' }]);
  });

  it('adds an A/B test on the first email with a 70/30 split', () => {
    const result = refineDraft(draft(), 'add an A/B test on the first email with 70/30 split');
    const g = result.graph;
    const split = g.nodes.find((n) => n.type === 'ab_split')!;
    expect(split.config.variants).toEqual([
      { name: 'a', percent: 70 },
      { name: 'b', percent: 30 },
    ]);
    expect(edge(g, 'entry', 'next', split.id)).toBe(true);
    expect(edge(g, split.id, 'variant:a', 'email_1')).toBe(true);
    const copy = g.nodes.find((n) => n.id !== 'email_1' && n.config.template === 'welcome_b')!;
    expect(edge(g, split.id, 'variant:b', copy.id)).toBe(true);
    expect(edge(g, copy.id, 'next', 'wait_1')).toBe(true);
  });

  it('removes a step and reconnects its neighbours: "remove the second email"', () => {
    const result = refineDraft(draft(), 'remove the second email');
    expect(result.diff.removedNodes).toEqual(['email_2']);
    expect(edge(result.graph, 'wait_1', 'next', 'sms_1')).toBe(true);
  });

  it('renames a step', () => {
    const result = refineDraft(draft(), 'rename the welcome email to "Hello there"');
    expect(node(result.graph, 'email_1')?.name).toBe('Hello there');
    expect(result.diff.changedNodes).toEqual([{ id: 'email_1', changedFields: ['name'] }]);
  });

  it('changes the channel of a step: "change the SMS to WhatsApp"', () => {
    const result = refineDraft(draft(), 'change the SMS to WhatsApp');
    expect(node(result.graph, 'sms_1')?.type).toBe('send_whatsapp');
    expect(result.diff.changedNodes[0]).toMatchObject({
      id: 'sms_1',
      type: { from: 'send_sms', to: 'send_whatsapp' },
    });
  });

  it('changes the channel with "use push instead of SMS"', () => {
    expect(
      node(refineDraft(draft(), 'use a push notification instead of the SMS').graph, 'sms_1')?.type,
    ).toBe('send_push');
  });

  it('adds a step after a named one', () => {
    const result = refineDraft(draft(), 'add a 1 day wait after the tips email');
    const wait = result.graph.nodes.find((n) => n.id === 'wait_2')!;
    expect(wait.config).toEqual({ duration: 'P1D' });
    expect(edge(result.graph, 'email_2', 'next', 'wait_2')).toBe(true);
    expect(edge(result.graph, 'wait_2', 'next', 'sms_1')).toBe(true);
  });

  it('adds a message at the end', () => {
    const result = refineDraft(draft(), 'add a push notification at the end');
    expect(edge(result.graph, 'sms_1', 'next', 'push_1')).toBe(true);
  });

  it('adds a frequency cap in front of every message', () => {
    const result = refineDraft(draft(), 'no more than 2 messages per week');
    expect(result.graph.nodes.filter((n) => n.type === 'frequency_cap')).toHaveLength(3);
    expect(edge(result.graph, 'cap_1', 'within', 'email_1')).toBe(true);
    expect(edge(result.graph, 'cap_1', 'exceeded', 'wait_1')).toBe(true);
  });

  it('changes the split of an A/B test', () => {
    const withSplit = refineDraft(draft(), 'add an A/B test on the first email with 70/30 split').graph;
    const result = refineDraft(withSplit, 'make the split 80/20');
    expect(result.graph.nodes.find((n) => n.type === 'ab_split')?.config.variants).toEqual([
      { name: 'a', percent: 80 },
      { name: 'b', percent: 20 },
    ]);
  });

  it('sets the goal and the exit criteria', () => {
    const goal = refineDraft(draft(), 'the goal is a purchase');
    expect(goal.graph.goal).toEqual({ event: 'purchase_completed' });
    expect(goal.diff.goal).toEqual({ to: { event: 'purchase_completed' } });
    const exit = refineDraft(draft(), 'exit if they unsubscribe');
    expect(exit.graph.exitCriteria).toBe('customer.unsubscribed == true');
  });

  it('applies several instructions of one message in order', () => {
    const result = refineDraft(draft(), 'Make the wait 5 days instead of 3. Remove the SMS.');
    expect(result.applied).toEqual(['change_wait', 'remove_step']);
    expect(result.diff.removedNodes).toEqual(['sms_1']);
  });

  it('keeps every refined graph valid', () => {
    for (const instruction of [
      'add SMS fallback for non-openers',
      'remove the wait',
      'remove the first email',
      'add a tag vip at the start',
    ]) {
      expect(validateGraph(refineDraft(draft(), instruction).graph).errors).toEqual([]);
    }
  });

  it('refuses an instruction it does not understand, naming it, and an unknown step', () => {
    expect(() => refineDraft(draft(), 'make it more exciting')).toThrow(DesignError);
    expect(() => refineDraft(draft(), 'make it more exciting')).toThrow(
      /"make it more exciting" was not understood/,
    );
    expect(() => refineDraft(draft(), 'remove the third email')).toThrow(/No step matches/);
    expect(() => refineDraft(draft(), '   ')).toThrow(/empty/);
  });
});
