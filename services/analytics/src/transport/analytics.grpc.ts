import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { analyticsGrpc } from '@kalcifer/contracts';
import { startGrpcServer, type Logger } from '@kalcifer/platform';
import type { AlertRuleKind } from '@kalcifer/contracts';
import type { RangeQuery } from '../application/analytics-range';
import type { ManageAlertRules } from '../application/manage-alert-rules';
import type { AlertRule, AlertRuleDefinition } from '../domain/alert-rule';
import type { AbResultsView, GetAbResults } from '../application/get-ab-results';
import type { GetFunnel } from '../application/get-funnel';
import type { GetJourneyAnalytics } from '../application/get-journey-analytics';
import type { GetNodeAnalytics } from '../application/get-node-analytics';

/** The Analytics gRPC service (proto/kalcifer/v1/analytics.proto): thin mapping to the use cases. */
export class AnalyticsGrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: { port: number; close(): Promise<void> };

  constructor(
    private readonly address: string,
    private readonly journeys: GetJourneyAnalytics,
    private readonly nodes: GetNodeAnalytics,
    private readonly funnels: GetFunnel,
    private readonly abResults: GetAbResults,
    private readonly alertRules: ManageAlertRules,
    private readonly logger: Logger,
  ) {}

  get boundPort(): number | undefined {
    return this.server?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = await startGrpcServer(
      analyticsGrpc.AnalyticsService,
      {
        getJourneyAnalytics: (r) => this.journeys.execute(rangeOf(r)),
        getNodeAnalytics: async (r) => ({ nodes: await this.nodes.execute(rangeOf(r)) }),
        getFunnel: async (r) => ({ steps: await this.funnels.execute({ ...rangeOf(r), path: r.path }) }),
        getAbResults: async (r) => toAbResults(await this.abResults.execute(rangeOf(r))),
        createAlertRule: async (r) => ruleOut(await this.alertRules.create(r.workspaceId, definitionIn(r))),
        listAlertRules: async (r) => ({ rules: (await this.alertRules.list(r.workspaceId)).map(ruleOut) }),
        getAlertRule: async (r) => ruleOut(await this.alertRules.get(r)),
        updateAlertRule: async (r) => {
          const input = definitionIn(r.rule ?? emptyInput);
          const change: Partial<AlertRuleDefinition> = {};
          for (const field of r.fields) {
            if (!(DEFINITION_KEYS as readonly string[]).includes(field)) continue;
            const key = field as (typeof DEFINITION_KEYS)[number];
            (change as Record<string, unknown>)[key] = input[key];
          }
          return ruleOut(await this.alertRules.update({ workspaceId: r.workspaceId, id: r.id }, change));
        },
        deleteAlertRule: async (r) => {
          await this.alertRules.delete(r);
          return { deleted: true };
        },
      },
      this.address,
      this.logger,
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }
}

/** 0 leaves an end of the range open (proto3 has no absent int64). */
function rangeOf(r: { workspaceId: string; journeyId: string; fromMs: number; toMs: number }): RangeQuery {
  return {
    workspaceId: r.workspaceId,
    journeyId: r.journeyId,
    ...(r.fromMs !== 0 && { fromMs: r.fromMs }),
    ...(r.toMs !== 0 && { toMs: r.toMs }),
  };
}

const DEFINITION_KEYS = [
  'name',
  'kind',
  'journeyId',
  'nodeId',
  'channel',
  'thresholdPercent',
  'windowMinutes',
  'minSamples',
  'hours',
  'enabled',
] as const satisfies readonly (keyof AlertRuleDefinition)[];

type AlertRuleInput = analyticsGrpc.AlertRuleInput;
const emptyInput: AlertRuleInput = { workspaceId: '', name: '', kind: '', enabled: false };

function definitionIn(r: AlertRuleInput): AlertRuleDefinition {
  return {
    name: r.name,
    kind: r.kind as AlertRuleKind, // checked by the use case
    ...(r.journeyId !== undefined && { journeyId: r.journeyId }),
    ...(r.nodeId !== undefined && { nodeId: r.nodeId }),
    ...(r.channel !== undefined && { channel: r.channel }),
    ...(r.thresholdPercent !== undefined && { thresholdPercent: r.thresholdPercent }),
    ...(r.windowMinutes !== undefined && { windowMinutes: r.windowMinutes }),
    ...(r.minSamples !== undefined && { minSamples: r.minSamples }),
    ...(r.hours !== undefined && { hours: r.hours }),
    enabled: r.enabled,
  };
}

function ruleOut(rule: AlertRule): analyticsGrpc.AlertRule {
  return {
    id: rule.id,
    rule: {
      workspaceId: rule.workspaceId,
      name: rule.name,
      kind: rule.kind,
      journeyId: rule.journeyId,
      nodeId: rule.nodeId,
      channel: rule.channel,
      thresholdPercent: rule.thresholdPercent,
      windowMinutes: rule.windowMinutes,
      minSamples: rule.minSamples,
      hours: rule.hours,
      enabled: rule.enabled,
    },
    state: rule.state,
    lastValue: rule.lastValue ?? 0,
    lastSamples: rule.lastSamples ?? 0,
    lastEvaluatedMs: rule.lastEvaluatedAt ?? 0,
    stateChangedMs: rule.stateChangedAt ?? 0,
    createdMs: rule.createdAt,
    updatedMs: rule.updatedAt,
  };
}

/** A comparison without enough data leaves the test's fields at 0 (`enoughData` false says so). */
function toAbResults(view: AbResultsView): analyticsGrpc.AbResults {
  return {
    minSamplePerVariant: view.minSamplePerVariant,
    confidence: view.confidence,
    splits: view.splits.map((split) => ({
      nodeId: split.nodeId,
      variants: split.variants,
      comparisons: split.comparisons.map((c) =>
        c.enoughData ? c : { ...c, z: 0, pValue: 0, ciLow: 0, ciHigh: 0, significant: false },
      ),
    })),
  };
}
