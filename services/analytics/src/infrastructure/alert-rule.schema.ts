import { Schema } from 'mongoose';
import { ALERT_RULE_KINDS } from '@kalcifer/contracts';
import type { AlertRuleKind } from '@kalcifer/contracts';
import type { AlertState } from '../domain/alert-rule';
import type { AlertNotice } from '../ports/alert-rule-store';

export interface AlertRuleDocument {
  _id: string;
  workspaceId: string;
  name: string;
  kind: AlertRuleKind;
  journeyId?: string;
  nodeId?: string;
  channel?: string;
  thresholdPercent?: number;
  windowMinutes?: number;
  minSamples?: number;
  hours?: number;
  enabled: boolean;
  state: AlertState;
  stateVersion: number;
  lastValue?: number;
  lastSamples?: number;
  lastEvaluatedAt?: number;
  stateChangedAt?: number;
  /** Written with a change of state, dropped once published: survives a crash in between. */
  pendingNotice?: AlertNotice;
  createdAt: number;
  updatedAt: number;
}

export const ALERT_RULES_COLLECTION = 'alert_rules';

export const alertRuleSchema = new Schema<AlertRuleDocument>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: ALERT_RULE_KINDS, required: true },
    journeyId: String,
    nodeId: String,
    channel: String,
    thresholdPercent: Number,
    windowMinutes: Number,
    minSamples: Number,
    hours: Number,
    enabled: { type: Boolean, required: true },
    state: { type: String, enum: ['ok', 'firing'], required: true },
    stateVersion: { type: Number, required: true },
    lastValue: Number,
    lastSamples: Number,
    lastEvaluatedAt: Number,
    stateChangedAt: Number,
    pendingNotice: Schema.Types.Mixed,
    createdAt: { type: Number, required: true },
    updatedAt: { type: Number, required: true },
  },
  { collection: ALERT_RULES_COLLECTION, versionKey: false },
);

alertRuleSchema.index({ workspaceId: 1, createdAt: 1 });
alertRuleSchema.index({ enabled: 1 });
