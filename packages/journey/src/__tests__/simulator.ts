/**
 * Runs a generated journey against generated actions, recording every (signal, now, facts)
 * input so a replay can be compared, then drives the instance to its end ("enough timer fires").
 */
import { newInstance, step, type PublishedVersion, type StepResult } from '../interpreter';
import type { CodeRunner, Facts } from '../model/facts';
import type { JourneyGraph } from '../model/graph';
import { TERMINAL_STATUSES, type InstanceState } from '../model/instance';
import type { Signal } from '../model/signal';
import type { Action } from './arbitraries';
import { T0 } from './harness';

export interface RecordedStep {
  signal: Signal;
  now: number;
  facts: Facts;
  result: StepResult;
  before: InstanceState;
}

export interface Simulation {
  published: PublishedVersion;
  start: InstanceState;
  steps: RecordedStep[];
  final: InstanceState;
}

export const isTerminal = (instance: InstanceState): boolean => TERMINAL_STATUSES.includes(instance.status);

export function simulate(graph: JourneyGraph, actions: Action[], options: { drain: boolean }): Simulation {
  const published: PublishedVersion = { journeyId: 'j-prop', version: 1, graph };
  const start = newInstance({
    id: 'inst-prop',
    workspaceId: 'ws',
    journeyId: 'j-prop',
    version: 1,
    customerId: 'c',
    now: T0,
  });
  const steps: RecordedStep[] = [];
  let instance = start;
  let now = T0;
  let counter = 0;
  let customer: Record<string, unknown> = {
    vip: false,
    unsubscribed: false,
    score: 4,
    tags: ['beta'],
    signedUpAt: T0,
  };
  let journeyPaused = false;
  const recentSends = [{ channel: 'email', at: T0 - 30 * 60_000 }];

  const send = (signal: Signal): void => {
    const facts: Facts = { customer, journeyPaused, runCode, workspaceTimezone: 'Europe/Paris', recentSends };
    const result = step(published, instance, signal, now, facts);
    steps.push({ signal, now, facts, result, before: instance });
    instance = result.instance;
  };
  const id = (): string => `s${++counter}`;

  const entry = graph.nodes[0];
  send({ kind: 'enter', id: id(), entryNodeId: entry.id, context: { orderId: 'o-1', amount: 80 } });

  for (const action of actions) {
    const waiting = instance.tokens.filter((t) => t.wait?.timerId !== undefined);
    switch (action.kind) {
      case 'advance':
        now += action.ms;
        break;
      case 'fire_waiting': {
        if (waiting.length === 0) break;
        const wait = waiting[action.pick % waiting.length].wait!;
        if (action.atDeadline) now = Math.max(now, wait.dueAt!);
        send({ kind: 'timer_fired', id: id(), timerId: wait.timerId! });
        break;
      }
      case 'fire_unknown':
        send({ kind: 'timer_fired', id: id(), timerId: 'tmr_unknown' });
        break;
      case 'event': {
        const properties = { orderId: action.matchOrder ? 'o-1' : 'o-2', amount: action.amount };
        send({
          kind: 'event',
          id: id(),
          event: { id: `e${counter}`, name: action.name, properties, timestamp: now },
        });
        break;
      }
      case 'profile':
        customer = { ...customer, unsubscribed: action.unsubscribed, vip: action.vip };
        send({ kind: 'profile_changed', id: id() });
        break;
      case 'pause':
      case 'resume':
        send({ kind: action.kind, id: id() });
        break;
      case 'journey_pause':
        journeyPaused = action.paused;
        break;
      case 'exit':
        send({ kind: 'exit', id: id(), reason: 'operator exit' });
        break;
      case 'delivery':
        send({ kind: 'delivery_status', id: id(), sendKey: 'k', nodeId: 'n0', status: 'sent' });
        break;
      case 'duplicate':
        if (steps.length > 0) send(steps[action.pick % steps.length].signal);
        break;
    }
  }

  if (options.drain) {
    for (let round = 0; round < 200 && !isTerminal(instance); round++) {
      if (instance.status === 'paused' || journeyPaused || instance.tokens.some((t) => t.firedWhilePaused)) {
        journeyPaused = false;
        send({ kind: 'resume', id: id() });
        continue;
      }
      const token = instance.tokens.find((t) => t.state === 'waiting');
      if (token === undefined) break;
      const wait = token.wait!;
      if (wait.timerId !== undefined) {
        now = Math.max(now, wait.dueAt!);
        send({ kind: 'timer_fired', id: id(), timerId: wait.timerId });
      } else if (wait.kind === 'event') {
        const properties = { orderId: 'o-1', amount: 50 };
        send({
          kind: 'event',
          id: id(),
          event: { id: `e${counter}`, name: wait.event, properties, timestamp: now },
        });
      }
    }
  }
  return { published, start, steps, final: instance };
}

/**
 * A deterministic stand-in for the sandbox: code "hot" picks the `hot` output with a profile
 * change when the customer scores 4 or more; anything else fails (taking `error` or failing).
 */
const runCode: CodeRunner = ({ code, input }) => {
  if (code !== 'hot') return { ok: false, error: 'simulated failure' };
  const customer = input.customer as { score?: number };
  return (customer.score ?? 0) >= 4
    ? { ok: true, value: { output: 'hot', profile: { warm: true }, context: { scored: true } } }
    : { ok: true, value: undefined };
};

/** Re-runs the recorded inputs from the same start state. */
export function replay(simulation: Simulation): StepResult[] {
  let instance = simulation.start;
  return simulation.steps.map(({ signal, now, facts }) => {
    const result = step(simulation.published, instance, signal, now, facts);
    instance = result.instance;
    return result;
  });
}
