import type { CustomerChangedMessage } from '@kalcifer/contracts';
import type { InstanceStore } from '../ports/instance-store';
import type { OpenInstanceIndex } from '../ports/open-instance-index';
import type { ApplySignal } from './apply-signal';

/** A profile changed (API upsert or a journey node): open instances re-check their exit criteria. */
export class OnCustomerChanged {
  constructor(
    private readonly instances: InstanceStore,
    private readonly openIndex: OpenInstanceIndex,
    private readonly applySignal: ApplySignal,
  ) {}

  async execute(m: CustomerChangedMessage): Promise<void> {
    const open =
      (await this.openIndex.candidates(m.workspaceId, m.customerId)) ??
      (await this.instances.findOpenForCustomer(m.workspaceId, m.customerId));
    await Promise.all(
      open.map((id) =>
        this.applySignal.execute(m.workspaceId, id, {
          kind: 'profile_changed',
          id: `customer:${m.changeId}`,
        }),
      ),
    );
  }
}
