/**
 * The interpreter: a pure function `(version, instance, signal, now, facts) -> (instance', effects,
 * trace)`. No I/O, no clock, no randomness: replaying the same signals gives the same result.
 */
import type { Facts } from '../model/facts';
import type { InstanceState, TraceEntry } from '../model/instance';
import type { Signal } from '../model/signal';
import { deliveryTrace, handleSignal } from './handle-signal';
import type { PublishedVersion, StepResult } from './published-version';
import { StepRun } from './step-run';

/** How many processed signal ids an instance remembers for deduplication. */
export const PROCESSED_SIGNALS_KEPT = 500;

export function newInstance(args: {
  id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  customerId: string;
  now: number;
}): InstanceState {
  return {
    id: args.id,
    workspaceId: args.workspaceId,
    journeyId: args.journeyId,
    version: args.version,
    customerId: args.customerId,
    status: 'active',
    tokens: [],
    executed: [],
    visits: {},
    context: {},
    conversions: 0,
    seq: 0,
    processedSignals: [],
    createdAt: args.now,
    updatedAt: args.now,
  };
}

/**
 * Applies one signal. When nothing changes (a duplicate signal, or any signal to an ended
 * instance) the input instance object itself is returned, so callers can skip the write.
 */
export function step(
  version: PublishedVersion,
  instance: InstanceState,
  signal: Signal,
  now: number,
  facts: Facts,
): StepResult {
  if (instance.processedSignals.includes(signal.id)) return { instance, effects: [], trace: [] };
  const run = new StepRun(version, instance, now, facts);
  if (run.isTerminal()) {
    // A profile change is a state to look at, not an event (see below): an ended instance has
    // nothing left to look at. Its id may be one looked at before the end and not remembered, so
    // tracing it as late would make a redelivery read as a new signal.
    if (signal.kind === 'profile_changed') return { instance, effects: [], trace: [] };
    // A send's outcome usually arrives after the journey moved on, often after it ended: it
    // still belongs in the customer's trace (sent, delivered, capped...). Nothing else moves.
    const entry: TraceEntry =
      signal.kind === 'delivery_status'
        ? { at: now, type: 'delivery_status', ...deliveryTrace(signal) }
        : {
            at: now,
            type: 'late_signal_ignored',
            message: `${signal.kind} signal ignored: the instance has ${instance.status}`,
            data: { signalId: signal.id, signalKind: signal.kind },
          };
    return { instance, effects: [], trace: [entry] };
  }
  run.instance.processedSignals = [...run.instance.processedSignals, signal.id].slice(
    -PROCESSED_SIGNALS_KEPT,
  );
  handleSignal(run, signal);
  // A profile change is a state to look at, not an event to count: one that ended nothing leaves
  // the instance as it was (not even remembered), so there is nothing to write. Looking at the
  // profile again later, for a redelivery, is as right as looking at it now.
  if (signal.kind === 'profile_changed' && run.trace.length === 0 && run.effects.length === 0)
    return { instance, effects: [], trace: [] };
  settleStatus(run);
  run.instance.updatedAt = now;
  return { instance: run.instance, effects: run.effects, trace: run.trace };
}

/** The status follows from the tokens, unless the instance is paused, held or ended. */
export function settleStatus(run: StepRun): void {
  const instance = run.instance;
  if (run.isTerminal() || instance.status === 'paused' || instance.status === 'held') return;
  if (instance.tokens.length === 0) {
    // No token left after the instance started: every path reached its end.
    if (instance.executed.length > 0) run.complete();
    return;
  }
  instance.status = instance.tokens.some((token) => token.state === 'ready') ? 'active' : 'waiting';
}
