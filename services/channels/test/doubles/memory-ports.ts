import type { CustomerEventMessage, DeliveryStatusMessage } from '@kalcifer/contracts';
import type { Channel } from '../../src/ports/channel-provider';
import type {
  DeliveryChange,
  DeliveryKey,
  DeliveryLedger,
  DeliveryRecord,
  DeliveryState,
  NewDelivery,
} from '../../src/ports/delivery-ledger';
import type { DeliveryStatusPublisher } from '../../src/ports/delivery-status-publisher';
import type { InvalidRecipient, InvalidRecipients } from '../../src/ports/invalid-recipients';
import type { ProviderConfigStore, StoredProviderConfig } from '../../src/ports/provider-config-store';

/** Test doubles of the ports (unit tests only; the integration tests use MongoDB and NATS). */
export class MemoryProviderConfigStore implements ProviderConfigStore {
  readonly configs = new Map<string, StoredProviderConfig>();

  async get(workspaceId: string, channel: Channel): Promise<StoredProviderConfig | null> {
    return Promise.resolve(this.configs.get(`${workspaceId}:${channel}`) ?? null);
  }

  async list(workspaceId: string): Promise<StoredProviderConfig[]> {
    return Promise.resolve([...this.configs.values()].filter((c) => c.workspaceId === workspaceId));
  }

  async put(config: StoredProviderConfig): Promise<void> {
    this.configs.set(`${config.workspaceId}:${config.channel}`, config);
    return Promise.resolve();
  }

  async delete(workspaceId: string, channel: Channel): Promise<boolean> {
    return Promise.resolve(this.configs.delete(`${workspaceId}:${channel}`));
  }

  async sealedUnderOtherKeys(currentKeyId: string): Promise<StoredProviderConfig[]> {
    return Promise.resolve(
      [...this.configs.values()].filter((c) => !c.sealedCredentials.startsWith(`v1:${currentKeyId}:`)),
    );
  }

  async replaceSealedCredentials(
    workspaceId: string,
    channel: Channel,
    expected: string,
    sealed: string,
  ): Promise<boolean> {
    const config = this.configs.get(`${workspaceId}:${channel}`);
    if (config?.sealedCredentials !== expected) return Promise.resolve(false);
    this.configs.set(`${workspaceId}:${channel}`, { ...config, sealedCredentials: sealed });
    return Promise.resolve(true);
  }
}

export class MemoryLedger implements DeliveryLedger {
  readonly records = new Map<string, DeliveryRecord & { providerStatuses?: string[] }>();

  add(record: Partial<DeliveryRecord> & { sendKey: string; workspaceId: string }): void {
    const now = new Date(0);
    this.records.set(record.sendKey, {
      instanceId: 'ins_1',
      journeyId: 'jrn_1',
      nodeId: 'node_1',
      customerId: 'cus_1',
      channel: 'email',
      to: '',
      subject: '',
      status: 'sent',
      attempts: 1,
      createdAt: now,
      updatedAt: now,
      ...record,
    });
  }

  async claim(delivery: NewDelivery, now: Date): Promise<{ created: boolean; record: DeliveryRecord }> {
    const existing = this.records.get(delivery.sendKey);
    if (existing) return Promise.resolve({ created: false, record: existing });
    const record: DeliveryRecord = {
      ...delivery,
      status: 'claimed',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
    this.records.set(delivery.sendKey, record);
    return Promise.resolve({ created: true, record });
  }

  async get(key: DeliveryKey): Promise<DeliveryRecord | null> {
    const r = this.records.get(key.sendKey);
    return Promise.resolve(r && r.workspaceId === key.workspaceId ? r : null);
  }

  async findByProviderMessageId(workspaceId: string, id: string): Promise<DeliveryRecord | null> {
    const r = [...this.records.values()].find(
      (d) => d.workspaceId === workspaceId && d.providerMessageId === id,
    );
    return Promise.resolve(r ?? null);
  }

  async recordProviderStatus(key: DeliveryKey, status: string): Promise<void> {
    const r = this.records.get(key.sendKey);
    if (r) r.providerStatuses = [...(r.providerStatuses ?? []), status];
    return Promise.resolve();
  }

  async transition(
    key: DeliveryKey,
    from: DeliveryState[],
    change: DeliveryChange,
    now: Date,
  ): Promise<DeliveryRecord | null> {
    const r = this.records.get(key.sendKey);
    if (!r || !from.includes(r.status)) return Promise.resolve(null);
    const next: DeliveryRecord = {
      ...r,
      status: change.status,
      updatedAt: now,
      attempts: r.attempts + (change.incrementAttempts ? 1 : 0),
      ...(change.providerMessageId !== undefined ? { providerMessageId: change.providerMessageId } : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.detail !== undefined ? { detail: change.detail } : {}),
    };
    if (change.leaseExpiresAt) next.leaseExpiresAt = change.leaseExpiresAt;
    if (change.leaseExpiresAt === null) delete next.leaseExpiresAt;
    this.records.set(key.sendKey, next);
    return Promise.resolve(next);
  }
}

export class RecordingPublisher implements DeliveryStatusPublisher {
  readonly statuses: DeliveryStatusMessage[] = [];
  readonly events: CustomerEventMessage[] = [];

  async publish(status: DeliveryStatusMessage): Promise<void> {
    this.statuses.push(status);
    return Promise.resolve();
  }

  async publishEvent(event: CustomerEventMessage): Promise<void> {
    this.events.push(event);
    return Promise.resolve();
  }
}

export class MemoryInvalidRecipients implements InvalidRecipients {
  readonly marked: InvalidRecipient[] = [];

  async mark(recipient: InvalidRecipient): Promise<void> {
    this.marked.push(recipient);
    return Promise.resolve();
  }

  async find(workspaceId: string, channel: Channel, address: string): Promise<InvalidRecipient | null> {
    const found = this.marked.find(
      (r) => r.workspaceId === workspaceId && r.channel === channel && r.address === address,
    );
    return Promise.resolve(found ?? null);
  }
}
