import { Inject, Injectable } from '@nestjs/common';
import type { analyticsGrpc } from '@kalcifer/contracts';
import { ANALYTICS, type AnalyticsClient } from '../ports/analytics.port';
import {
  JOURNEY_LOOKUP,
  ORCHESTRATOR,
  type JourneyLookup,
  type OrchestratorClient,
} from '../ports/orchestrator.port';
import { assertNodeOfJourney } from './alert-rule-node';
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
 * must name one of the caller's workspace (else 404, like any unknown journey), and a rule naming
 * a node one of that journey's nodes (else 400 unknown_node).
 */
@Injectable()
export class AlertRules {
  constructor(
    @Inject(ANALYTICS) private readonly analytics: AnalyticsClient,
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
  ) {}

  async create(p: Principal, input: AlertRuleInput) {
    if (input.journeyId !== undefined) await this.journeys.get(p.workspaceId, input.journeyId);
    if (input.journeyId !== undefined && input.nodeId !== undefined)
      await this.assertNode(p, input.journeyId, input.nodeId);
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
    await this.assertChangedNode(p, id, change);
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

  /**
   * A change that sets the node or the journey of a node rule: the node it ends up with must be
   * one of the journey it ends up with (the other half read from the stored rule when not sent).
   */
  private async assertChangedNode(p: Principal, id: string, change: AlertRuleChange): Promise<void> {
    if (typeof change.nodeId !== 'string' && typeof change.journeyId !== 'string') return;
    let { journeyId, nodeId } = change;
    if (journeyId === undefined || nodeId === undefined) {
      const current = (await this.analytics.getAlertRule({ workspaceId: p.workspaceId, id })).rule;
      if (journeyId === undefined) journeyId = current?.journeyId;
      if (nodeId === undefined) nodeId = current?.nodeId;
    }
    // A missing half is the analytics service's to report (invalid_alert_rule).
    if (typeof journeyId === 'string' && typeof nodeId === 'string')
      await this.assertNode(p, journeyId, nodeId);
  }

  private assertNode(p: Principal, journeyId: string, nodeId: string): Promise<void> {
    return assertNodeOfJourney(this.orchestrator, this.journeys, p.workspaceId, journeyId, nodeId);
  }

  async delete(p: Principal, id: string) {
    await this.analytics.deleteAlertRule({ workspaceId: p.workspaceId, id });
    return { deleted: true };
  }
}
