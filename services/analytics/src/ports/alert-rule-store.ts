import type { AlertMessage } from '@kalcifer/contracts';
import type { WorkspaceScoped } from '@kalcifer/platform';
import type { AlertRule, AlertRuleDefinition, AlertState } from '../domain/alert-rule';

/** A change of state to write, and the notice it sends (kept on the rule until published). */
export interface StateChange {
  state: AlertState;
  value: number;
  samples: number;
  at: number;
  notice: AlertNotice;
}

/** A notification to publish on the journal; its msg id makes a second publish a no-op. */
export interface AlertNotice {
  msgId: string;
  message: AlertMessage;
}

export type RuleRef = WorkspaceScoped<{ id: string }>;

export interface AlertRuleStore {
  insert(rule: AlertRule): Promise<void>;
  list(workspaceId: string): Promise<AlertRule[]>;
  get(ref: RuleRef): Promise<AlertRule | null>;
  /** Replaces the definition (not the state); null when there is no such rule. */
  update(ref: RuleRef, definition: AlertRuleDefinition, updatedAt: number): Promise<AlertRule | null>;
  delete(ref: RuleRef): Promise<boolean>;
  /** Every enabled rule of every workspace (the evaluation loop). */
  listEnabled(): Promise<AlertRule[]>;
  /**
   * Compare-and-set: writes the new state (and its pending notice) only if the rule's state
   * version is still `expectedVersion`, and increments it. False when another replica (or an
   * earlier tick) changed it first, or the rule is gone: then nothing is written or sent.
   */
  changeState(ref: RuleRef, expectedVersion: number, change: StateChange): Promise<boolean>;
  /** Records the last measurement of a rule whose state did not change. */
  recordEvaluation(ref: RuleRef, value: number, samples: number, at: number): Promise<void>;
  /** Rules whose notice was written but not yet marked published (a crash in between). */
  pendingNotices(): Promise<Array<{ ref: RuleRef; notice: AlertNotice }>>;
  /** Drops the notice once published (only that notice: a newer one stays). */
  noticePublished(ref: RuleRef, msgId: string): Promise<void>;
}

export const ALERT_RULE_STORE = Symbol('AlertRuleStore');
