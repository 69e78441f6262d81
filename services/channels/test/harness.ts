/**
 * Shared helpers of the channel worker's integration tests: intents, a reader of delivery
 * statuses (its own JetStream consumer on the signals stream), Mailpit and the ledger.
 */
import { randomBytes } from 'node:crypto';
import type { ConsumerMessages, JetStreamClient } from '@nats-io/jetstream';
import mongoose from 'mongoose';
import {
  STREAMS,
  subjectFilters,
  subjects,
  type DeliveryStatusMessage,
  type SendIntentMessage,
} from '@kalcifer/contracts';
import { connectBus, publishJson, type Bus as PlatformBus } from '@kalcifer/platform';
import {
  eventually,
  infra,
  mailpitMessages,
  testMongoUrl,
  type MailpitMessage,
} from '../../../test/support/infra';

export const hex = (bytes = 16) => randomBytes(bytes).toString('hex');

/** A recipient domain of this test run only, so Mailpit counts are never shared. */
export const runDomain = (label: string) => `${label}-${hex(4)}.example`;

export function intent(overrides: Partial<SendIntentMessage> & { workspaceId: string }): SendIntentMessage {
  const sendKey = overrides.sendKey ?? hex();
  return {
    sendKey,
    instanceId: `ins_${sendKey}`,
    journeyId: 'jrn_welcome',
    version: 1,
    nodeId: 'welcome',
    customerId: `cus_${sendKey.slice(0, 8)}`,
    channel: 'email',
    config: { template: 'welcome', subject: 'Welcome, {{ customer.firstName }}!' },
    customer: {},
    context: {},
    requestedAt: Date.now(),
    ...overrides,
  };
}

/** Publishes like the orchestrator does (msg id `send:<key>`), or under another msg id. */
export async function publishIntent(
  js: JetStreamClient,
  body: SendIntentMessage,
  msgId = `send:${body.sendKey}`,
) {
  await publishJson(js, { subject: subjects.sendEmail(body.workspaceId), msgId, body });
}

/** The test's own NATS connection (publishing intents, reading statuses). */
export class Bus {
  private constructor(private readonly bus: PlatformBus) {}

  get js(): JetStreamClient {
    return this.bus.js;
  }

  static async connect(): Promise<Bus> {
    return new Bus(await connectBus(infra.natsUrl, 'channels-test'));
  }

  async close() {
    await this.bus.nc.close();
  }
}

/** Every delivery status published on the signals stream since it started. */
export class StatusReader {
  readonly received: DeliveryStatusMessage[] = [];
  private loop?: Promise<void>;
  private messages?: ConsumerMessages;

  constructor(private readonly js: JetStreamClient) {}

  async start(): Promise<this> {
    const consumer = await this.js.consumers.get(STREAMS.signals.name, {
      filter_subjects: [subjectFilters.deliveryStatus],
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.loop = (async () => {
      for await (const m of messages) this.received.push(m.json<DeliveryStatusMessage>());
    })();
    return this;
  }

  of(sendKey: string): DeliveryStatusMessage[] {
    return this.received.filter((s) => s.sendKey === sendKey);
  }

  /** Waits for the first status of this send key. */
  async first(sendKey: string, timeoutMs = 15_000): Promise<DeliveryStatusMessage> {
    return eventually(async () => this.of(sendKey)[0], timeoutMs, 25);
  }

  async stop() {
    await this.messages?.close();
    await this.loop;
  }
}

/** Mailpit messages whose recipient is at this domain. */
export async function mailsTo(domain: string): Promise<MailpitMessage[]> {
  const all = await mailpitMessages();
  return all.filter((m) => m.To.some((t) => t.Address.endsWith(`@${domain}`)));
}

export interface MailpitDetail {
  ID: string;
  MessageID: string;
  Subject: string;
  Text: string;
  HTML: string;
  From: { Name: string; Address: string };
}

export async function mailpitDetail(
  id: string,
): Promise<MailpitDetail & { headers: Record<string, string[]> }> {
  const [detail, headers] = await Promise.all([
    fetch(`${infra.mailpitUrl}/api/v1/message/${id}`).then((r) => r.json() as Promise<MailpitDetail>),
    fetch(`${infra.mailpitUrl}/api/v1/message/${id}/headers`).then(
      (r) => r.json() as Promise<Record<string, string[]>>,
    ),
  ]);
  return { ...detail, headers };
}

/** Direct access to the worker's `deliveries` collection (to inspect it, or to stage a crash). */
export async function openLedger(dbName: string) {
  const conn = await mongoose.createConnection(testMongoUrl(dbName)).asPromise();
  const deliveries = conn.collection<{ _id: string } & Record<string, unknown>>('deliveries');
  return {
    deliveries,
    find: (sendKey: string) => deliveries.findOne({ _id: sendKey }),
    close: () => conn.close(),
  };
}

export async function fetchJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}

export const testLogLevel = process.env.TEST_LOG_LEVEL ?? 'silent';

/** The value of one Prometheus sample whose labels include `labels` (any label order). */
export function metricValue(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([^{\s]+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = new Map([...match[2].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => present.get(k) === v)) return Number(match[3]);
  }
  return undefined;
}
