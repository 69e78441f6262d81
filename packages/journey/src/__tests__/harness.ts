/** Test helpers: compact graph builders and a harness that drives one instance through signals. */
import type { PublishedVersion, StepResult } from '../interpreter';
import { newInstance, step } from '../interpreter';
import type { Effect } from '../model/effect';
import type { Facts } from '../model/facts';
import type { JourneyEdge, JourneyGraph, JourneyNode, NodeType } from '../model/graph';
import type { InstanceState, Token, TraceEntry } from '../model/instance';
import type { Signal } from '../model/signal';
import { isEntryType } from '../nodes';

export const T0 = Date.UTC(2025, 0, 1, 9, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type NodeSpec = [id: string, type: NodeType, config?: Record<string, unknown>];
export type EdgeSpec = [from: string, output: string, to: string];

/** `graph([['a', 'manual_entry'], ['b', 'exit']], [['a', 'next', 'b']])` */
export function graph(nodes: NodeSpec[], edges: EdgeSpec[], extra: Partial<JourneyGraph> = {}): JourneyGraph {
  return {
    nodes: nodes.map(([id, type, config = {}]): JourneyNode => ({ id, type, config })),
    edges: edges.map(([from, output, to]): JourneyEdge => ({ from, to, output })),
    ...extra,
  };
}

export function version(g: JourneyGraph, n = 1): PublishedVersion {
  return { journeyId: 'journey-1', version: n, graph: g };
}

type SignalBody = Signal extends infer S
  ? S extends Signal
    ? Omit<S, 'id'> & { id?: string }
    : never
  : never;

/** Drives one instance: every call steps it and keeps the result; time only moves forward via `at`. */
export class Harness {
  instance: InstanceState;
  now = T0;
  customer: Record<string, unknown>;
  journeyPaused = false;
  /** Further facts for every step: workspaceTimezone, recentSends, runCode. */
  facts: Omit<Partial<Facts>, 'customer' | 'journeyPaused'> = {};
  /** Every effect and trace line so far, in order. */
  readonly effects: Effect[] = [];
  readonly trace: TraceEntry[] = [];
  private counter = 0;

  constructor(
    readonly published: PublishedVersion,
    customer: Record<string, unknown> = { email: 'ada@example.com' },
    id = 'inst-1',
  ) {
    this.customer = customer;
    this.instance = newInstance({
      id,
      workspaceId: 'ws-1',
      journeyId: published.journeyId,
      version: published.version,
      customerId: 'cust-1',
      now: T0,
    });
  }

  static of(nodes: NodeSpec[], edges: EdgeSpec[], extra: Partial<JourneyGraph> = {}): Harness {
    return new Harness(version(graph(nodes, edges, extra)));
  }

  at(time: number): this {
    this.now = time;
    return this;
  }

  signal(body: SignalBody): StepResult {
    const signal: Signal = { ...body, id: body.id ?? `sig-${++this.counter}` };
    const facts: Facts = { ...this.facts, customer: this.customer, journeyPaused: this.journeyPaused };
    const result = step(this.published, this.instance, signal, this.now, facts);
    this.instance = result.instance;
    this.effects.push(...result.effects);
    this.trace.push(...result.trace);
    return result;
  }

  enter(context: Record<string, unknown> = {}, entryNodeId = this.firstEntry()): StepResult {
    return this.signal({ kind: 'enter', entryNodeId, context });
  }

  event(name: string, properties: Record<string, unknown> = {}): StepResult {
    const id = `evt-${this.counter + 1}`;
    return this.signal({ kind: 'event', event: { id, name, properties, timestamp: this.now } });
  }

  /** Fires the timer of the token waiting at `nodeId` (or the only waiting token) at `now`. */
  fire(nodeId?: string): StepResult {
    return this.signal({ kind: 'timer_fired', timerId: this.timerAt(nodeId) });
  }

  /** Moves time to the waiting token's deadline and fires its timer. */
  fireWhenDue(nodeId?: string): StepResult {
    this.now = Math.max(this.now, this.waitingToken(nodeId).wait!.dueAt!);
    return this.fire(nodeId);
  }

  waitingToken(nodeId?: string): Token {
    const token = this.instance.tokens.find(
      (t) => t.state === 'waiting' && (nodeId === undefined || t.nodeId === nodeId),
    );
    if (token === undefined) throw new Error(`no token waits${nodeId === undefined ? '' : ` at ${nodeId}`}`);
    return token;
  }

  timerAt(nodeId?: string): string {
    const timerId = this.waitingToken(nodeId).wait?.timerId;
    if (timerId === undefined) throw new Error('the waiting token has no timer');
    return timerId;
  }

  /** Every effect of one kind so far, in order. */
  effectsOf<K extends Effect['kind']>(kind: K): Array<Extract<Effect, { kind: K }>> {
    return this.effects.filter((effect): effect is Extract<Effect, { kind: K }> => effect.kind === kind);
  }

  /** Template/subject (or body, title, url) of every send so far, in order. */
  sends(): string[] {
    return this.effectsOf('send').map(({ config }) =>
      String(config.template ?? config.subject ?? config.body ?? config.title ?? config.url),
    );
  }

  traceTypes(): string[] {
    return this.trace.map((entry) => entry.type);
  }

  private firstEntry(): string {
    const entry = this.published.graph.nodes.find((n) => isEntryType(n.type));
    return entry?.id ?? 'missing-entry';
  }
}
