/** What each signal does to a live (non-terminal, not yet processed) instance. */
import { deepEqual } from '../expression';
import { timerEffectId, tokenId } from '../hash';
import type { Token, TokenWait, TraceEntry } from '../model/instance';
import type { CustomerEvent, Signal } from '../model/signal';
import { isEntryType } from '../nodes';
import { fireWait, followOutput, runReadyTokens } from './run-tokens';
import type { StepRun } from './step-run';

export function handleSignal(run: StepRun, signal: Signal): void {
  switch (signal.kind) {
    case 'enter':
      return enter(run, signal);
    case 'timer_fired':
      return timerFired(run, signal);
    case 'event':
      return eventReceived(run, signal.event);
    case 'delivery_status':
      // Sends never block a token in this node set: the status is recorded for the customer's trace.
      run.record('delivery_status', deliveryTrace(signal));
      return;
    case 'profile_changed':
      run.exitCriteriaEnded();
      return;
    case 'pause':
      // A held instance stays held: only an operator's release (a migration concern) moves it on.
      if (run.instance.status !== 'paused' && run.instance.status !== 'held') {
        run.instance.status = 'paused';
        run.record('paused', { message: 'instance paused; timers that come due fire on resume' });
      }
      return;
    case 'resume':
      return resume(run);
    case 'exit':
      run.exit(signal.reason === '' ? 'exited manually' : signal.reason);
      return;
  }
}

/**
 * The trace line of a send's status: "delivery sent", "delivery capped: <rule>", "delivery
 * delayed: until <time> by <rule>", with the rule and the retry time as data.
 */
export function deliveryTrace(
  signal: Extract<Signal, { kind: 'delivery_status' }>,
): Omit<TraceEntry, 'at' | 'type'> {
  return {
    nodeId: signal.nodeId,
    message: `delivery ${signal.status}${signal.detail === undefined ? '' : `: ${signal.detail}`}`,
    data: {
      sendKey: signal.sendKey,
      status: signal.status,
      ...(signal.channel !== undefined && { channel: signal.channel }),
      detail: signal.detail,
      ...(signal.retryAt !== undefined && { retryAt: new Date(signal.retryAt).toISOString() }),
      ...(signal.capRule !== undefined && { capRule: { ...signal.capRule } }),
    },
  };
}

function enter(run: StepRun, signal: Extract<Signal, { kind: 'enter' }>): void {
  const instance = run.instance;
  if (instance.tokens.length > 0 || instance.executed.length > 0) {
    run.record('late_signal_ignored', { message: 'the instance has already entered the journey' });
    return;
  }
  const node = run.node(signal.entryNodeId);
  if (node === undefined || !isEntryType(node.type)) {
    const what = node === undefined ? 'does not exist' : `is of type ${node.type}, not an entry node`;
    run.fail(`entry node "${signal.entryNodeId}" ${what} in version ${run.version.version}`);
    return;
  }
  instance.context = cloneData(signal.context);
  run.record('instance_started', {
    nodeId: node.id,
    message: `entered journey ${run.version.journeyId} v${run.version.version} at "${node.id}"`,
    data: { journeyId: run.version.journeyId, version: run.version.version },
  });
  instance.tokens.push({ id: tokenId(instance.id, run.nextSeq()), nodeId: node.id, state: 'ready' });
  runReadyTokens(run);
}

function timerFired(run: StepRun, signal: Extract<Signal, { kind: 'timer_fired' }>): void {
  const token = run.instance.tokens.find((candidate) => candidate.wait?.timerId === signal.timerId);
  const dueAt = token?.wait?.dueAt;
  if (token === undefined || dueAt === undefined) {
    // The race was already decided (event won, instance moved on): acknowledge and record as late.
    run.record('late_signal_ignored', {
      message: `timer ${signal.timerId} fired for a wait that is already over`,
      data: { timerId: signal.timerId },
    });
    return;
  }
  if (run.now < dueAt) {
    // Never fire before the deadline: ask the scheduler again. The effect id includes the signal
    // id because JetStream would drop a second message with the first schedule's id.
    run.emit({
      kind: 'schedule_timer',
      id: timerEffectId(run.instance.id, 'schedule', signal.timerId, signal.id),
      timerId: signal.timerId,
      dueAt,
      tokenId: token.id,
      nodeId: token.nodeId,
    });
    run.record('waiting', {
      nodeId: token.nodeId,
      tokenId: token.id,
      message: `timer fired ${dueAt - run.now} ms early; rescheduled`,
      data: { timerId: signal.timerId, dueAt },
    });
    return;
  }
  if (run.isPaused()) {
    token.firedWhilePaused = true;
    run.record('waiting', {
      nodeId: token.nodeId,
      tokenId: token.id,
      message: 'timer came due while paused; it fires on resume',
      data: { timerId: signal.timerId, dueAt, firedWhilePaused: true },
    });
    return;
  }
  fireWait(run, token, 'timer fired');
  runReadyTokens(run);
}

function eventReceived(run: StepRun, event: CustomerEvent): void {
  const instance = run.instance;
  run.event = event;
  run.record('event_received', {
    message: `event "${event.name}" received`,
    data: { eventId: event.id, name: event.name, timestamp: event.timestamp },
  });
  const goal = run.version.graph.goal;
  if (goal !== undefined && goal.event === event.name && instance.conversions === 0) {
    instance.conversions = 1;
    run.record('goal_reached', { message: `goal event "${event.name}" counted as a conversion` });
    if (goal.exitOnGoal === true) {
      run.exit('goal reached');
      return;
    }
  }
  if (run.exitCriteriaEnded()) return;
  if (run.isPaused()) return; // recorded above; nothing moves while paused
  for (const token of instance.tokens.filter((candidate) => waitsFor(candidate, event))) {
    const wait = token.wait as Extract<TokenWait, { kind: 'event' }>;
    // The event won the race: the timeout, when it arrives, will find no wait and be ignored.
    if (wait.timerId !== undefined) run.cancelTimer(wait.timerId);
    const node = run.node(token.nodeId);
    if (node === undefined) continue;
    followOutput(run, token, node, 'event', `event "${event.name}" arrived`);
  }
  runReadyTokens(run);
}

function waitsFor(token: Token, event: CustomerEvent): boolean {
  const wait = token.wait;
  if (token.state !== 'waiting' || wait?.kind !== 'event' || wait.event !== event.name) return false;
  if (wait.correlation === undefined) return true;
  const { property, value } = wait.correlation;
  // An absent value on either side matches nothing: "no orderId" must not equal "no orderId".
  if (value === null || value === undefined) return false;
  if (!Object.prototype.hasOwnProperty.call(event.properties, property)) return false;
  return deepEqual(event.properties[property], value);
}

function resume(run: StepRun): void {
  const instance = run.instance;
  if (instance.status === 'paused') {
    instance.status = instance.tokens.some((token) => token.state === 'ready') ? 'active' : 'waiting';
    run.record('resumed', { message: 'instance resumed' });
  }
  if (run.isPaused()) return; // the journey itself is still paused
  // The profile may have changed while paused: leave before anything is sent.
  if (run.exitCriteriaEnded()) return;
  const order = new Map(instance.tokens.map((token, index) => [token.id, index]));
  const deferred = instance.tokens
    .filter((token) => token.firedWhilePaused === true)
    .sort((a, b) => (a.wait?.dueAt ?? 0) - (b.wait?.dueAt ?? 0) || order.get(a.id)! - order.get(b.id)!);
  for (const token of deferred) {
    if (run.isTerminal()) return;
    fireWait(run, token, 'timer came due while paused');
    runReadyTokens(run);
  }
  runReadyTokens(run);
}

/** A private copy of entry data, so later changes to the caller's object cannot reach the instance. */
function cloneData(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value ?? {})) as Record<string, unknown>;
}
