/**
 * The console's own view of the gateway's REST API (docs/api.md, /openapi.json). Only the fields
 * the console reads are declared: the gateway's DTOs never reach the app except through this file.
 */

export type JourneyStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface Position {
  x: number;
  y: number;
}

export interface GraphNode {
  id: string;
  type: string;
  config: Record<string, unknown>;
  name?: string;
  position?: Position;
}

export interface GraphEdge {
  from: string;
  to: string;
  output: string;
}

export interface JourneyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  exitCriteria?: string;
  goal?: unknown;
}

export interface Journey {
  id: string;
  name: string;
  description: string;
  status: JourneyStatus;
  draft: JourneyGraph | null;
  latestVersion: number | null;
  activeVersion: number | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface JourneyPage {
  journeys: Journey[];
  nextCursor: string | null;
}

/** One problem of a graph, as the validate route reports it. */
export interface GraphIssue {
  code: string;
  message: string;
  nodeId?: string;
  nodeIds?: string[];
  edge?: GraphEdge;
  path?: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: GraphIssue[];
}

export interface JourneyVersion {
  journeyId: string;
  version: number;
  strategy: string;
  note: string;
  author: string;
  createdAt: string;
}

export interface PublishResult {
  version: JourneyVersion;
  dryRun: boolean;
}

/** What a version changes compared with another (or with the draft: `to: "draft"`). */
export interface VersionDiff {
  from: number | null;
  to: number | 'draft';
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: { id: string; type?: { from: string; to: string }; changedFields: string[] }[];
  addedEdges: GraphEdge[];
  removedEdges: GraphEdge[];
}

/** Where a migrating publish would move the open instances (computed by the orchestrator). */
export interface MigrationPlan {
  total: number;
  selected: number;
  moves: { from: string; to: string | null; outcome: string; count: number }[];
  outcomes: Record<string, number>;
  problems: { code: string; nodeId?: string; message: string }[];
}

/** A dry run of a publish: nothing is stored. */
export interface PublishPreview {
  diff: VersionDiff;
  plan: MigrationPlan | null;
}

export type PublishStrategy = 'new_entries_only' | 'migrate_all' | 'gradual';

/** The error body every failing route answers: `{error: {code, message, details?}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}

/** A published version with its graph (`GET /v1/journeys/{id}/versions/{n}`). */
export interface JourneyVersionDetail extends JourneyVersion {
  graph: JourneyGraph;
}

/** Where an old node's customers go: a node of the new version, or a policy. */
export type MappingTarget = string | { policy: RemovedNodePolicy };
export type RemovedNodePolicy = 'skip' | 'exit' | 'hold';

/** The migration part of a publish or rollback request. */
export interface MigrationOptions {
  strategy: PublishStrategy;
  mapping?: Record<string, MappingTarget>;
  removedNodePolicy?: RemovedNodePolicy;
  /** `gradual`: the share of the open instances moved now (raised later on the dashboard). */
  rollout?: { percent: number };
  note?: string;
}

/** What a publish or rollback answers; a dry run stores nothing (`migration` is then null). */
export interface MigrationPublishResult {
  version: JourneyVersion;
  dryRun: boolean;
  plan:
    | (MigrationPlan & { fromVersions?: number[]; mapping?: Record<string, Record<string, MappingTarget>> })
    | null;
  migration: Migration | null;
  diff: VersionDiff;
}

export type MigrationStatus = 'running' | 'completed' | 'halted' | 'superseded';

/** A live migration of open instances to a new version, with its progress. */
export interface Migration {
  id: string;
  journeyId: string;
  fromVersions: number[];
  toVersion: number;
  strategy: string;
  percent?: number;
  status: MigrationStatus;
  counts: {
    total: number;
    enqueued: number;
    migrated: number;
    held: number;
    exited: number;
    failed: number;
    unchanged: number;
  };
  instancesPerVersion: Record<string, number>;
  author: string;
  createdAt: string;
  updatedAt: string;
  countedAt?: string;
}

export type InstanceStatus = 'active' | 'waiting' | 'paused' | 'held' | 'completed' | 'exited' | 'failed';

/** One customer in one journey, pinned to one version; its tokens say where it stands. */
export interface Instance {
  id: string;
  journeyId: string;
  version: number;
  customerId: string;
  status: InstanceStatus;
  statusReason: string | null;
  state: { tokens: { nodeId: string; state: string; wait?: Record<string, unknown> }[] };
  createdAt: string;
  updatedAt: string;
  endedAt: string | null;
}

/** Customers at each node of each version now (`GET /v1/journeys/{id}/occupancy`). */
export interface JourneyOccupancy {
  journeyId: string;
  perVersion: Record<string, number>;
  nodes: { version: number; nodeId: string; customers: number }[];
}

export interface InstancePage {
  instances: Instance[];
  nextCursor: string | null;
}

/** One thing that happened to a customer (`GET /v1/customers/{id}/trace`). */
export interface TraceEntry {
  at: string;
  instanceId: string;
  journeyId: string;
  version: number;
  type: string;
  nodeId?: string;
  message: string;
  data?: Record<string, unknown>;
}

/** One turn of a conversation with the AI designer: the proposed graph and why. */
export interface DesignerTurn {
  sessionId: string;
  turn: number;
  designer: string;
  graph: JourneyGraph;
  summary: string;
  explanation: string;
  notes: string[];
  diff?: VersionDiff;
  /** Document imports only: which rows or paragraphs were read as what. */
  format?: string;
  ignored?: string[];
}

/** One step of an instance on the live stream (`GET /v1/stream`, event `journal`). */
export interface JournalStep {
  journeyId: string;
  version: number;
  instanceId: string;
  customerId: string;
  events: { type: string; nodeId?: string; data?: Record<string, unknown> }[];
}

/** `GET /v1/me`: who the credential is and in which workspace it acts. */
export interface Me {
  workspaceId: string;
  workspaceName: string;
  role: string;
  actor: string;
  credential: 'api_key' | 'jwt';
}

/** `GET /v1/journeys/{id}/analytics`: the journey's figures over [from, to). */
export interface AnalyticsSummary {
  journeyId: string;
  from: string | null;
  to: string | null;
  entered: number;
  completed: number;
  exited: number;
  failed: number;
  converted: number;
  conversionRate: number;
}

/** One row of `GET /v1/journeys/{id}/analytics/nodes`: a node of one version. */
export interface NodeStats {
  nodeId: string;
  version: number;
  entered: number;
  exited: number;
  ended: number;
  avgMs: number;
  p95Ms: number;
}

export interface FunnelStep {
  nodeId: string;
  reached: number;
  rate: number;
}

/** `GET /v1/journeys/{id}/analytics/ab-results`: per A/B split, its variants and their comparisons. */
export interface AbResults {
  journeyId: string;
  minSamplePerVariant: number;
  confidence: number;
  splits: AbSplitResult[];
}

export interface AbSplitResult {
  nodeId: string;
  variants: { variant: string; entered: number; converted: number; conversionRate: number }[];
  comparisons: {
    baseline: string;
    variant: string;
    enoughData: boolean;
    difference: number | null;
    pValue: number | null;
    ciLow: number | null;
    ciHigh: number | null;
    significant: boolean | null;
    verdict: string;
  }[];
}
