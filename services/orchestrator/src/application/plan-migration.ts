import {
  inRollout,
  migrateInstance,
  resolveMapping,
  summarisePlans,
  validateMapping,
  type InstanceState,
  type JourneyGraph,
  type MappingProblem,
  type MigrationOutcome,
  type NodeMapping,
  type PublishedVersion,
  type RemovedNodePolicy,
} from '@kalcifer/journey';
import type { CustomerStore } from '../ports/customer-store';
import type { InstanceStore } from '../ports/instance-store';
import type { JourneyCatalog } from './journey-catalog';
import { PlanTally } from './plan-tally';
import type { StepFacts } from './step-facts';

const PAGE = 1_000;
const DRY_RUN_CONCURRENCY = 500;

export interface PlanRequest {
  workspaceId: string;
  journeyId: string;
  to: PublishedVersion;
  edits: NodeMapping;
  removedNodePolicy?: RemovedNodePolicy;
}

export interface MappingPlan {
  /** Versions that open instances are on (other than the target). */
  fromVersions: number[];
  /** Resolved mapping per from version. */
  mapping: Record<string, NodeMapping>;
  problems: Array<MappingProblem & { fromVersion?: number }>;
  /** Open instances per version, before the migration. */
  perVersion: Record<string, number>;
}

export interface DryRunSummary {
  total: number;
  moves: Array<{ from: string; to: string | null; outcome: string; count: number }>;
  problems: MappingPlan['problems'];
  perVersion: Record<string, number>;
  /** Open instances that the migration would take up (all, or the first percent). */
  selected: number;
}

/**
 * The migration planner of a publish: resolves and checks the node mapping against where open
 * instances stand now, and (dry run) runs the domain's migrateInstance over them in memory, the
 * very function the migration consumer runs later.
 */
export class PlanMigration {
  constructor(
    private readonly instances: InstanceStore,
    private readonly customers: CustomerStore,
    private readonly catalog: JourneyCatalog,
    private readonly facts: StepFacts,
    /** Open instances read and summarised at a time by the dry run. */
    private readonly pageSize = PAGE,
  ) {}

  async mappingPlan(req: PlanRequest): Promise<MappingPlan> {
    // Counted and grouped by the store: planning a migration of 50,000 instances reads none of them.
    const { perVersion, nodes } = await this.instances.occupancy(req.workspaceId, req.journeyId);
    const occupied = new Map([...nodes].filter(([version]) => version < req.to.version));
    const fromVersions = [...occupied.keys()].sort((a, b) => a - b);
    const graphs = new Map<number, JourneyGraph>();
    for (const v of fromVersions) graphs.set(v, (await this.versionOf(req, v)).graph);

    const problems: MappingPlan['problems'] = [];
    // An edit names a node of some from version; it applies to each version that has that node.
    const known = new Set([...graphs.values()].flatMap((g) => g.nodes.map((n) => n.id)));
    for (const oldId of Object.keys(req.edits)) {
      if (fromVersions.length > 0 && !known.has(oldId))
        problems.push({
          code: 'unknown_old_node',
          nodeId: oldId,
          message: `mapping names node "${oldId}", which no version that customers are on has (versions ${fromVersions.join(', ')}); remove it or use a node id of those versions`,
        });
    }
    const mapping: Record<string, NodeMapping> = {};
    for (const v of fromVersions) {
      const graph = graphs.get(v) as JourneyGraph;
      const ids = new Set(graph.nodes.map((n) => n.id));
      const edits = Object.fromEntries(Object.entries(req.edits).filter(([oldId]) => ids.has(oldId)));
      const resolved = resolveMapping(graph, req.to.graph, edits, req.removedNodePolicy);
      mapping[String(v)] = resolved;
      for (const p of validateMapping(
        graph,
        req.to.graph,
        resolved,
        new Set(occupied.get(v)?.keys()),
        req.removedNodePolicy,
      ))
        problems.push({ ...p, fromVersion: v });
    }
    return { fromVersions, mapping, problems, perVersion };
  }

  /**
   * What the migration would do to the open instances, computed and not written. Summarised a
   * page at a time: memory holds a page, not the journey (a million waiting did not answer in 120 s).
   */
  async dryRun(
    req: PlanRequest,
    plan: MappingPlan,
    percent: number,
    migrationId: string,
  ): Promise<DryRunSummary> {
    const tally = new PlanTally();
    let selected = 0;
    const now = Date.now();
    for await (const records of this.instances.openInJourney(req.workspaceId, req.journeyId, this.pageSize)) {
      const outcomes: Array<{ before: InstanceState; outcome: MigrationOutcome }> = [];
      const chosen: InstanceState[] = [];
      for (const { state } of records) {
        if (state.version >= req.to.version) continue;
        if (inRollout(state.id, percent)) chosen.push(state);
        else
          outcomes.push({
            before: state,
            outcome: { kind: 'unchanged', reason: `not in the first ${percent}%` },
          });
      }
      selected += chosen.length;
      // Profiles are read a page at a time: the customer store group-commits them into `$in` reads.
      for (let i = 0; i < chosen.length; i += DRY_RUN_CONCURRENCY) {
        const planned = await Promise.all(
          chosen.slice(i, i + DRY_RUN_CONCURRENCY).map(async (state) => {
            const from = await this.versionOf(req, state.version);
            const customer = await this.customers.get(req.workspaceId, state.customerId);
            const facts = await this.facts.build(
              [from, req.to],
              req.workspaceId,
              state.customerId,
              customer?.attributes ?? {},
              false,
              now,
            );
            const spec = {
              toVersion: req.to,
              mapping: plan.mapping[String(state.version)] ?? {},
              migrationId,
            };
            return { before: state, outcome: migrateInstance(from, state, spec, now, facts) };
          }),
        );
        outcomes.push(...planned);
      }
      tally.add(summarisePlans(outcomes));
    }
    return { ...tally.summary(), problems: plan.problems, perVersion: plan.perVersion, selected };
  }

  private async versionOf(req: PlanRequest, v: number): Promise<PublishedVersion> {
    const version = await this.catalog.version(req.workspaceId, req.journeyId, v);
    if (!version) throw new Error(`version ${v} of journey ${req.journeyId} is missing`);
    return version;
  }
}
