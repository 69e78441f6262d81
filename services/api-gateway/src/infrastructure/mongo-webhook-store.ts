import type { Collection, Connection } from 'mongoose';
import { AppError, scoped, SecretCipher } from '@kalcifer/platform';
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

const toDelivery = ({ _id, seq: _seq, ...doc }: DeliveryDoc): WebhookDelivery => ({ id: _id, ...doc });

/** Collections webhook_subscriptions and webhook_deliveries of the gateway's database. */
export class MongoWebhookStore implements WebhookStore {
  private readonly subscriptions: Collection<SubscriptionDoc>;
  private readonly deliveries: Collection<DeliveryDoc>;

  /**
   * With a cipher, subscription secrets are sealed at rest (AES-256-GCM, bound to workspace and
   * subscription); without one (no KALCIFER_ENCRYPTION_KEY) they are stored as they are.
   * Secrets stored in clear before a key was set are still read, and sealed by `reencryptSecrets`.
   */
  constructor(
    connection: Connection,
    private readonly cipher?: SecretCipher,
  ) {
    this.subscriptions = connection.collection<SubscriptionDoc>('webhook_subscriptions');
    this.deliveries = connection.collection<DeliveryDoc>('webhook_deliveries');
  }

  private seal(workspaceId: string, id: string, secret: string): string {
    return this.cipher ? this.cipher.encrypt(secret, secretOwner(workspaceId, id)) : secret;
  }

  private open(workspaceId: string, id: string, stored: string): string {
    if (!SecretCipher.isSealed(stored)) return stored;
    if (!this.cipher)
      throw new AppError(
        'unavailable',
        'encryption_key_missing',
        'webhook secrets are sealed: set KALCIFER_ENCRYPTION_KEY on the api-gateway',
      );
    return this.cipher.decrypt(stored, secretOwner(workspaceId, id));
  }

  private toSubscription({ _id, ...doc }: SubscriptionDoc): WebhookSubscription {
    return {
      id: _id,
      ...doc,
      secret: this.open(doc.workspaceId, _id, doc.secret),
      ...(doc.previousSecret !== undefined && {
        previousSecret: this.open(doc.workspaceId, _id, doc.previousSecret),
      }),
    };
  }

  rotateSecret(
    workspaceId: string,
    id: string,
    secret: string,
    previousExpiresAt: Date,
    now: Date,
  ): Promise<WebhookSubscription | null> {
    return guarded(async () => {
      const current = await this.subscriptions.findOne(scoped(workspaceId, { _id: id }));
      if (!current) return null;
      // Compare-and-set on the stored secret: two rotations at once cannot lose one.
      const doc = await this.subscriptions.findOneAndUpdate(
        scoped(workspaceId, { _id: id, secret: current.secret }),
        {
          $set: {
            secret: this.seal(workspaceId, id, secret),
            previousSecret: current.secret,
            previousSecretExpiresAt: previousExpiresAt,
            updatedAt: now,
          },
        },
        { returnDocument: 'after' },
      );
      if (!doc)
        throw new AppError('conflict', 'concurrent_rotation', 'the secret was rotated meanwhile; retry');
      return this.toSubscription(doc);
    });
  }

  /**
   * Maintenance (after a key rotation, or once a key is first set): seals every subscription
   * secret that is in clear or under an older key again under the current key. Unscoped on purpose.
   */
  async reencryptSecrets(): Promise<{
    found: number;
    reencrypted: number;
    failed: Array<{ id: string; error: string }>;
  }> {
    const cipher = this.cipher;
    if (!cipher) throw new Error('set KALCIFER_ENCRYPTION_KEY (the new key) first');
    const report = { found: 0, reencrypted: 0, failed: [] as Array<{ id: string; error: string }> };
    for await (const doc of this.subscriptions.find({})) {
      const fields = (['secret', 'previousSecret'] as const).filter(
        (f) => doc[f] !== undefined && cipher.isStale(doc[f]),
      );
      if (fields.length === 0) continue;
      report.found++;
      try {
        const set: Record<string, string> = {};
        for (const f of fields)
          set[f] = cipher.encrypt(
            this.open(doc.workspaceId, doc._id, doc[f] as string),
            secretOwner(doc.workspaceId, doc._id),
          );
        const { modifiedCount } = await this.subscriptions.updateOne(
          scoped(doc.workspaceId, { _id: doc._id, secret: doc.secret }),
          { $set: set },
        );
        if (modifiedCount > 0) report.reencrypted++;
      } catch (err) {
        report.failed.push({ id: doc._id, error: (err as Error).message });
      }
    }
    return report;
  }

  async ensureIndexes(): Promise<void> {
    await this.subscriptions.createIndex({ workspaceId: 1, createdAt: 1 });
    await this.deliveries.createIndex({ status: 1, nextAttemptAt: 1 });
    await this.deliveries.createIndex({ workspaceId: 1, subscriptionId: 1, seq: -1 });
  }

  insertSubscription(s: WebhookSubscription): Promise<void> {
    return guarded(async () => {
      const { id, ...rest } = s;
      await this.subscriptions.insertOne({
        _id: id,
        ...rest,
        secret: this.seal(s.workspaceId, id, s.secret),
      });
    });
  }

  listSubscriptions(workspaceId: string): Promise<WebhookSubscription[]> {
    return guarded(async () =>
      (await this.subscriptions.find(scoped(workspaceId, {})).sort({ createdAt: 1 }).toArray()).map((doc) =>
        this.toSubscription(doc),
      ),
    );
  }

  getSubscription(workspaceId: string, id: string): Promise<WebhookSubscription | null> {
    return guarded(async () => {
      const doc = await this.subscriptions.findOne(scoped(workspaceId, { _id: id }));
      return doc ? this.toSubscription(doc) : null;
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
      return doc ? this.toSubscription(doc) : null;
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

/** Binds a sealed secret to its subscription: a value copied to another record does not open. */
function secretOwner(workspaceId: string, id: string): string {
  return `${workspaceId}:webhook_subscription:${id}`;
}
