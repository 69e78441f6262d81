import { Inject, Injectable } from '@nestjs/common';
import type { analyticsGrpc } from '@kalcifer/contracts';
import { ANALYTICS, type AnalyticsClient } from '../ports/analytics.port';
import { JOURNEY_LOOKUP, type JourneyLookup } from '../ports/orchestrator.port';
import type { Principal } from './principal';

/** A rule as the API takes it (fields its kind does not use are absent). */
export interface AlertRuleInput {
  name: string;
  kind: 'failure_rate' | 'delivery_rate' | 'no_entries';
  journeyId?: string;
  nodeId?: string;
  channel?: string;
  thresholdPercent?: number;
  windowMinutes?: number;
  minSamples?: number;
  hours?: number;
  enabled?: boolean;
}

/** A change: null clears an optional field. */
export type AlertRuleChange = {
  [K in keyof AlertRuleInput]?: AlertRuleInput[K] | null;
};

const iso = (ms: number) => (ms === 0 ? null : new Date(ms).toISOString());

/** The API's view of a rule and its state. */
function view(r: analyticsGrpc.AlertRule) {
  const d = r.rule;
  return {
    id: r.id,
    name: d?.name,
    kind: d?.kind,
    ...(d?.journeyId !== undefined && { journeyId: d.journeyId }),
    ...(d?.nodeId !== undefined && { nodeId: d.nodeId }),
    ...(d?.channel !== undefined && { channel: d.channel }),
    ...(d?.thresholdPercent !== undefined && { thresholdPercent: d.thresholdPercent }),
    ...(d?.windowMinutes !== undefined && { windowMinutes: d.windowMinutes }),
    ...(d?.minSamples !== undefined && { minSamples: d.minSamples }),
    ...(d?.hours !== undefined && { hours: d.hours }),
    enabled: d?.enabled ?? false,
    state: r.state,
    lastValue: r.lastEvaluatedMs === 0 ? null : r.lastValue,
    lastSamples: r.lastEvaluatedMs === 0 ? null : r.lastSamples,
    lastEvaluatedAt: iso(r.lastEvaluatedMs),
    stateChangedAt: iso(r.stateChangedMs),
    createdAt: iso(r.createdMs),
    updatedAt: iso(r.updatedMs),
  };
}

/**
 * Alert rules (FR-10.5), kept and evaluated by the analytics service. A rule naming a journey
 * must name one of the caller's workspace (else 404, like any unknown journey).
 */
@Injectable()
export class AlertRules {
  constructor(
    @Inject(ANALYTICS) private readonly analytics: AnalyticsClient,
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
  ) {}

  async create(p: Principal, input: AlertRuleInput) {
    if (input.journeyId !== undefined) await this.journeys.get(p.workspaceId, input.journeyId);
    const rule = await this.analytics.createAlertRule({
      ...input,
      workspaceId: p.workspaceId,
      enabled: input.enabled ?? true,
    });
    return view(rule);
  }

  async list(p: Principal) {
    const { rules } = await this.analytics.listAlertRules({ workspaceId: p.workspaceId });
    return { rules: rules.map(view) };
  }

  async get(p: Principal, id: string) {
    return view(await this.analytics.getAlertRule({ workspaceId: p.workspaceId, id }));
  }

  async update(p: Principal, id: string, change: AlertRuleChange) {
    if (typeof change.journeyId === 'string') await this.journeys.get(p.workspaceId, change.journeyId);
    const rule: analyticsGrpc.AlertRuleInput = {
      workspaceId: p.workspaceId,
      name: '',
      kind: '',
      enabled: false,
    };
    for (const [key, value] of Object.entries(change)) {
      if (value !== null && value !== undefined) (rule as unknown as Record<string, unknown>)[key] = value;
    }
    const updated = await this.analytics.updateAlertRule({
      workspaceId: p.workspaceId,
      id,
      rule,
      fields: Object.keys(change),
    });
    return view(updated);
  }

  async delete(p: Principal, id: string) {
    await this.analytics.deleteAlertRule({ workspaceId: p.workspaceId, id });
    return { deleted: true };
  }
}
