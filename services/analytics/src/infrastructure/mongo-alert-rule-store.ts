import type { Connection, Model } from 'mongoose';
import type { AlertRule, AlertRuleDefinition } from '../domain/alert-rule';
import type { AlertNotice, AlertRuleStore, RuleRef, StateChange } from '../ports/alert-rule-store';
import { alertRuleSchema, type AlertRuleDocument } from './alert-rule.schema';

const DEFINITION_FIELDS = [
  'journeyId',
  'nodeId',
  'channel',
  'thresholdPercent',
  'windowMinutes',
  'minSamples',
  'hours',
] as const;

function toRule(doc: AlertRuleDocument): AlertRule {
  const { _id, pendingNotice: _pending, ...rest } = doc;
  const rule: AlertRule = { id: _id, ...rest };
  for (const key of Object.keys(rule) as (keyof AlertRule)[])
    if (rule[key] === null || rule[key] === undefined) delete rule[key];
  return rule;
}

/** Alert rules and their state, one document per rule in the service's own database. */
export class MongoAlertRuleStore implements AlertRuleStore {
  private readonly model: Model<AlertRuleDocument>;

  constructor(conn: Connection) {
    this.model = conn.model<AlertRuleDocument>('AlertRule', alertRuleSchema);
  }

  async init(): Promise<void> {
    await this.model.createCollection().catch((err: unknown) => {
      if (!String(err).includes('already exists')) throw err;
    });
    await this.model.createIndexes();
  }

  async insert(rule: AlertRule): Promise<void> {
    const { id, ...rest } = rule;
    await this.model.create({ _id: id, ...rest });
  }

  async list(workspaceId: string): Promise<AlertRule[]> {
    const docs = await this.model.find({ workspaceId }).sort({ createdAt: 1, _id: 1 }).lean().exec();
    return docs.map(toRule);
  }

  async get(ref: RuleRef): Promise<AlertRule | null> {
    const doc = await this.model.findOne({ _id: ref.id, workspaceId: ref.workspaceId }).lean().exec();
    return doc === null ? null : toRule(doc);
  }

  async update(ref: RuleRef, definition: AlertRuleDefinition, updatedAt: number): Promise<AlertRule | null> {
    const $set: Record<string, unknown> = {
      name: definition.name,
      kind: definition.kind,
      enabled: definition.enabled,
      updatedAt,
    };
    const $unset: Record<string, ''> = {};
    for (const field of DEFINITION_FIELDS) {
      if (definition[field] === undefined) $unset[field] = '';
      else $set[field] = definition[field];
    }
    const doc = await this.model
      .findOneAndUpdate(
        { _id: ref.id, workspaceId: ref.workspaceId },
        { $set, ...(Object.keys($unset).length > 0 && { $unset }) },
        { new: true },
      )
      .lean()
      .exec();
    return doc === null ? null : toRule(doc);
  }

  async delete(ref: RuleRef): Promise<boolean> {
    const res = await this.model.deleteOne({ _id: ref.id, workspaceId: ref.workspaceId }).exec();
    return res.deletedCount === 1;
  }

  async listEnabled(): Promise<AlertRule[]> {
    const docs = await this.model.find({ enabled: true }).lean().exec();
    return docs.map(toRule);
  }

  async changeState(ref: RuleRef, expectedVersion: number, change: StateChange): Promise<boolean> {
    const res = await this.model
      .updateOne(
        { _id: ref.id, workspaceId: ref.workspaceId, stateVersion: expectedVersion },
        {
          $set: {
            state: change.state,
            stateVersion: expectedVersion + 1,
            stateChangedAt: change.at,
            lastValue: change.value,
            lastSamples: change.samples,
            lastEvaluatedAt: change.at,
            pendingNotice: change.notice,
          },
        },
      )
      .exec();
    return res.modifiedCount === 1;
  }

  async recordEvaluation(ref: RuleRef, value: number, samples: number, at: number): Promise<void> {
    await this.model
      .updateOne(
        { _id: ref.id, workspaceId: ref.workspaceId },
        { $set: { lastValue: value, lastSamples: samples, lastEvaluatedAt: at } },
      )
      .exec();
  }

  async pendingNotices(): Promise<Array<{ ref: RuleRef; notice: AlertNotice }>> {
    const docs = await this.model
      .find({ pendingNotice: { $exists: true } }, { workspaceId: 1, pendingNotice: 1 })
      .lean()
      .exec();
    return docs
      .filter((d) => d.pendingNotice !== undefined && d.pendingNotice !== null)
      .map((d) => ({
        ref: { id: d._id, workspaceId: d.workspaceId },
        notice: d.pendingNotice as AlertNotice,
      }));
  }

  async noticePublished(ref: RuleRef, msgId: string): Promise<void> {
    await this.model
      .updateOne(
        { _id: ref.id, workspaceId: ref.workspaceId, 'pendingNotice.msgId': msgId },
        { $unset: { pendingNotice: '' } },
      )
      .exec();
  }
}
