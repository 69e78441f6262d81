import type { Connection, Model, PipelineStage } from 'mongoose';
import type { JourneyEventType } from '@kalcifer/contracts';
import type { AlertWindow, WindowCounts } from '../domain/alert-evaluation';
import type { AlertRule } from '../domain/alert-rule';
import type { AlertWindowCounter } from '../ports/alert-window-counter';
import { journeyEventSchema, type JourneyEventDocument } from './journey-event.schema';

/** A send's outcome: `sent`, `failed`, `unknown` from the worker, later reports from the provider. */
const OUTCOMES = ['sent', 'failed', 'unknown', 'delivered', 'bounced'];
const FAILURES = ['failed', 'bounced'];
/** Opened or clicked implies delivered (some providers report no delivery). */
const DELIVERED = ['delivered', 'opened', 'clicked'];

/**
 * What a rule measures, read from `journey_events` (indexes `{workspaceId, journeyId, type, at}`
 * and `{workspaceId, type, at}`). A send is counted once however many statuses it had in the
 * window (grouped by its send key): a send that was sent and then bounced is one failure.
 */
export class MongoAlertWindowCounter implements AlertWindowCounter {
  private readonly model: Model<JourneyEventDocument>;

  constructor(conn: Connection) {
    this.model =
      (conn.models.JourneyEvent as Model<JourneyEventDocument> | undefined) ??
      conn.model<JourneyEventDocument>('JourneyEvent', journeyEventSchema);
  }

  async countWindow(rule: AlertRule, window: AlertWindow): Promise<WindowCounts> {
    switch (rule.kind) {
      case 'failure_rate': {
        const [samples, failures, failedInstances] = await Promise.all([
          this.distinctSends(rule, window, OUTCOMES),
          this.distinctSends(rule, window, FAILURES),
          // An instance that failed at the node is a failure of the node too.
          rule.nodeId === undefined
            ? 0
            : this.model.countDocuments(this.match(rule, window, 'journey.failed')).exec(),
        ]);
        return {
          kind: 'failure_rate',
          samples: samples + failedInstances,
          failures: failures + failedInstances,
        };
      }
      case 'delivery_rate': {
        const [sent, delivered] = await Promise.all([
          this.distinctSends(rule, window, ['sent']),
          this.distinctSends(rule, window, DELIVERED),
        ]);
        return { kind: 'delivery_rate', sent, delivered };
      }
      case 'no_entries': {
        const entry = await this.model
          .findOne(this.match(rule, window, 'journey.entered'), { _id: 1 })
          .lean()
          .exec();
        return { kind: 'no_entries', entered: entry === null ? 0 : 1 };
      }
    }
  }

  private match(rule: AlertRule, window: AlertWindow, type: JourneyEventType): PipelineStage.Match['$match'] {
    return {
      workspaceId: rule.workspaceId,
      ...(rule.journeyId !== undefined && { journeyId: rule.journeyId }),
      type,
      at: { $gte: window.start, $lt: window.end },
      ...(rule.nodeId !== undefined && { nodeId: rule.nodeId }),
    };
  }

  private async distinctSends(rule: AlertRule, window: AlertWindow, statuses: string[]): Promise<number> {
    const rows = await this.model
      .aggregate<{ n: number }>([
        {
          $match: {
            ...this.match(rule, window, 'message.status'),
            status: { $in: statuses },
            ...(rule.channel !== undefined && { channel: rule.channel }),
          },
        },
        { $group: { _id: '$sendKey' } },
        { $count: 'n' },
      ])
      .exec();
    return rows[0]?.n ?? 0;
  }
}
