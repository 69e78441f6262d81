import type { AuditEntry } from './audit-log';
import type { MigrationRecord } from './migration-store';
import type { JourneyGraph } from '@kalcifer/journey';

export type JourneyStatus = 'draft' | 'active' | 'paused' | 'archived';

export interface JourneyRecord {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  status: JourneyStatus;
  draft: JourneyGraph;
  latestVersion: number;
  activeVersion: number;
  createdAt: Date;
  updatedAt: Date;
  /** Secret of the webhook entry URL (`POST /v1/hooks/{id}/{token}`); set at creation. */
  webhookToken?: string;
}

export interface VersionRecord {
  workspaceId: string;
  journeyId: string;
  version: number;
  graph: JourneyGraph;
  strategy: string;
  note: string;
  author: string;
  createdAt: Date;
  /**
   * What its publish still has to do after storing it (point the journey at it, start its
   * migration, write the audit entry); cleared once done. Stored with the version in one write,
   * so a publish cut short by a crash is finished by the ticker (complete-publish.ts).
   */
  pending?: PendingPublish;
}

export interface PendingPublish {
  migration?: MigrationRecord;
  audit: AuditEntry;
}

export interface JourneyStore {
  create(journey: JourneyRecord): Promise<void>;
  get(workspaceId: string, journeyId: string): Promise<JourneyRecord | null>;
  list(
    workspaceId: string,
    query: { status?: string; limit: number; cursor?: string },
  ): Promise<{ items: JourneyRecord[]; nextCursor?: string }>;
  /** Compare-and-set on `updatedAt`; false when someone else changed it first. */
  update(
    workspaceId: string,
    journeyId: string,
    expectedUpdatedAt: Date,
    changes: Partial<Omit<JourneyRecord, 'id' | 'workspaceId' | 'createdAt'>>,
  ): Promise<boolean>;
  /**
   * A journey by id alone, for the unauthenticated webhook entry: the caller must then prove
   * it knows the journey's webhook token (the token, not an API key, is the credential).
   */
  getForWebhook(journeyId: string): Promise<JourneyRecord | null>;
  /** Active journeys of every workspace (scheduled and segment entries). */
  listActiveEverywhere(): Promise<JourneyRecord[]>;
  /** Journeys whose status is active, for event entries. */
  listActive(workspaceId: string): Promise<JourneyRecord[]>;
  /** Inserts an immutable version; false when that number exists already. */
  insertVersion(version: VersionRecord): Promise<boolean>;
  /** Versions whose publish is not finished (`pending` set), every workspace. */
  pendingVersions(): Promise<VersionRecord[]>;
  /** Clears `pending`: the version's publish is finished. */
  markVersionPublished(workspaceId: string, journeyId: string, version: number): Promise<void>;
  getVersion(workspaceId: string, journeyId: string, version: number): Promise<VersionRecord | null>;
  listVersions(workspaceId: string, journeyId: string): Promise<VersionRecord[]>;
}

export const JOURNEY_STORE = Symbol('JourneyStore');
