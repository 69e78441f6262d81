/** Config fields that several node kinds share: re-entry of entries, send windows of channels. */
import { SEND_WINDOW_SCHEMA, sendWindowProblem } from '../calendar/send-window';
import type { FieldRule } from './node-definition';

export const REENTRY_POLICIES = ['once', 'once_at_a_time', 'always'] as const;
/** May a customer enter again: never, only when no instance of theirs is live, or always. */
export type ReentryPolicy = (typeof REENTRY_POLICIES)[number];

export const REENTRY_FIELD: FieldRule = {
  kind: 'enum',
  values: REENTRY_POLICIES,
  default: 'once_at_a_time',
  description:
    'whether a customer may enter again: "once" (ever), "once_at_a_time" (not while an instance is live) or "always"',
};

export const SEND_WINDOW_FIELD: FieldRule = {
  kind: 'object',
  description:
    'quiet hours: send only between start and end, e.g. {"start": "09:00", "end": "20:00", "days": ["mon", "tue"], "timezone": "Europe/Paris"}',
  check: sendWindowProblem,
  schema: SEND_WINDOW_SCHEMA,
};

/** Names inside output labels (`variant:<name>`, `branch:<name>`, custom outputs). */
export const LABEL_NAME = /^[A-Za-z0-9_-]{1,50}$/;

export function labelNameProblem(field: string, name: unknown): string | undefined {
  return typeof name === 'string' && LABEL_NAME.test(name)
    ? undefined
    : `"${field}" has ${JSON.stringify(name)}; use 1-50 letters, digits, _ or - (e.g. "control")`;
}
