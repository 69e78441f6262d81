/**
 * fast-check generators: random valid DAG journeys of every node kind, and random signal
 * sequences resolved against the instance as it evolves (timer ids are only known at run time).
 */
import fc from 'fast-check';
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeType } from '../model/graph';
import { NODE_CATALOGUE } from '../nodes';
import { HOUR, T0 } from './harness';

export const EVENT_NAMES = ['opened', 'clicked', 'paid', 'purchase', 'unsubscribed'] as const;

const EXPRESSIONS = [
  'customer.vip == true',
  'context.amount > 50',
  'event.properties.amount > 10',
  "'beta' in customer.tags",
  'exists(event.name)',
  'customer.score >= 3 && not customer.vip',
  'now() > customer.signedUpAt + hours(1)',
];

// Weighted so that paths are long enough to send and wait before an exit ends them.
const bodyKind = fc.oneof(
  { arbitrary: fc.constant<NodeType>('send_email'), weight: 4 },
  { arbitrary: fc.constant<NodeType>('wait'), weight: 2 },
  { arbitrary: fc.constant<NodeType>('wait_until'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('wait_for_event'), weight: 3 },
  { arbitrary: fc.constant<NodeType>('condition'), weight: 2 },
  { arbitrary: fc.constant<NodeType>('goal_reached'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('exit'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('end'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('parallel'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('ab_split'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('frequency_cap'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('update_profile'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('add_tag'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('send_sms'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('call_webhook'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('remove_tag'), weight: 1 },
  { arbitrary: fc.constant<NodeType>('custom_code'), weight: 1 },
);

const nodePlan = fc.record({
  kind: bodyKind,
  parentPick: fc.nat(),
  seconds: fc.integer({ min: 1, max: 7200 }),
  untilOffset: fc.integer({ min: -2 * HOUR, max: 6 * HOUR }),
  timeout: fc.boolean(),
  correlate: fc.boolean(),
  event: fc.constantFrom(...EVENT_NAMES),
  expression: fc.constantFrom(...EXPRESSIONS),
  flag: fc.boolean(),
  count: fc.integer({ min: 2, max: 3 }),
});

const ENTRY_KINDS: NodeType[] = ['manual_entry', 'event_entry', 'webhook_entry', 'segment_entry'];
const ENTRY_CONFIGS: Partial<Record<NodeType, Record<string, unknown>>> = {
  event_entry: { event: 'signed_up' },
  segment_entry: { segment: { expression: 'customer.score >= 3' }, reentry: 'once' },
};

type NodePlan = typeof nodePlan extends fc.Arbitrary<infer T> ? T : never;

export const graphArbitrary: fc.Arbitrary<JourneyGraph> = fc
  .record({
    entryKinds: fc.array(fc.constantFrom<NodeType>(...ENTRY_KINDS), {
      minLength: 1,
      maxLength: 2,
    }),
    body: fc.array(nodePlan, { minLength: 1, maxLength: 12 }),
    extraEdges: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
    exitCriteria: fc.option(
      fc.constantFrom('customer.unsubscribed == true', "event.name == 'unsubscribed'"),
      { nil: undefined },
    ),
    goal: fc.option(fc.record({ event: fc.constantFrom('purchase', 'paid'), exitOnGoal: fc.boolean() }), {
      nil: undefined,
    }),
  })
  .map(buildGraph);

interface Slot {
  from: string;
  output: string;
}

/** Nodes are created in topological order and edges only point forward, so the graph is a DAG. */
function buildGraph(plan: {
  entryKinds: NodeType[];
  body: NodePlan[];
  extraEdges: Array<[number, number]>;
  exitCriteria?: string;
  goal?: { event: string; exitOnGoal: boolean };
}): JourneyGraph {
  const nodes: JourneyNode[] = [];
  const edges: JourneyEdge[] = [];
  let free: Slot[] = [];
  const add = (node: JourneyNode): void => {
    nodes.push(node);
    for (const output of NODE_CATALOGUE[node.type].allowedOutputs(node.config))
      free.push({ from: node.id, output });
  };
  const connect = (slot: Slot, to: string): void => {
    edges.push({ from: slot.from, to, output: slot.output });
    free = free.filter((s) => !(s.from === slot.from && s.output === slot.output));
  };

  plan.entryKinds.forEach((kind, i) =>
    add({ id: `entry${i}`, type: kind, config: ENTRY_CONFIGS[kind] ?? {} }),
  );
  plan.body.forEach((p, i) => {
    if (free.length === 0) return;
    const slot = free[p.parentPick % free.length];
    const node: JourneyNode = { id: `n${i}`, type: p.kind, config: configFor(p, `n${i}`) };
    connect(slot, node.id);
    add(node);
  });
  // Required outputs (condition branches, event/timeout pairs) get a fresh send at the end of the path.
  let extra = 0;
  for (const node of [...nodes]) {
    for (const output of NODE_CATALOGUE[node.type].requiredOutputs(node.config)) {
      const slot = free.find((s) => s.from === node.id && s.output === output);
      if (slot === undefined) continue;
      const id = `end${extra++}`;
      connect(slot, id);
      add({ id, type: 'send_email', config: { template: id } });
    }
  }
  // Extra forward edges make some nodes reachable by several paths.
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  for (const [slotPick, targetPick] of plan.extraEdges) {
    if (free.length === 0) break;
    const slot = free[slotPick % free.length];
    const targets = nodes.filter(
      (n) => order.get(n.id)! > order.get(slot.from)! && NODE_CATALOGUE[n.type].category !== 'entry',
    );
    if (targets.length > 0) connect(slot, targets[targetPick % targets.length].id);
  }
  return {
    nodes,
    edges,
    ...(plan.exitCriteria === undefined ? {} : { exitCriteria: plan.exitCriteria }),
    ...(plan.goal === undefined ? {} : { goal: plan.goal }),
  };
}

function configFor(p: NodePlan, id: string): Record<string, unknown> {
  switch (p.kind) {
    case 'send_email':
      return { template: `t_${id}` };
    case 'wait':
      return { duration: `PT${p.seconds}S` };
    case 'wait_until':
      return { until: new Date(T0 + p.untilOffset).toISOString() };
    case 'wait_for_event':
      return {
        event: p.event,
        ...(p.timeout ? { timeout: `PT${p.seconds}S` } : {}),
        ...(p.correlate ? { correlationKey: 'orderId' } : {}),
      };
    case 'condition':
      return { expression: p.expression };
    case 'goal_reached':
      return p.flag ? { exit: true } : {};
    case 'exit':
      return p.flag ? { reason: 'generated exit' } : {};
    case 'end':
      return {};
    case 'parallel':
      return { branches: ['a', 'b', 'c'].slice(0, p.count) };
    case 'ab_split':
      return {
        variants:
          p.count === 2
            ? [
                { name: 'a', percent: 50 },
                { name: 'b', percent: 50 },
              ]
            : [
                { name: 'a', percent: 34 },
                { name: 'b', percent: 33 },
                { name: 'c', percent: 33 },
              ],
      };
    case 'frequency_cap':
      return { channel: p.flag ? 'email' : 'any', limit: p.count - 1, window: 'PT1H' };
    case 'update_profile':
      return p.flag ? { set: { vip: true }, increment: { score: 1 } } : { unset: ['vip'] };
    case 'add_tag':
      return { tag: p.flag ? 'beta' : 'gamma' };
    case 'send_sms':
      // 09:00-17:00 UTC: T0 is 09:00, so later sends may wait for the next opening.
      return { body: `sms ${id}`, ...(p.flag ? { sendWindow: { start: '09:00', end: '17:00' } } : {}) };
    case 'call_webhook':
      return { url: `https://example.com/${id}`, retries: p.count };
    case 'remove_tag':
      return { tags: ['beta', 'gamma'] };
    case 'custom_code':
      // The simulator's runner (see simulator.ts) reads the code as a tiny instruction.
      return { code: p.flag ? 'hot' : 'fail', outputs: ['hot'] };
    case 'manual_entry':
    case 'event_entry':
    case 'segment_entry':
    case 'webhook_entry':
    case 'scheduled_entry':
    case 'send_push':
    case 'send_whatsapp':
      throw new Error(`${p.kind} is not generated as a body node`);
  }
}

/** What the test does next; resolved against the current instance by the simulator. */
export type Action =
  | { kind: 'advance'; ms: number }
  | { kind: 'fire_waiting'; pick: number; atDeadline: boolean }
  | { kind: 'fire_unknown' }
  | { kind: 'event'; name: string; matchOrder: boolean; amount: number }
  | { kind: 'profile'; unsubscribed: boolean; vip: boolean }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'journey_pause'; paused: boolean }
  | { kind: 'exit' }
  | { kind: 'delivery' }
  | { kind: 'duplicate'; pick: number };

export const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      ms: fc.integer({ min: 0, max: 3 * HOUR }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('fire_waiting' as const),
      pick: fc.nat(),
      atDeadline: fc.boolean(),
    }),
    weight: 4,
  },
  { arbitrary: fc.constant({ kind: 'fire_unknown' as const }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('event' as const),
      name: fc.constantFrom(...EVENT_NAMES),
      matchOrder: fc.boolean(),
      amount: fc.integer({ min: 0, max: 100 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('profile' as const),
      unsubscribed: fc.boolean(),
      vip: fc.boolean(),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ kind: 'pause' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'resume' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('journey_pause' as const), paused: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'exit' as const }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'delivery' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }), weight: 2 },
);
