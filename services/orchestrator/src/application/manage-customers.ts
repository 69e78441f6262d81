import { randomUUID } from 'node:crypto';
import { subjects, type CustomerChangedMessage } from '@kalcifer/contracts';
import { invalid } from '@kalcifer/platform';
import type { CustomerStore } from '../ports/customer-store';
import type { MessageBus } from '../ports/message-bus';

const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;

/** Customer profiles. A change is announced so that open instances re-check their exit criteria. */
export class ManageCustomers {
  constructor(
    private readonly customers: CustomerStore,
    private readonly bus: MessageBus,
  ) {}

  async upsert(workspaceId: string, customerId: string, attributes: Record<string, unknown>) {
    if (!customerId.trim()) throw invalid('invalid_request', 'customer id is required');
    for (const name of Object.keys(attributes)) {
      if (!ATTRIBUTE_NAME.test(name)) {
        throw invalid(
          'invalid_attribute_name',
          `Attribute name "${name}" is not allowed: use letters, digits, _ and -, starting with a letter or _`,
        );
      }
    }
    const customer = await this.customers.upsert(workspaceId, customerId, attributes);
    const changeId = randomUUID();
    const body: CustomerChangedMessage = { workspaceId, customerId, changeId };
    await this.bus.publish([
      {
        subject: subjects.customerChanged(workspaceId),
        msgId: `customer:${workspaceId}:${customerId}:${changeId}`,
        body,
      },
    ]);
    return customer;
  }

  get(workspaceId: string, customerId: string) {
    return this.customers.get(workspaceId, customerId);
  }
}
