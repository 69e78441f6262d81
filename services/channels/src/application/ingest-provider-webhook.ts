import type { CustomerEventMessage, DeliveryStatus } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import type { CredentialsCipher } from '../infrastructure/credentials-cipher';
import type { Channel } from '../ports/channel-provider';
import type { DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger';
import type { DeliveryStatusPublisher } from '../ports/delivery-status-publisher';
import type { ProviderConfigStore } from '../ports/provider-config-store';
import { associatedData } from './manage-providers';
import { verifySendGridSignature, verifyTwilioSignature } from './webhook-signatures';

/** A provider's delivery webhook as the gateway received it. */
export interface ProviderWebhook {
  workspaceId: string;
  provider: string;
  rawBody: Buffer;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The public URL the provider called (Twilio signs it). */
  url: string;
}

export type WebhookRejectionKind = 'unauthenticated' | 'invalid' | 'not_found';

export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
  constructor(
    readonly kind: WebhookRejectionKind,
    message: string,
  ) {
    super(message);
  }
}

/** One status report about one of our sends. */
interface StatusReport {
  status: DeliveryStatus;
  sendKey?: string;
  providerMessageId?: string;
  at: number;
  detail?: string;
}

export const SENDGRID_SEND_KEY_ARG = 'kalcifer_send_key';

// SendGrid event -> our status; events not listed (processed, deferred, spamreport...) are ignored.
const SENDGRID_EVENTS: Record<string, DeliveryStatus> = {
  delivered: 'delivered',
  open: 'opened',
  click: 'clicked',
  bounce: 'bounced',
  dropped: 'failed',
};
// Twilio MessageStatus -> our status (queued, sending, sent, accepted... are ignored).
const TWILIO_STATUSES: Record<string, DeliveryStatus> = {
  delivered: 'delivered',
  read: 'opened',
  undelivered: 'bounced',
  failed: 'failed',
};

/**
 * Verifies a provider's delivery webhook, finds each reported delivery (by our send key where
 * the provider echoes it, else by the provider's message id), records the status on the ledger
 * and tells the instance: a DeliveryStatusMessage and a customer event `<channel>.<status>`.
 */
export class IngestProviderWebhook {
  constructor(
    private readonly ledger: DeliveryLedger,
    private readonly configs: ProviderConfigStore,
    private readonly cipher: CredentialsCipher | undefined,
    private readonly statuses: DeliveryStatusPublisher,
    private readonly logger: Logger,
  ) {}

  async execute(hook: ProviderWebhook): Promise<{ accepted: number; ignored: number }> {
    let reports: Array<StatusReport | null>;
    switch (hook.provider) {
      case 'sendgrid':
        reports = await this.sendGrid(hook);
        break;
      case 'twilio':
        reports = await this.twilio(hook);
        break;
      default:
        throw new WebhookRejected(
          'not_found',
          `no delivery webhook for provider "${hook.provider}" (sendgrid, twilio)`,
        );
    }
    let accepted = 0;
    for (const report of reports) {
      if (report && (await this.route(hook.workspaceId, report))) accepted++;
    }
    return { accepted, ignored: reports.length - accepted };
  }

  private async sendGrid(hook: ProviderWebhook): Promise<Array<StatusReport | null>> {
    const config = await this.configs.get(hook.workspaceId, 'email');
    const key = config?.provider === 'sendgrid' ? config.settings.webhookVerificationKey : undefined;
    if (typeof key === 'string') {
      const ok = verifySendGridSignature(
        key,
        hook.rawBody,
        hook.headers['x-twilio-email-event-webhook-signature'],
        hook.headers['x-twilio-email-event-webhook-timestamp'],
      );
      if (!ok)
        throw new WebhookRejected('unauthenticated', 'SendGrid event webhook signature does not verify');
    }
    let events: unknown;
    try {
      events = JSON.parse(hook.rawBody.toString('utf8'));
    } catch {
      throw new WebhookRejected('invalid', 'SendGrid event webhook body must be a JSON array of events');
    }
    if (!Array.isArray(events))
      throw new WebhookRejected('invalid', 'SendGrid event webhook body must be a JSON array of events');
    return events.map((raw): StatusReport | null => {
      if (!raw || typeof raw !== 'object') return null;
      const e = raw as Record<string, unknown>;
      const status = typeof e.event === 'string' ? SENDGRID_EVENTS[e.event] : undefined;
      if (!status) return null;
      const sgId = typeof e.sg_message_id === 'string' ? e.sg_message_id : undefined;
      const reason = typeof e.reason === 'string' ? e.reason : undefined;
      return {
        status,
        ...(typeof e[SENDGRID_SEND_KEY_ARG] === 'string' ? { sendKey: e[SENDGRID_SEND_KEY_ARG] } : {}),
        // sg_message_id is the X-Message-Id followed by `.filter...`.
        ...(sgId ? { providerMessageId: sgId.split('.')[0] ?? sgId } : {}),
        at: typeof e.timestamp === 'number' ? e.timestamp * 1000 : Date.now(),
        ...(reason ? { detail: reason } : {}),
      };
    });
  }

  private async twilio(hook: ProviderWebhook): Promise<Array<StatusReport | null>> {
    const params = new URLSearchParams(hook.rawBody.toString('utf8'));
    const channel: Channel = (params.get('To') ?? '').startsWith('whatsapp:') ? 'whatsapp' : 'sms';
    const config = await this.configs.get(hook.workspaceId, channel);
    if (config?.provider !== 'twilio' || !this.cipher)
      throw new WebhookRejected(
        'unauthenticated',
        `no Twilio ${channel} provider configured to verify this callback`,
      );
    let credentials: { authToken?: string };
    try {
      credentials = JSON.parse(
        this.cipher.decrypt(config.sealedCredentials, associatedData(hook.workspaceId, channel)),
      ) as { authToken?: string };
    } catch (err) {
      throw new WebhookRejected(
        'unauthenticated',
        `cannot verify this callback: the Twilio credentials cannot be read (${(err as Error).message})`,
      );
    }
    if (
      !verifyTwilioSignature(
        credentials.authToken ?? '',
        hook.url,
        params,
        hook.headers['x-twilio-signature'],
      )
    )
      throw new WebhookRejected(
        'unauthenticated',
        'X-Twilio-Signature does not verify for this URL and body',
      );
    const sid = params.get('MessageSid') ?? params.get('SmsSid');
    const status = TWILIO_STATUSES[params.get('MessageStatus') ?? params.get('SmsStatus') ?? ''];
    if (!sid || !status) return [null];
    const code = params.get('ErrorCode');
    return [
      { status, providerMessageId: sid, at: Date.now(), ...(code ? { detail: `Twilio error ${code}` } : {}) },
    ];
  }

  /** True when the report was about one of our deliveries and was passed on. */
  private async route(workspaceId: string, report: StatusReport): Promise<boolean> {
    let record: DeliveryRecord | null = null;
    if (report.sendKey) record = await this.ledger.get({ workspaceId, sendKey: report.sendKey });
    if (!record && report.providerMessageId)
      record = await this.ledger.findByProviderMessageId(workspaceId, report.providerMessageId);
    if (!record) {
      this.logger.debug({ workspaceId, report }, 'delivery webhook for an unknown delivery');
      return false;
    }
    const key = { workspaceId, sendKey: record.sendKey };
    const at = new Date(report.at);
    await this.statuses.publish({
      workspaceId,
      sendKey: record.sendKey,
      instanceId: record.instanceId,
      nodeId: record.nodeId,
      status: report.status,
      channel: record.channel,
      ...(report.detail ? { detail: report.detail } : {}),
      ...(record.providerMessageId ? { providerMessageId: record.providerMessageId } : {}),
      at: report.at,
    });
    const event: CustomerEventMessage = {
      workspaceId,
      customerId: record.customerId,
      event: {
        id: `delivery-${record.sendKey}-${report.status}`,
        name: `${record.channel}.${report.status}`,
        properties: {
          sendKey: record.sendKey,
          nodeId: record.nodeId,
          journeyId: record.journeyId,
          instanceId: record.instanceId,
        },
        timestamp: report.at,
      },
      receivedAt: Date.now(),
    };
    await this.statuses.publishEvent(event);
    await this.ledger.recordProviderStatus(key, report.status, at);
    return true;
  }
}
