import type { JetStreamClient } from '@nats-io/jetstream';
import { alertSubject } from '@kalcifer/contracts';
import { publishJson } from '@kalcifer/platform';
import type { AlertPublisher } from '../ports/alert-publisher';
import type { AlertNotice } from '../ports/alert-rule-store';

/** Alerts go on the journal, so the gateway's webhook worker and live stream carry them. */
export class NatsAlertPublisher implements AlertPublisher {
  constructor(private readonly js: JetStreamClient) {}

  async publish(notice: AlertNotice): Promise<void> {
    await publishJson(this.js, {
      subject: alertSubject(notice.message.workspaceId),
      msgId: notice.msgId,
      body: notice.message,
    });
  }
}
