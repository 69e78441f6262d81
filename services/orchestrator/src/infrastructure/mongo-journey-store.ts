import { isDuplicateKey } from '@kalcifer/platform';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { JourneyRecord, JourneyStore, PendingPublish, VersionRecord } from '../ports/journey-store';

interface JourneyDoc extends Omit<JourneyRecord, 'id'> {
  _id: string;
}
interface VersionDoc extends Omit<VersionRecord, 'pending'> {
  _id: string;
  /** Set while the version's publish is unfinished (indexed: the ticker looks for these). */
  pendingPublish?: boolean;
  /** The PendingPublish as JSON text (a mapping's node ids may contain dots). */
  pendingJson?: string;
}

const journeySchema = new Schema<JourneyDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    name: { type: String, required: true, maxlength: 200 },
    description: { type: String, default: '' },
    status: { type: String, required: true, enum: ['draft', 'active', 'paused', 'archived'] },
    draft: { type: Schema.Types.Mixed, required: true },
    latestVersion: { type: Number, required: true, default: 0 },
    activeVersion: { type: Number, required: true, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    webhookToken: { type: String },
  },
  { collection: 'journeys', versionKey: false, minimize: false },
);
journeySchema.index({ workspaceId: 1, status: 1 });

const versionSchema = new Schema<VersionDoc>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    journeyId: { type: String, required: true },
    version: { type: Number, required: true },
    graph: { type: Schema.Types.Mixed, required: true },
    strategy: { type: String, required: true },
    note: { type: String, default: '' },
    author: { type: String, default: '' },
    createdAt: { type: Date, required: true },
    pendingPublish: { type: Boolean },
    pendingJson: { type: String },
  },
  { collection: 'journey_versions', versionKey: false, minimize: false },
);
versionSchema.index({ workspaceId: 1, journeyId: 1, version: 1 });
versionSchema.index({ pendingPublish: 1 });

const versionId = (journeyId: string, version: number) => `${journeyId}:v${version}`;

function toJourney(doc: JourneyDoc): JourneyRecord {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}

function toVersion(doc: VersionDoc): VersionRecord {
  const { _id: _ignored, pendingPublish: _flag, pendingJson, ...rest } = doc;
  return pendingJson === undefined ? rest : { ...rest, pending: parsePending(pendingJson) };
}

function parsePending(json: string): PendingPublish {
  const raw = JSON.parse(json) as PendingPublish;
  const audit = { ...raw.audit, at: new Date(raw.audit.at) };
  if (!raw.migration) return { audit };
  const m = raw.migration;
  return { audit, migration: { ...m, createdAt: new Date(m.createdAt), updatedAt: new Date(m.updatedAt) } };
}

export class MongoJourneyStore implements JourneyStore {
  private readonly journeys: Model<JourneyDoc>;
  private readonly versions: Model<VersionDoc>;

  constructor(conn: Connection) {
    this.journeys = conn.model<JourneyDoc>('Journey', journeySchema);
    this.versions = conn.model<VersionDoc>('JourneyVersion', versionSchema);
  }

  async init(): Promise<void> {
    await this.journeys.createIndexes();
    await this.versions.createIndexes();
  }

  async create(journey: JourneyRecord): Promise<void> {
    const { id, ...rest } = journey;
    await this.journeys.create({ _id: id, ...rest });
  }

  async get(workspaceId: string, journeyId: string): Promise<JourneyRecord | null> {
    const doc = await this.journeys.findOne({ _id: journeyId, workspaceId }).lean<JourneyDoc>();
    return doc ? toJourney(doc) : null;
  }

  async list(workspaceId: string, query: { status?: string; limit: number; cursor?: string }) {
    const filter: Record<string, unknown> = { workspaceId };
    if (query.status) filter.status = query.status;
    if (query.cursor) filter._id = { $gt: query.cursor };
    const docs = await this.journeys
      .find(filter)
      .sort({ _id: 1 })
      .limit(query.limit + 1)
      .lean<JourneyDoc[]>();
    const items = docs.slice(0, query.limit).map(toJourney);
    return { items, nextCursor: docs.length > query.limit ? items[items.length - 1]?.id : undefined };
  }

  async update(
    workspaceId: string,
    journeyId: string,
    expectedUpdatedAt: Date,
    changes: Partial<Omit<JourneyRecord, 'id' | 'workspaceId' | 'createdAt'>>,
  ): Promise<boolean> {
    const res = await this.journeys.updateOne(
      { _id: journeyId, workspaceId, updatedAt: expectedUpdatedAt },
      { $set: changes },
    );
    return res.matchedCount === 1;
  }

  async getForWebhook(journeyId: string): Promise<JourneyRecord | null> {
    const doc = await this.journeys.findOne({ _id: journeyId }).lean<JourneyDoc>();
    return doc ? toJourney(doc) : null;
  }

  async listActiveEverywhere(): Promise<JourneyRecord[]> {
    const docs = await this.journeys.find({ status: 'active' }).lean<JourneyDoc[]>();
    return docs.map(toJourney);
  }

  async listActive(workspaceId: string): Promise<JourneyRecord[]> {
    const docs = await this.journeys.find({ workspaceId, status: 'active' }).lean<JourneyDoc[]>();
    return docs.map(toJourney);
  }

  async insertVersion(version: VersionRecord): Promise<boolean> {
    try {
      const { pending, ...rest } = version;
      await this.versions.create({
        _id: versionId(version.journeyId, version.version),
        ...rest,
        ...(pending && { pendingPublish: true, pendingJson: JSON.stringify(pending) }),
      });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async pendingVersions(): Promise<VersionRecord[]> {
    // Unscoped on purpose: the ticker finishes interrupted publishes of every workspace.
    const docs = await this.versions.find({ pendingPublish: true }).lean<VersionDoc[]>();
    return docs.map(toVersion);
  }

  async markVersionPublished(workspaceId: string, journeyId: string, version: number): Promise<void> {
    await this.versions.updateOne(
      { _id: versionId(journeyId, version), workspaceId },
      { $unset: { pendingPublish: 1, pendingJson: 1 } },
    );
  }

  async getVersion(workspaceId: string, journeyId: string, version: number): Promise<VersionRecord | null> {
    const doc = await this.versions
      .findOne({ _id: versionId(journeyId, version), workspaceId })
      .lean<VersionDoc>();
    return doc ? toVersion(doc) : null;
  }

  async listVersions(workspaceId: string, journeyId: string): Promise<VersionRecord[]> {
    const docs = await this.versions
      .find({ workspaceId, journeyId })
      .sort({ version: 1 })
      .lean<VersionDoc[]>();
    return docs.map(toVersion);
  }
}
