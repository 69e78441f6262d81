/** Nodes that hold a token: wait, wait_until, wait_for_event (and a send outside its window). */
import { instantOf, isTimeZone } from '../calendar/time-zone';
import { isLocalDateTimeText, parseDateTime, parseLocalDateTime } from '../datetime';
import { parseDuration, parseSignedDuration } from '../duration';
import { timerEffectId, timerId, waitId } from '../hash';
import type { JourneyNode } from '../model/graph';
import type { Token, TokenWait } from '../model/instance';
import { followOutput } from './follow-output';
import type { StepRun } from './step-run';

/** A deadline already past continues at once: a timer never fires before its deadline, nor needlessly late. */
export function waitForTimer(
  run: StepRun,
  token: Token,
  node: JourneyNode,
  dueAt: number,
  extra: Pick<Extract<TokenWait, { kind: 'timer' }>, 'purpose' | 'visit'> = {},
  message = `waiting until ${new Date(dueAt).toISOString()}`,
): void {
  if (dueAt <= run.now) {
    followOutput(run, token, node, 'next', 'deadline already passed');
    return;
  }
  const seq = run.nextSeq();
  const wait: TokenWait = {
    kind: 'timer',
    waitId: waitId(run.instance.id, seq),
    timerId: timerId(run.instance.id, seq),
    startedAt: run.now,
    dueAt,
    ...extra,
  };
  startWaiting(run, token, node, wait, message);
}

/**
 * wait_until: the fixed `until`, or the date-time in the profile `attribute`, moved by the node's
 * `offset` ("-P2D": two days before). A local date-time (no offset) is read in the node's `timezone`. An attribute that is missing or not a date-time
 * continues at once (profile data is dirty; one odd profile must not fail the journey).
 */
export function waitUntil(run: StepRun, token: Token, node: JourneyNode): void {
  const deadline = waitUntilDeadline(run, node);
  if (typeof deadline === 'string') {
    followOutput(run, token, node, 'next', deadline);
    return;
  }
  waitForTimer(run, token, node, deadline);
}

/**
 * The deadline of a wait_until node for this step's customer, or (a string) why there is none
 * and the node continues at once. Throws for a fixed `until` that is not a date-time.
 */
export function waitUntilDeadline(run: StepRun, node: JourneyNode): number | string {
  const config = node.config;
  const timezone = isTimeZone(config.timezone) ? config.timezone : undefined;
  const offset = config.offset === undefined ? 0 : parseSignedDuration(config.offset);
  if (typeof config.attribute === 'string') {
    const value = run.customer[config.attribute];
    const dueAt = toInstant(value, timezone);
    if (dueAt !== undefined) return dueAt + offset;
    const what = value === undefined ? 'is missing' : `is not a date-time (${JSON.stringify(value)})`;
    return `profile attribute "${config.attribute}" ${what}`;
  }
  const dueAt = toInstant(config.until, timezone);
  if (dueAt === undefined) throw new Error(`config.until ${JSON.stringify(config.until)} is not a date-time`);
  return dueAt + offset;
}

function toInstant(value: unknown, timezone: string | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  try {
    if (isLocalDateTimeText(value)) {
      if (timezone === undefined) return undefined;
      const local = parseLocalDateTime(value);
      return instantOf(local, timezone) + local.second * 1000;
    }
    return parseDateTime(value);
  } catch {
    return undefined;
  }
}

export function waitForEvent(run: StepRun, token: Token, node: JourneyNode): void {
  const config = node.config;
  if (typeof config.event !== 'string' || config.event === '')
    throw new Error('config.event must name an event');
  const seq = run.nextSeq();
  const wait: Extract<TokenWait, { kind: 'event' }> = {
    kind: 'event',
    waitId: waitId(run.instance.id, seq),
    event: config.event,
    startedAt: run.now,
  };
  if (config.timeout !== undefined) {
    wait.timerId = timerId(run.instance.id, seq);
    wait.dueAt = run.now + parseDuration(config.timeout);
  }
  if (typeof config.correlationKey === 'string') {
    const context = run.instance.context;
    const value = Object.prototype.hasOwnProperty.call(context, config.correlationKey)
      ? context[config.correlationKey]
      : null;
    wait.correlation = { property: config.correlationKey, value: value ?? null };
  }
  const until = wait.dueAt === undefined ? '' : ` until ${new Date(wait.dueAt).toISOString()}`;
  startWaiting(run, token, node, wait, `waiting for event "${wait.event}"${until}`);
}

function startWaiting(run: StepRun, token: Token, node: JourneyNode, wait: TokenWait, message: string): void {
  token.state = 'waiting';
  token.wait = wait;
  if (wait.timerId !== undefined && wait.dueAt !== undefined) {
    run.emit({
      kind: 'schedule_timer',
      id: timerEffectId(run.instance.id, 'schedule', wait.timerId),
      timerId: wait.timerId,
      dueAt: wait.dueAt,
      tokenId: token.id,
      nodeId: node.id,
    });
  }
  run.record('waiting', {
    nodeId: node.id,
    tokenId: token.id,
    message,
    data: { waitId: wait.waitId, timerId: wait.timerId, dueAt: wait.dueAt },
  });
}
