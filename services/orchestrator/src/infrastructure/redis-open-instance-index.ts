import type { Redis } from '@kalcifer/platform';
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

  constructor(
    private readonly redis: Redis,
    private readonly source: OpenInstanceSource,
    private readonly logger: Logger,
  ) {}

  async add(workspaceId: string, customerId: string, instanceId: string): Promise<void> {
    await this.redis.sadd(setKey(workspaceId, customerId), instanceId);
  }

  async remove(workspaceId: string, customerId: string, instanceId: string): Promise<void> {
    await this.redis.srem(setKey(workspaceId, customerId), instanceId);
  }

  async candidates(workspaceId: string, customerId: string): Promise<string[] | null> {
    const [[, ready], [, members]] = (await this.redis
      .multi()
      .exists(READY_KEY)
      .smembers(setKey(workspaceId, customerId))
      .exec()) as [[null, number], [null, string[]]];
    if (ready === 1) return members;
    this.rebuildInBackground();
    return null;
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
