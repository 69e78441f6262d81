import { subjects, type CustomerChangedMessage, type ProfileUpdateMessage } from '@kalcifer/contracts';
import { KeyedMutex } from '@kalcifer/platform';
import type { ProfileChangeStore } from '../ports/customer-store';
import type { MessageBus } from '../ports/message-bus';

/**
 * A profile change made by a journey node (update_profile, add_tag, remove_tag): applied to the
 * profile once per update id, then announced so that open instances re-check exit criteria.
 */
export class ApplyProfileChange {
  /** One change of a profile at a time in this process (two at once would only conflict). */
  private readonly perCustomer = new KeyedMutex();

  constructor(
    private readonly customers: ProfileChangeStore,
    private readonly bus: MessageBus,
  ) {}

  async execute(m: ProfileUpdateMessage): Promise<void> {
    await this.perCustomer.run(`${m.workspaceId}|${m.customerId}`, () =>
      this.customers.applyChange(m.workspaceId, m.customerId, {
        updateId: m.updateId,
        set: m.set,
        unset: m.unset,
        increment: m.increment,
        addTags: m.addTags,
        removeTags: m.removeTags,
      }),
    );
    // Announced even when already applied: a crash may have come between the write and this
    // publish; the deterministic msg id makes the second announcement a no-op.
    const body: CustomerChangedMessage = {
      workspaceId: m.workspaceId,
      customerId: m.customerId,
      changeId: m.updateId,
    };
    await this.bus.publish([
      {
        subject: subjects.customerChanged(m.workspaceId),
        msgId: `customer:${m.workspaceId}:${m.customerId}:${m.updateId}`,
        body,
      },
    ]);
  }
}
