import { randomBytes } from 'node:crypto';
import { notFound } from '@kalcifer/platform';
import { checkAlertRule, type AlertRule, type AlertRuleDefinition } from '../domain/alert-rule';
import type { AlertRuleStore, RuleRef } from '../ports/alert-rule-store';

export const MAX_RULES_PER_WORKSPACE = 100;

/** Create, read, change and delete a workspace's alert rules (their state is the evaluator's). */
export class ManageAlertRules {
  constructor(
    private readonly store: AlertRuleStore,
    private readonly now: () => number = Date.now,
  ) {}

  async create(workspaceId: string, definition: AlertRuleDefinition): Promise<AlertRule> {
    checkAlertRule(definition);
    const at = this.now();
    const rule: AlertRule = {
      ...definition,
      id: `alr_${randomBytes(9).toString('base64url')}`,
      workspaceId,
      state: 'ok',
      stateVersion: 0,
      createdAt: at,
      updatedAt: at,
    };
    await this.store.insert(rule);
    return rule;
  }

  list(workspaceId: string): Promise<AlertRule[]> {
    return this.store.list(workspaceId);
  }

  async get(ref: RuleRef): Promise<AlertRule> {
    return (await this.store.get(ref)) ?? missing(ref.id);
  }

  /** `change` holds the fields to set; a field set to undefined is cleared. */
  async update(ref: RuleRef, change: Partial<AlertRuleDefinition>): Promise<AlertRule> {
    const current = await this.get(ref);
    const definition = checkAlertRule({ ...definitionOf(current), ...change });
    return (await this.store.update(ref, definition, this.now())) ?? missing(ref.id);
  }

  async delete(ref: RuleRef): Promise<void> {
    if (!(await this.store.delete(ref))) missing(ref.id);
  }
}

function missing(id: string): never {
  throw notFound('alert_rule_not_found', `alert rule ${id} does not exist in this workspace`);
}

export function definitionOf(rule: AlertRule): AlertRuleDefinition {
  const {
    name,
    kind,
    journeyId,
    nodeId,
    channel,
    thresholdPercent,
    windowMinutes,
    minSamples,
    hours,
    enabled,
  } = rule;
  return {
    name,
    kind,
    journeyId,
    nodeId,
    channel,
    thresholdPercent,
    windowMinutes,
    minSamples,
    hours,
    enabled,
  };
}
