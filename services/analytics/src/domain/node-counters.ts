/**
 * Per-node counters, kept per hour and per UTC day, so that per-node figures over a range are read
 * from a few counter documents instead of every event: an event adds to the counters of its hour
 * and of its day once, when it is first stored. The parts of a range that do not fill whole hours
 * (less than an hour at each end) are counted from the events themselves, so a figure is the same
 * as counting every event.
 */
import { addDuration, emptyHistogram, type TimeHistogram } from './time-histogram';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type CounterUnit = 'h' | 'd';

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
    const start = floorTo(e.at, unit === 'h' ? HOUR_MS : DAY_MS);
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
    for (const unit of ['h', 'd'] as const) {
      if (e.type === 'node.entered') deltaOf(e, e.version, unit).entered += 1;
      else if (e.type === 'node.exited') {
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

/** How a range is read: events at its ragged ends, hour counters, then day counters in between. */
export interface RangePlan {
  events: Span[];
  hours: Span[];
  days?: Span;
}

export function planRange(fromMs?: number, toMs?: number): RangePlan {
  const hourFrom = fromMs === undefined ? undefined : Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const hourTo = toMs === undefined ? undefined : floorTo(toMs, HOUR_MS);
  if (hourFrom !== undefined && hourTo !== undefined && hourFrom >= hourTo)
    return { events: [{ from: fromMs, to: toMs }], hours: [] };
  const events: Span[] = [];
  if (fromMs !== undefined && hourFrom !== undefined && fromMs < hourFrom)
    events.push({ from: fromMs, to: hourFrom });
  if (toMs !== undefined && hourTo !== undefined && hourTo < toMs) events.push({ from: hourTo, to: toMs });
  const dayFrom = hourFrom === undefined ? undefined : Math.ceil(hourFrom / DAY_MS) * DAY_MS;
  const dayTo = hourTo === undefined ? undefined : floorTo(hourTo, DAY_MS);
  if (dayFrom !== undefined && dayTo !== undefined && dayFrom >= dayTo)
    return { events, hours: [{ from: hourFrom, to: hourTo }] };
  const hours: Span[] = [];
  if (hourFrom !== undefined && dayFrom !== undefined && hourFrom < dayFrom)
    hours.push({ from: hourFrom, to: dayFrom });
  if (hourTo !== undefined && dayTo !== undefined && dayTo < hourTo) hours.push({ from: dayTo, to: hourTo });
  return { events, hours, days: { from: dayFrom, to: dayTo } };
}
