/**
 * What the offline designer understood of a brief, before it becomes a graph: the entry, a
 * sequence of steps (branches nest), and the journey-wide rules (caps, goal, exit criteria).
 */
import type { Channel } from '../language/lexicon';

export type Step =
  | { kind: 'send'; channel: Channel; topic: string; text?: string; url?: string }
  | { kind: 'wait'; duration: string }
  /** `offset`: signed ISO duration from the date ("-P2D": two days before it). */
  | { kind: 'wait_until'; attribute: string; offset?: string }
  | { kind: 'wait_event'; event: string; timeout?: string; onEvent: Step[]; onTimeout: Step[] }
  | { kind: 'condition'; expression: string; label: string; then: Step[]; otherwise: Step[] }
  | { kind: 'split'; variants: { name: string; percent: number; steps: Step[] }[] }
  | { kind: 'parallel'; branches: { name: string; steps: Step[] }[] }
  | { kind: 'tag'; add: boolean; tag: string }
  | { kind: 'update'; set: Record<string, string | number | boolean> }
  | { kind: 'exit'; reason?: string }
  | { kind: 'goal_reached' };

export type EntrySpec =
  | { kind: 'event'; event: string; filter?: string }
  | { kind: 'segment'; expression: string; label: string }
  | { kind: 'scheduled'; cron: string; label: string; timezone?: string; criteria?: string }
  | { kind: 'webhook' }
  | { kind: 'manual' };

export type CapChannel = 'any' | 'email' | 'sms' | 'push' | 'whatsapp' | 'webhook';

export interface CapSpec {
  channel: CapChannel;
  limit: number;
  window: string;
}

export interface JourneyPlan {
  entry: EntrySpec;
  steps: Step[];
  caps: CapSpec[];
  goal?: { event: string; exitOnGoal: boolean };
  exitCriteria?: { expression: string; label: string };
  /** Quiet hours: messages go out only between start and end ("HH:MM", end may be past midnight). */
  sendWindow?: { start: string; end: string };
  /** The days messages go out on ("don't send on weekends"); every day when absent. */
  sendDays?: ('sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat')[];
  /** Assumptions the designer made (a default timeout, a placeholder URL...), said to the user. */
  notes: string[];
  /** Sentences the designer could not map to anything, quoted back to the user. */
  unparsed: string[];
}
