/**
 * Per-node counters, kept per minute, hour and UTC day, so that per-node figures over a range are
 * read from a few counter documents instead of every event: an event adds to the counters of its
 * minute, hour and day once, when it is first stored. A range takes whole days, then whole hours
 * and whole minutes at its ends; what is left (under a minute at each end) is counted from the
 * events themselves, so a figure is the same as counting every event.
 */
import { addDuration, emptyHistogram, type TimeHistogram } from './time-histogram';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Minute, hour and UTC day counters. */
export type CounterUnit = 'm' | 'h' | 'd';
const UNIT_MS: Record<CounterUnit, number> = { m: MINUTE_MS, h: HOUR_MS, d: DAY_MS };
/** Largest first: a range takes whole days, then whole hours, then whole minutes at its ends. */
const UNITS: readonly CounterUnit[] = ['d', 'h', 'm'];

/** What the counters need of a stored event. */
export interface CountedEvent {
  workspaceId: string;
  journeyId: string;
  type: string;
  at: number;
  /** The instance's version when the event happened. */
  version: number;
  nodeId?: string;
  /** node.exited: the version and time of the visit's entry (the visit belongs to that version). */
  visitVersion?: number;
  enteredAt?: number;
  /** node.entered stored after its exit: the exit's time and the version it was counted under. */
  pairedExitAt?: number;
  pairedExitVersion?: number;
}

export interface CounterDelta {
  /** `<workspace>|<journey>|<version>|<node>|<unit>|<start>`. */
  id: string;
  workspaceId: string;
  journeyId: string;
  version: number;
  nodeId: string;
  unit: CounterUnit;
  /** Start of the hour or day (epoch ms). */
  start: number;
  /** node.entered in the period (by entry time). */
  entered: number;
  /** node.exited in the period (by exit time), under the version the visit entered in. */
  exited: number;
  /** Time spent of the visits that exited in the period and whose entry is known. */
  time: TimeHistogram;
}

const floorTo = (at: number, unit: number) => Math.floor(at / unit) * unit;

/** The counter increments of newly stored events (each event to its hour and its day). */
export function counterDeltas(events: readonly CountedEvent[]): CounterDelta[] {
  const deltas = new Map<string, CounterDelta>();
  const deltaOf = (e: CountedEvent, version: number, unit: CounterUnit): CounterDelta => {
    const nodeId = e.nodeId ?? '';
    const start = floorTo(e.at, UNIT_MS[unit]);
    const id = `${e.workspaceId}|${e.journeyId}|${version}|${nodeId}|${unit}|${start}`;
    let delta = deltas.get(id);
    if (delta === undefined) {
      delta = {
        id,
        workspaceId: e.workspaceId,
        journeyId: e.journeyId,
        version,
        nodeId,
        unit,
        start,
        entered: 0,
        exited: 0,
        time: emptyHistogram(),
      };
      deltas.set(id, delta);
    }
    return delta;
  };
  for (const e of events) {
    if (e.nodeId === undefined) continue;
    for (const unit of UNITS) {
      if (e.type === 'node.entered') {
        deltaOf(e, e.version, unit).entered += 1;
        // Its exit, stored first, was counted under its own version without a time spent: the
        // visit belongs to the entry's version, and now has its time spent.
        if (e.pairedExitAt !== undefined) {
          const exit = { ...e, at: e.pairedExitAt };
          if (e.pairedExitVersion !== undefined && e.pairedExitVersion !== e.version) {
            deltaOf(exit, e.pairedExitVersion, unit).exited -= 1;
            deltaOf(exit, e.version, unit).exited += 1;
          }
          addDuration(deltaOf(exit, e.version, unit).time, e.pairedExitAt - e.at);
        }
      } else if (e.type === 'node.exited') {
        const delta = deltaOf(e, e.visitVersion ?? e.version, unit);
        delta.exited += 1;
        if (e.enteredAt !== undefined) addDuration(delta.time, e.at - e.enteredAt);
      }
    }
  }
  return [...deltas.values()];
}

/** `[from, to)`; an undefined end is open. */
export interface Span {
  from?: number;
  to?: number;
}

/** How a range is read: whole days, hours and minutes from their counters, the rest from events. */
export interface RangePlan {
  counters: Array<{ unit: CounterUnit; span: Span }>;
  /** The parts shorter than a minute at the ends. */
  events: Span[];
}

export function planRange(fromMs?: number, toMs?: number): RangePlan {
  const plan: RangePlan = { counters: [], events: [] };
  planSpan(plan, 0, fromMs, toMs);
  return plan;
}

/** The largest whole periods of UNITS[level] in [from, to), and its ends with the next unit. */
function planSpan(plan: RangePlan, level: number, from?: number, to?: number): void {
  if (from !== undefined && to !== undefined && from >= to) return;
  const unit = UNITS[level];
  if (unit === undefined) {
    plan.events.push({ from, to });
    return;
  }
  const size = UNIT_MS[unit];
  const wholeFrom = from === undefined ? undefined : Math.ceil(from / size) * size;
  const wholeTo = to === undefined ? undefined : floorTo(to, size);
  if (wholeFrom !== undefined && wholeTo !== undefined && wholeFrom >= wholeTo) {
    planSpan(plan, level + 1, from, to);
    return;
  }
  if (from !== undefined) planSpan(plan, level + 1, from, wholeFrom);
  plan.counters.push({ unit, span: { from: wholeFrom, to: wholeTo } });
  if (to !== undefined) planSpan(plan, level + 1, wholeTo, to);
}
