/**
 * A waiting token moved to its counterpart keeps waiting, re-read under the new node's config:
 * a timer keeps its start and takes the new duration (a deadline already past fires at once), an
 * event wait keeps waiting with the new event, correlation and timeout, a send waiting for its
 * window takes the new window.
 */
import { nextWindowOpening, windowTimeZone, type SendWindow } from '../calendar/send-window';
import { parseDuration } from '../duration';
import { timerEffectId, timerId } from '../hash';
import { sendOrWaitForWindow } from '../interpreter/channel-nodes';
import { followOutput } from '../interpreter/follow-output';
import type { StepRun } from '../interpreter/step-run';
import { waitUntilDeadline } from '../interpreter/waits';
import type { JourneyNode } from '../model/graph';
import type { Token, TokenWait } from '../model/instance';

type TimerWait = Extract<TokenWait, { kind: 'timer' }>;
type EventWait = Extract<TokenWait, { kind: 'event' }>;

/** Re-reads the wait of `token` (now at `node`, same type as before) and returns the move's rule. */
export function migrateWait(run: StepRun, token: Token, node: JourneyNode): string {
  const wait = token.wait;
  if (wait === undefined) return 'mapped';
  if (wait.kind === 'event') return migrateEventWait(run, token, node, wait);
  if (wait.purpose === 'send_window') return migrateSendWindow(run, token, node, wait);
  let dueAt: number;
  let why = 'deadline already passed under the new version';
  if (node.type === 'wait_until') {
    const deadline = waitUntilDeadline(run, node);
    if (typeof deadline === 'string') {
      dueAt = run.now;
      why = deadline;
    } else dueAt = deadline;
  } else {
    dueAt = wait.startedAt + parseDuration(node.config.duration);
  }
  if (dueAt === wait.dueAt) return 'mapped';
  return retime(run, token, node, wait, dueAt, 'next', why);
}

function migrateEventWait(run: StepRun, token: Token, node: JourneyNode, wait: EventWait): string {
  const config = node.config;
  const next: EventWait = {
    kind: 'event',
    waitId: wait.waitId,
    event: String(config.event),
    startedAt: wait.startedAt,
  };
  const key = typeof config.correlationKey === 'string' ? config.correlationKey : undefined;
  if (key !== undefined) {
    // The value captured when the customer arrived stays; a new key reads the entry context.
    const context = run.instance.context;
    const value = Object.prototype.hasOwnProperty.call(context, key) ? context[key] : null;
    next.correlation =
      wait.correlation?.property === key ? wait.correlation : { property: key, value: value ?? null };
  }
  if (wait.timerId !== undefined) {
    next.timerId = wait.timerId;
    next.dueAt = wait.dueAt;
  }
  const dueAt = config.timeout === undefined ? undefined : wait.startedAt + parseDuration(config.timeout);
  const changed =
    next.event !== wait.event ||
    JSON.stringify(next.correlation) !== JSON.stringify(wait.correlation) ||
    dueAt !== wait.dueAt;
  token.wait = next;
  if (dueAt === wait.dueAt) return changed ? 'event_wait_updated' : 'mapped';
  if (dueAt === undefined) {
    // The new version waits for the event without a timeout.
    if (wait.timerId !== undefined) run.cancelTimer(wait.timerId);
    delete next.timerId;
    delete next.dueAt;
    delete token.firedWhilePaused;
    return 'event_wait_updated';
  }
  const rule = retime(
    run,
    token,
    node,
    next,
    dueAt,
    'timeout',
    'timeout already passed under the new version',
  );
  return rule === 'timer_rescheduled' ? 'event_wait_updated' : rule;
}

function migrateSendWindow(run: StepRun, token: Token, node: JourneyNode, wait: TimerWait): string {
  const window = node.config.sendWindow as SendWindow | undefined;
  const opening =
    window === undefined
      ? run.now
      : nextWindowOpening(window, windowTimeZone(window, run.customer, run.facts.workspaceTimezone), run.now);
  if (opening === wait.dueAt) return 'mapped';
  if (opening > run.now || run.isPaused()) {
    return retime(run, token, node, wait, Math.max(opening, run.now), 'next', 'the send window is open');
  }
  // The new window is open now: send with the visit the deferred send belongs to, then move on.
  run.cancelTimer(wait.timerId);
  delete token.wait;
  delete token.firedWhilePaused;
  token.state = 'ready';
  sendOrWaitForWindow(run, token, node, wait.visit ?? run.instance.visits[node.id] ?? 1);
  return 'send_window_updated';
}

/**
 * Moves a wait's deadline. Past: the wait is over at once (continues by `output`; while paused it
 * fires on resume). Future: the old timer is cancelled and a new one scheduled.
 */
function retime(
  run: StepRun,
  token: Token,
  node: JourneyNode,
  wait: TimerWait | EventWait,
  dueAt: number,
  output: 'next' | 'timeout',
  why: string,
): string {
  const seq = run.nextSeq();
  const next = { ...wait, timerId: timerId(run.instance.id, seq), dueAt };
  if (wait.timerId !== undefined) run.cancelTimer(wait.timerId);
  if (dueAt <= run.now) {
    if (run.isPaused()) {
      // Nothing moves while paused: the wait fires on resume, like a timer that came due then.
      token.wait = next;
      token.firedWhilePaused = true;
      return 'deadline_passed';
    }
    followOutput(run, token, node, output, why);
    return 'deadline_passed';
  }
  token.wait = next;
  delete token.firedWhilePaused;
  run.emit({
    kind: 'schedule_timer',
    id: timerEffectId(run.instance.id, 'schedule', next.timerId),
    timerId: next.timerId,
    dueAt,
    tokenId: token.id,
    nodeId: node.id,
  });
  return 'timer_rescheduled';
}
