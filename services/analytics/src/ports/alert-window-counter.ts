import type { AlertWindow, WindowCounts } from '../domain/alert-evaluation';
import type { AlertRule } from '../domain/alert-rule';

/** Counts what a rule measures over a window, from the stored journey events. */
export interface AlertWindowCounter {
  countWindow(rule: AlertRule, window: AlertWindow): Promise<WindowCounts>;
}
