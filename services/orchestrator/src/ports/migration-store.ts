import type { NodeMapping, RemovedNodePolicy } from '@kalcifer/journey';

export type MigrationStrategy = 'migrate_all' | 'gradual';
/** `superseded`: a later publish started its own migration; this one enqueues nothing more. */
export type MigrationStatus = 'running' | 'completed' | 'halted' | 'superseded';
export type ItemOutcome = 'enqueued' | 'migrated' | 'held' | 'exited' | 'failed' | 'unchanged';

export interface RolloutStep {
  percent: number;
  /** Epoch ms. */
  at: number;
  done: boolean;
}

/** One live migration of a journey's open instances to a new version (DESIGN.md §5). */
export interface MigrationRecord {
  id: string;
  workspaceId: string;
  journeyId: string;
  fromVersions: number[];
  toVersion: number;
  strategy: MigrationStrategy;
  /** Instances with inRollout(id, percent) are migrated; 100 for migrate_all. */
  percent: number;
  /** The percentage whose instances have all been enqueued (the fan-out's restart point). */
  enqueuedPercent: number;
  schedule: RolloutStep[];
  /** The resolved mapping per from version (`"1"` -> mapping). */
  mapping: Record<string, NodeMapping>;
  /** The publisher's edits and policy, to resolve the mapping of a version not planned above. */
  edits: NodeMapping;
  removedNodePolicy?: RemovedNodePolicy;
  status: MigrationStatus;
  author: string;
  createdAt: Date;
  updatedAt: Date;
}

export type MigrationCounts = Record<ItemOutcome | 'total', number>;

export interface MigrationStore {
  /** Stores a new migration; one with this id stored before is left as it is. */
  insert(record: MigrationRecord): Promise<void>;
  get(workspaceId: string, journeyId: string, migrationId: string): Promise<MigrationRecord | null>;
  list(workspaceId: string, journeyId: string): Promise<MigrationRecord[]>;
  /**
   * Migrations running or halted, every workspace (the ticker: schedules, fan-out resume; a halted
   * migration may still owe the fan-out of its last raise).
   */
  listUnfinished(): Promise<MigrationRecord[]>;
  /** Compare-and-set on `updatedAt`; false when someone else changed the record first. */
  update(
    record: MigrationRecord,
    changes: Partial<Pick<MigrationRecord, 'percent' | 'enqueuedPercent' | 'schedule' | 'status'>>,
  ): Promise<MigrationRecord | null>;
  /** Records instances as enqueued for the migration; ones recorded before are left as they are. */
  addItems(workspaceId: string, migrationId: string, instanceIds: string[]): Promise<void>;
  /** Instance ids still `enqueued` (sent to the consumer, not yet done), in batches, by one query. */
  pendingItems(workspaceId: string, migrationId: string, batchSize: number): AsyncIterable<string[]>;
  /** Sets the instance's outcome (idempotent: the same outcome written twice counts once). */
  setOutcome(
    workspaceId: string,
    migrationId: string,
    instanceId: string,
    outcome: ItemOutcome,
    detail?: string,
  ): Promise<void>;
  /** Whether any item is still `enqueued` (one indexed lookup, unlike `counts`). */
  hasPending(workspaceId: string, migrationId: string): Promise<boolean>;
  /** Items per outcome (one indexed count each). */
  counts(workspaceId: string, migrationId: string): Promise<MigrationCounts>;
}
