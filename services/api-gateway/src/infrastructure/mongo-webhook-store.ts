import type { Collection, Connection } from 'mongoose';
import { AppError, scoped } from '@kalcifer/platform';
import type {
  DeliveryAttempt,
  DeliveryStatus,
  SubscriptionChange,
  WebhookDelivery,
  WebhookStore,
  WebhookSubscription,
} from '../ports/webhook-store.port';

interface SubscriptionDoc extends Omit<WebhookSubscription, 'id'> {
  _id: string;
}

interface DeliveryDoc extends Omit<WebhookDelivery, 'id'> {
  _id: string;
  /** eventId as a number: the order of the log. */
  seq: number;
}

/** Attempts kept per delivery: the first ones and the latest tell the story. */
const LOG_ATTEMPTS = 30;
const DUPLICATE_KEY = 11000;

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const name = (err as Error)?.name ?? '';
    if (/Mongo(ose)?(Network|ServerSelection|NotConnected|Timeout)Error/.test(name))
      throw new AppError(
        'unavailable',
        'service_unavailable',
        'the webhook store (MongoDB) is unreachable; retry shortly',
      );
    throw err;
  }
}

const toSubscription = ({ _id, ...doc }: SubscriptionDoc): WebhookSubscription => ({ id: _id, ...doc });
const toDelivery = ({ _id, seq: _seq, ...doc }: DeliveryDoc): WebhookDelivery => ({ id: _id, ...doc });

/** Collections webhook_subscriptions and webhook_deliveries of the gateway's database. */
export class MongoWebhookStore implements WebhookStore {
  private readonly subscriptions: Collection<SubscriptionDoc>;
  private readonly deliveries: Collection<DeliveryDoc>;

  constructor(connection: Connection) {
    this.subscriptions = connection.collection<SubscriptionDoc>('webhook_subscriptions');
    this.deliveries = connection.collection<DeliveryDoc>('webhook_deliveries');
  }

  async ensureIndexes(): Promise<void> {
    await this.subscriptions.createIndex({ workspaceId: 1, createdAt: 1 });
    await this.deliveries.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ workspaceId: 1, subscriptionId: 1, seq: -1 });
  }

  insertSubscription(s: WebhookSubscription): Promise<void> {
    return guarded(async () => {
      const { id, ...rest } = s;
      await this.subscriptions.insertOne({ _id: id, ...rest });
    });
  }

  listSubscriptions(workspaceId: string): Promise<WebhookSubscription[]> {
    return guarded(async () =>
      (await this.subscriptions.find(scoped(workspaceId, {})).sort({ createdAt: 1 }).toArray()).map(
        toSubscription,
      ),
    );
  }

  getSubscription(workspaceId: string, id: string): Promise<WebhookSubscription | null> {
    return guarded(async () => {
      const doc = await this.subscriptions.findOne(scoped(workspaceId, { _id: id }));
      return doc ? toSubscription(doc) : null;
    });
  }

  updateSubscription(
    workspaceId: string,
    id: string,
    change: SubscriptionChange,
    now: Date,
  ): Promise<WebhookSubscription | null> {
    return guarded(async () => {
      const { journeyId, ...fields } = change;
      const set: Record<string, unknown> = { ...fields, updatedAt: now };
      const unset: Record<string, ''> = {};
      if (journeyId === null) unset.journeyId = '';
      else if (journeyId !== undefined) set.journeyId = journeyId;
      const doc = await this.subscriptions.findOneAndUpdate(
        scoped(workspaceId, { _id: id }),
        { $set: set, ...(Object.keys(unset).length > 0 && { $unset: unset }) },
        { returnDocument: 'after' },
      );
      return doc ? toSubscription(doc) : null;
    });
  }

  deleteSubscription(workspaceId: string, id: string): Promise<boolean> {
    return guarded(async () => {
      const { deletedCount } = await this.subscriptions.deleteOne(scoped(workspaceId, { _id: id }));
      await this.deliveries.deleteMany(scoped(workspaceId, { subscriptionId: id }));
      return deletedCount > 0;
    });
  }

  enqueue(deliveries: WebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return Promise.resolve();
    return guarded(async () => {
      try {
        await this.deliveries.insertMany(
          deliveries.map(({ id, ...d }) => ({ _id: id, seq: Number(d.eventId), ...d })),
          { ordered: false },
        );
      } catch (err) {
        // Already enqueued by an earlier delivery of the same journal message: nothing to add.
        const writeErrors = (err as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
        const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
        const onlyDuplicates =
          (err as { code?: number }).code === DUPLICATE_KEY ||
          (list.length > 0 && list.every((e) => e.code === DUPLICATE_KEY));
        if (!onlyDuplicates) throw err;
      }
    });
  }

  claimDue(now: Date, leaseMs: number): Promise<{ delivery: WebhookDelivery; lease: Date } | null> {
    return guarded(async () => {
      const lease = new Date(now.getTime() + leaseMs);
      const doc = await this.deliveries.findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { $set: { nextAttemptAt: lease } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after' },
      );
      return doc ? { delivery: toDelivery(doc), lease } : null;
    });
  }

  recordAttempt(
    delivery: WebhookDelivery,
    lease: Date,
    attempt: DeliveryAttempt,
    next: { status: DeliveryStatus; nextAttemptAt: Date },
  ): Promise<void> {
    return guarded(async () => {
      await this.deliveries.updateOne(
        scoped(delivery.workspaceId, { _id: delivery.id, status: 'pending' as const, nextAttemptAt: lease }),
        {
          $set: {
            status: next.status,
            nextAttemptAt: next.nextAttemptAt,
            ...(next.status === 'delivered' && { deliveredAt: attempt.at }),
          },
          $inc: { attempts: 1 },
          $push: { log: { $each: [attempt], $slice: -LOG_ATTEMPTS } },
        },
      );
    });
  }

  listDeliveries(
    workspaceId: string,
    subscriptionId: string,
    query: { status?: DeliveryStatus; limit: number; cursor?: string },
  ): Promise<{ items: WebhookDelivery[]; nextCursor?: string }> {
    return guarded(async () => {
      const filter = scoped(workspaceId, {
        subscriptionId,
        ...(query.status !== undefined && { status: query.status }),
        ...(query.cursor !== undefined && { seq: { $lt: Number(query.cursor) } }),
      });
      const docs = await this.deliveries
        .find(filter)
        .sort({ seq: -1 })
        .limit(query.limit + 1)
        .toArray();
      const page = docs.slice(0, query.limit);
      return {
        items: page.map(toDelivery),
        ...(docs.length > query.limit && { nextCursor: String(page[page.length - 1].seq) }),
      };
    });
  }
}
