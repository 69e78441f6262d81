import { GroupCommit, type Redis } from '@kalcifer/platform';
import type { Logger } from '@kalcifer/platform';
import type { OpenInstanceIndex, OpenInstanceRef } from '../ports/open-instance-index';

const PREFIX = 'kalcifer:open';
/** Present only once a rebuild from the store completed since Redis last lost its data. */
const READY_KEY = `${PREFIX}:ready`;
const REBUILD_LOCK_KEY = `${PREFIX}:rebuilding`;
const REBUILD_LOCK_MS = 60_000;
const REBUILD_PAGE = 1_000;

const setKey = (workspaceId: string, customerId: string) => `${PREFIX}:${workspaceId}:${customerId}`;

/** Reads every open instance from the store, page by page, in id order. */
export type OpenInstanceSource = (afterId: string | undefined, limit: number) => Promise<OpenInstanceRef[]>;

/**
 * The index as one Redis set per customer. Rebuilt from MongoDB (the authority) whenever the
 * ready marker is missing: at first start, and after Redis lost its data (flush, restart
 * without persistence). Ids added while a rebuild runs are kept: they are added before their
 * instance is inserted, so the rebuild can only add stale ids, never drop a live one.
 */
export class RedisOpenInstanceIndex implements OpenInstanceIndex {
  private rebuilding: Promise<void> | undefined;
  /** Lookups of concurrent events leave together: one MULTI (one write) for a whole batch. */
  private readonly lookups: GroupCommit<string, string[] | null>;

  constructor(
    private readonly redis: Redis,
    private readonly source: OpenInstanceSource,
    private readonly logger: Logger,
  ) {
    this.lookups = new GroupCommit((keys) => this.candidatesMany(keys));
  }

  async add(workspaceId: string, customerId: string, instanceId: string): Promise<void> {
    await this.redis.sadd(setKey(workspaceId, customerId), instanceId);
  }

  async remove(workspaceId: string, customerId: string, instanceId: string): Promise<void> {
    await this.redis.srem(setKey(workspaceId, customerId), instanceId);
  }

  candidates(workspaceId: string, customerId: string): Promise<string[] | null> {
    return this.lookups.submit(setKey(workspaceId, customerId));
  }

  /** The ready marker and every asked set, read atomically together. */
  private async candidatesMany(keys: string[]): Promise<Array<string[] | null | Error>> {
    const tx = this.redis.multi().exists(READY_KEY);
    for (const key of keys) tx.smembers(key);
    const replies = (await tx.exec()) as Array<[Error | null, unknown]>;
    const [readyError, ready] = replies[0] ?? [new Error('no reply'), 0];
    if (readyError) throw readyError;
    if (ready !== 1) {
      this.rebuildInBackground();
      return keys.map(() => null);
    }
    return keys.map((_, i) => {
      const [err, members] = replies[i + 1] ?? [new Error('no reply'), null];
      return err ?? (members as string[]);
    });
  }

  /** Starts a rebuild unless one runs (here or, by the Redis lock, in another replica). */
  rebuildInBackground(): void {
    this.rebuilding ??= this.rebuild()
      .catch((err: unknown) => this.logger.error({ err }, 'open-instance index rebuild failed'))
      .finally(() => (this.rebuilding = undefined));
  }

  /** Waits for a rebuild if the index needs one (used at start-up and by tests). */
  async ensureReady(): Promise<void> {
    if ((await this.redis.exists(READY_KEY)) === 1) return;
    this.rebuildInBackground();
    await this.rebuilding;
  }

  private async rebuild(): Promise<void> {
    const locked = await this.redis.set(REBUILD_LOCK_KEY, String(process.pid), 'PX', REBUILD_LOCK_MS, 'NX');
    if (locked !== 'OK') return;
    const started = Date.now();
    let count = 0;
    try {
      let after: string | undefined;
      for (;;) {
        const page = await this.source(after, REBUILD_PAGE);
        if (page.length === 0) break;
        const pipeline = this.redis.pipeline();
        for (const ref of page) pipeline.sadd(setKey(ref.workspaceId, ref.customerId), ref.id);
        pipeline.pexpire(REBUILD_LOCK_KEY, REBUILD_LOCK_MS);
        await pipeline.exec();
        count += page.length;
        after = page[page.length - 1].id;
      }
      await this.redis.set(READY_KEY, String(Date.now()));
      this.logger.info({ count, ms: Date.now() - started }, 'open-instance index rebuilt');
    } finally {
      await this.redis.del(REBUILD_LOCK_KEY);
    }
  }
}
