import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import {
  EmailProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type LookupResult,
  type ProviderAcceptance,
} from '../ports/channel-provider';
import type { MailpitLookup } from './mailpit-lookup';
import { messageIdOf } from './message-id';
import { classifySmtpFailure } from './smtp-failure';

export interface SmtpSettings {
  url: string;
  /** Pooled connections (one per concurrent send). */
  maxConnections: number;
  /** Inactivity limit on an open connection (a stalled server). */
  socketTimeoutMs: number;
  /** Development only: Mailpit's search gives the adapter a lookup. */
  lookup?: MailpitLookup;
}

const CONNECT_TIMEOUT_MS = 10_000;
const VERIFY_TIMEOUT_MS = 3_000;

/**
 * Email over SMTP (nodemailer, pooled). SMTP has no idempotency key: every message carries a
 * deterministic `Message-ID: <sendKey@kalcifer>` and an `X-Kalcifer-Send-Key` header, so that
 * receivers, traces and (with Mailpit) the lookup can recognise it.
 */
export class SmtpEmailProvider implements ChannelProvider {
  readonly name = 'smtp';
  readonly lookup?: (sendKey: string) => Promise<LookupResult>;
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;

  constructor(settings: SmtpSettings) {
    this.transporter = nodemailer.createTransport({
      // smtp://user:pass@host:port or smtps://...: nodemailer reads host, port, TLS and auth from it.
      url: settings.url,
      pool: true,
      maxConnections: settings.maxConnections,
      connectionTimeout: CONNECT_TIMEOUT_MS,
      greetingTimeout: CONNECT_TIMEOUT_MS,
      socketTimeout: settings.socketTimeoutMs,
    });
    const lookup = settings.lookup;
    if (lookup) this.lookup = (sendKey) => lookup.find(sendKey);
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'email') throw wrongChannel(this.name, message);
    try {
      const info = await this.transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        messageId: `<${messageIdOf(message.sendKey)}>`,
        headers: { 'X-Kalcifer-Send-Key': message.sendKey },
      });
      if (info.rejected.length > 0) {
        throw new EmailProviderError(
          'permanent',
          `recipient rejected: ${info.rejected.map(String).join(', ')}`,
        );
      }
      return { providerMessageId: queueIdOf(info.response) ?? info.messageId };
    } catch (err) {
      if (err instanceof EmailProviderError) throw err;
      throw new EmailProviderError(classifySmtpFailure(err), (err as Error).message ?? String(err), {
        cause: err,
      });
    }
  }

  /** Opens a connection and greets the server; bounded, as readiness probes wait on it. */
  async verify(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), VERIFY_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.transporter.verify(), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.transporter.close();
  }
}

/** `250 2.0.0 Ok: queued as 1fnccC87TV5pSyqFJJqbN9` -> the relay's id for the message. */
function queueIdOf(response: string | undefined): string | undefined {
  return /queued as ([^\s]+)/i.exec(response ?? '')?.[1];
}
