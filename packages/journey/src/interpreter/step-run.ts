/**
 * The working state of one `step` call: a private copy of the instance that the step mutates
 * freely, plus the effects and trace it accumulates. The caller's instance is never touched.
 */
import { evaluateCondition, type ExpressionScope } from '../expression';
import { timerEffectId, tokenId } from '../hash';
import type { Effect } from '../model/effect';
import type { Facts } from '../model/facts';
import type { JourneyEdge, JourneyNode } from '../model/graph';
import {
  TERMINAL_STATUSES,
  type InstanceState,
  type Token,
  type TraceEntry,
  type TraceType,
} from '../model/instance';
import type { CustomerEvent } from '../model/signal';
import { eventView } from './event-view';
import { edgeKey, graphIndex, type PublishedVersion } from './published-version';

export class StepRun {
  readonly instance: InstanceState;
  readonly effects: Effect[] = [];
  readonly trace: TraceEntry[] = [];
  /** The event being processed, visible as `event` to conditions evaluated during this step. */
  event: CustomerEvent | undefined;
  /**
   * The profile as this step sees it: `facts.customer` plus the changes of update_profile, tag and
   * custom_code nodes already run in this step (the orchestrator applies their effects for real).
   */
  customer: Record<string, unknown>;

  constructor(
    readonly version: PublishedVersion,
    source: InstanceState,
    readonly now: number,
    readonly facts: Facts,
  ) {
    // Tokens are copied because steps update them in place; waits are always replaced, not edited.
    this.instance = {
      ...source,
      tokens: source.tokens.map((token) => ({ ...token })),
      executed: [...source.executed],
      visits: { ...source.visits },
      processedSignals: [...source.processedSignals],
    };
    this.customer = facts.customer;
  }

  /** Applies a profile change to this step's view of the customer (copy on write). */
  updateCustomer(change: (customer: Record<string, unknown>) => void): void {
    const copy = { ...this.customer };
    change(copy);
    this.customer = copy;
  }

  /** Adds a ready token at `nodeId` (a parallel branch) and returns it. */
  addToken(nodeId: string): Token {
    const token: Token = { id: tokenId(this.instance.id, this.nextSeq()), nodeId, state: 'ready' };
    this.instance.tokens.push(token);
    return token;
  }

  node(id: string): JourneyNode | undefined {
    return graphIndex(this.version.graph).nodes.get(id);
  }

  edge(from: string, output: string): JourneyEdge | undefined {
    return graphIndex(this.version.graph).edges.get(edgeKey(from, output));
  }

  isTerminal(): boolean {
    return TERMINAL_STATUSES.includes(this.instance.status);
  }

  /**
   * Paused instance, paused journey, or an instance a migration holds for review: nothing moves
   * forward (leaving is still possible).
   */
  isPaused(): boolean {
    const status = this.instance.status;
    return status === 'paused' || status === 'held' || this.facts.journeyPaused === true;
  }

  /** Next value of the instance's id counter: new ids depend only on the instance, so replays agree. */
  nextSeq(): number {
    this.instance.seq += 1;
    return this.instance.seq;
  }

  record(type: TraceType, fields: Omit<TraceEntry, 'at' | 'type'> = {}): void {
    // Undefined fields are dropped: the trace is stored as JSON/BSON, where they would vanish or become null.
    const entry = withoutUndefined({ at: this.now, type, ...fields });
    if (entry.data !== undefined) entry.data = withoutUndefined(entry.data);
    this.trace.push(entry);
  }

  emit(effect: Effect): void {
    this.effects.push(effect);
  }

  scope(): ExpressionScope {
    return {
      customer: this.customer,
      context: this.instance.context,
      event: eventView(this.event),
      now: this.now,
    };
  }

  /**
   * Evaluates the journey's exit criteria and exits when they hold. Returns true when the instance
   * ended (exited, or failed because the criteria cannot be evaluated).
   */
  exitCriteriaEnded(): boolean {
    const criteria = this.version.graph.exitCriteria;
    if (criteria === undefined || this.isTerminal()) return false;
    let met: boolean;
    try {
      met = evaluateCondition(criteria, this.scope());
    } catch (error) {
      this.fail(`exit criteria cannot be evaluated: ${(error as Error).message}`);
      return true;
    }
    if (met) this.exit('exit criteria met');
    return met;
  }

  exit(reason: string, nodeId?: string): void {
    this.end('exited', reason);
    this.record('instance_exited', { nodeId, message: reason });
  }

  fail(reason: string, nodeId?: string): void {
    this.end('failed', reason);
    this.record('instance_failed', { nodeId, message: reason });
  }

  complete(): void {
    this.instance.status = 'completed';
    this.instance.endedAt = this.now;
    this.record('instance_completed', { message: 'every path reached its end' });
  }

  removeToken(token: Token): void {
    this.instance.tokens = this.instance.tokens.filter((candidate) => candidate.id !== token.id);
  }

  cancelTimer(timerId: string): void {
    this.emit({ kind: 'cancel_timer', id: timerEffectId(this.instance.id, 'cancel', timerId), timerId });
  }

  /** Ends the instance: every pending timer is cancelled so nothing fires for it later. */
  private end(status: 'exited' | 'failed', reason: string): void {
    for (const token of this.instance.tokens) {
      if (token.wait?.timerId !== undefined) this.cancelTimer(token.wait.timerId);
    }
    this.instance.tokens = [];
    this.instance.status = status;
    this.instance.statusReason = reason;
    this.instance.endedAt = this.now;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
