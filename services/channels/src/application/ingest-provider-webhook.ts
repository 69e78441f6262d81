import type { CustomerEventMessage, DeliveryStatus } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import type { CredentialsCipher } from '../infrastructure/credentials-cipher';
import type { Channel } from '../ports/channel-provider';
import type { DeliveryLedger, DeliveryRecord } from '../ports/delivery-ledger';
import type { DeliveryStatusPublisher } from '../ports/delivery-status-publisher';
import type { ProviderConfigStore, StoredProviderConfig } from '../ports/provider-config-store';
import { SnsUrlRefused, type SnsClient } from '../ports/sns-client';
import { associatedData } from './manage-providers';
import { messageBirdSignatureProblem } from './messagebird-signature';
import { sesReportOf } from './ses-notifications';
import { parseSnsEnvelope, verifySnsSignature } from './sns-envelope';
import type { StatusReport } from './status-report';
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
// MessageBird SMS status -> our status (scheduled, sent, buffered are ignored).
const MESSAGEBIRD_STATUSES: Record<string, DeliveryStatus> = {
  delivered: 'delivered',
  delivery_failed: 'bounced',
  expired: 'failed',
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
    private readonly sns?: SnsClient,
    private readonly now: () => number = Date.now,
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
      case 'ses':
        reports = await this.sesViaSns(hook);
        break;
      case 'messagebird':
        reports = await this.messageBird(hook);
        break;
      default:
        throw new WebhookRejected(
          'not_found',
          `no delivery webhook for provider "${hook.provider}" (sendgrid, twilio, ses, messagebird)`,
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
        `no Twilio ${channel} provider configured to verify this callback (PUT /v1/providers/${channel})`,
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
        `X-Twilio-Signature does not verify for this URL and body: the ${channel} provider's credentials.authToken must be the Auth Token of the Twilio account that called, and WEBHOOK_PUBLIC_URL the gateway's public URL as Twilio calls it`,
      );
    const sid = params.get('MessageSid') ?? params.get('SmsSid');
    const status = TWILIO_STATUSES[params.get('MessageStatus') ?? params.get('SmsStatus') ?? ''];
    if (!sid || !status) return [null];
    const code = params.get('ErrorCode');
    return [
      { status, providerMessageId: sid, at: Date.now(), ...(code ? { detail: `Twilio error ${code}` } : {}) },
    ];
  }

  /**
   * Amazon SES notifications through an SNS topic subscribed to our URL (HTTPS): the SNS
   * signature is verified with the certificate at SigningCertURL (https, amazonaws.com), a
   * SubscriptionConfirmation is confirmed by visiting its SubscribeURL, and a Notification's
   * Message is the SES event (Delivery, Bounce, Complaint, Open, Click, Reject).
   */
  private async sesViaSns(hook: ProviderWebhook): Promise<Array<StatusReport | null>> {
    const envelope = parseSnsEnvelope(hook.rawBody.toString('utf8'));
    if (typeof envelope === 'string') throw new WebhookRejected('invalid', envelope);
    const config = await this.configs.get(hook.workspaceId, 'email');
    if (config?.provider !== 'ses' || !this.sns)
      throw new WebhookRejected(
        'unauthenticated',
        'no SES email provider configured to accept this notification',
      );
    const topic = config.settings.snsTopicArn;
    if (typeof topic === 'string' && topic !== envelope.TopicArn)
      throw new WebhookRejected(
        'unauthenticated',
        `SNS TopicArn ${envelope.TopicArn} is not the configured settings.snsTopicArn`,
      );
    let verified: boolean;
    try {
      verified = verifySnsSignature(envelope, await this.sns.signingKey(envelope.SigningCertURL));
    } catch (err) {
      if (!(err instanceof SnsUrlRefused)) throw err;
      throw new WebhookRejected('unauthenticated', `SNS signature cannot be checked: ${err.message}`);
    }
    if (!verified)
      throw new WebhookRejected(
        'unauthenticated',
        'SNS message signature does not verify with its certificate',
      );
    switch (envelope.Type) {
      case 'SubscriptionConfirmation':
        await this.sns.confirmSubscription(envelope.SubscribeURL ?? '');
        this.logger.info(
          { workspaceId: hook.workspaceId, topicArn: envelope.TopicArn },
          'confirmed the SNS subscription of SES notifications',
        );
        return [];
      case 'UnsubscribeConfirmation':
        return [];
      case 'Notification':
        return [sesReportOf(envelope.Message)];
    }
  }

  /**
   * MessageBird SMS status reports (a GET with query parameters by default, or a POST), signed
   * with `MessageBird-Signature-JWT` under the workspace's `credentials.signingKey`.
   */
  private async messageBird(hook: ProviderWebhook): Promise<Array<StatusReport | null>> {
    const config = await this.configs.get(hook.workspaceId, 'sms');
    if (config?.provider !== 'messagebird')
      throw new WebhookRejected(
        'unauthenticated',
        'no MessageBird sms provider configured to verify this report',
      );
    const { signingKey } = this.credentialsOf(hook.workspaceId, config, 'MessageBird');
    if (!signingKey)
      throw new WebhookRejected(
        'unauthenticated',
        'cannot verify this report: the MessageBird provider has no credentials.signingKey (PUT /v1/providers/sms)',
      );
    const problem = messageBirdSignatureProblem(
      signingKey,
      hook.url,
      hook.rawBody,
      hook.headers['messagebird-signature-jwt'],
      Math.floor(this.now() / 1000),
    );
    if (problem) throw new WebhookRejected('unauthenticated', problem);
    const params = messageBirdParams(hook);
    const status = MESSAGEBIRD_STATUSES[params.get('status') ?? ''];
    const id = params.get('id');
    const reference = params.get('reference');
    if (!status || (!id && !reference)) return [null];
    const at = Date.parse(params.get('statusDatetime') ?? '');
    const reason = [params.get('statusReason'), params.get('statusErrorCode')]
      .filter(Boolean)
      .join(', code ');
    return [
      {
        status,
        ...(reference ? { sendKey: reference } : {}),
        ...(id ? { providerMessageId: id } : {}),
        at: Number.isFinite(at) ? at : this.now(),
        ...(reason ? { detail: `MessageBird: ${reason}` } : {}),
      },
    ];
  }

  private credentialsOf(
    workspaceId: string,
    config: StoredProviderConfig,
    label: string,
  ): Record<string, string> {
    if (!this.cipher)
      throw new WebhookRejected('unauthenticated', `cannot verify this callback: no KALCIFER_ENCRYPTION_KEY`);
    try {
      return JSON.parse(
        this.cipher.decrypt(config.sealedCredentials, associatedData(workspaceId, config.channel)),
      ) as Record<string, string>;
    } catch (err) {
      throw new WebhookRejected(
        'unauthenticated',
        `cannot verify this callback: the ${label} credentials cannot be read (${(err as Error).message})`,
      );
    }
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
    if (report.status !== 'complained')
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

/** A MessageBird status report's parameters: the query string (GET), else the body (form or JSON). */
function messageBirdParams(hook: ProviderWebhook): URLSearchParams {
  const query = new URL(hook.url, 'http://localhost').searchParams;
  if (query.has('status')) return query;
  const text = hook.rawBody.toString('utf8');
  if (text.trimStart().startsWith('{')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(
        Object.entries(body).flatMap(([k, v]): Array<[string, string]> =>
          typeof v === 'string' || typeof v === 'number' ? [[k, String(v)]] : [],
        ),
      );
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}
