import type { Logger } from '@kalcifer/platform';
import type { InstanceStore } from '../ports/instance-store';
import type { ApplySignal } from './apply-signal';

/**
 * Re-publishes outboxes left behind by a crash between an instance write and its publish.
 * Message ids are deterministic, so anything that did go out is dropped as a duplicate.
 */
export class RecoverOutbox {
  constructor(
    private readonly instances: InstanceStore,
    private readonly applySignal: ApplySignal,
    private readonly logger: Logger,
  ) {}

  async sweep(olderThanMs: number): Promise<number> {
    let total = 0;
    for (;;) {
      const pending = await this.instances.findWithPendingOutbox(new Date(Date.now() - olderThanMs), 200);
      if (pending.length === 0) break;
      for (const record of pending) {
        await this.applySignal.publishOutbox(
          record.state.workspaceId,
          record.state.id,
          record.revision,
          record.outbox,
        );
      }
      total += pending.length;
      if (pending.length < 200) break;
    }
    if (total > 0) this.logger.info({ instances: total }, 'recovered pending outboxes');
    return total;
  }
}
