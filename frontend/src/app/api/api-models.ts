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

export type PublishStrategy = 'new_entries_only' | 'migrate_all';

/** The error body every failing route answers: `{error: {code, message, details?}}`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown; errorId?: string };
}
