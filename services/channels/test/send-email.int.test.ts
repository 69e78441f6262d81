import { eventually, infra, mailpitMessages, resetAll } from '../../../test/support/infra';
import { bootstrap, type RunningChannels } from '../src/app';
import { SENDS_DURABLE } from '../src/transport/send-intent.consumer';
import {
  Bus,
  StatusReader,
  fetchJson,
  hex,
  intent,
  mailpitDetail,
  mailsTo,
  metricValue,
  openLedger,
  publishIntent,
  runDomain,
  testLogLevel,
} from './harness';

const DB = 'kalcifer_channels_test_send';
jest.setTimeout(90_000);

describe('channel worker: exactly-once email', () => {
  let worker: RunningChannels;
  let bus: Bus;
  let statuses: StatusReader;
  let ledger: Awaited<ReturnType<typeof openLedger>>;
  const workspaceId = `ws_${hex(4)}`;

  beforeAll(async () => {
    await resetAll(DB);
    worker = await bootstrap({
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      SMTP_URL: infra.smtpUrl,
      MAILPIT_API_URL: infra.mailpitUrl,
      SEND_CONCURRENCY: '16',
      LOG_LEVEL: testLogLevel,
    });
    bus = await Bus.connect();
    statuses = await new StatusReader(bus.js).start();
    ledger = await openLedger(DB);
  });

  afterAll(async () => {
    await statuses?.stop();
    await bus?.close();
    await ledger?.close();
    await worker?.close();
  });

  it('sends one rendered email whose Message-ID is the send key, and reports it sent', async () => {
    const domain = runDomain('one');
    const send = intent({
      workspaceId,
      config: {
        template: 'order_confirmation',
        subject: 'Order {{ context.orderId }} for {{ customer.firstName }}',
        body: 'Hello {{ customer.firstName }}, order {{ context.orderId }} ships soon.{{ customer.missing.deep }}',
        html: '<p>Hello {{ customer.firstName }}</p>',
      },
      customer: { email: `ada@${domain}`, firstName: 'Ada <b>' },
      context: { orderId: 'A-1001' },
    });

    await publishIntent(bus.js, send);
    const status = await statuses.first(send.sendKey);

    expect(status).toMatchObject({
      workspaceId,
      sendKey: send.sendKey,
      instanceId: send.instanceId,
      nodeId: send.nodeId,
      status: 'sent',
    });
    const mails = await mailsTo(domain);
    expect(mails).toHaveLength(1);
    expect(status.providerMessageId).toBe(mails[0].ID);
    const mail = await mailpitDetail(mails[0].ID);
    expect(mail.MessageID).toBe(`${send.sendKey}@kalcifer`);
    expect(mail.headers['X-Kalcifer-Send-Key']).toEqual([send.sendKey]);
    expect(mail.Subject).toBe('Order A-1001 for Ada <b>');
    expect(mail.Text.trim()).toBe('Hello Ada <b>, order A-1001 ships soon.');
    expect(mail.HTML).toContain('<p>Hello Ada &lt;b&gt;</p>');
    expect(mail.From.Address).toBe('no-reply@kalcifer.local');

    const record = await ledger.find(send.sendKey);
    expect(record).toMatchObject({ workspaceId, status: 'sent', attempts: 1, to: `ada@${domain}` });
    expect(record).not.toHaveProperty('leaseExpiresAt');
  });

  it('sends once when the same intent is published three times under different message ids', async () => {
    const domain = runDomain('dup');
    const sends = Array.from({ length: 20 }, (_, i) =>
      intent({ workspaceId, customer: { email: `c${i}@${domain}`, firstName: `C${i}` } }),
    );

    // Different msg ids get past JetStream's deduplication: the ledger alone must hold.
    await Promise.all(
      sends.flatMap((s) =>
        [1, 2, 3].map((copy) => publishIntent(bus.js, s, `send:${s.sendKey}:copy-${copy}`)),
      ),
    );
    await eventually(async () => sends.every((s) => statuses.of(s.sendKey).length > 0), 30_000);
    // Let every copy be handled: each acknowledges by re-publishing the same status.
    await eventually(async () => {
      const info = await bus.js.consumers.get('KALCIFER_SENDS', SENDS_DURABLE).then((c) => c.info());
      return info.num_pending === 0 && info.num_ack_pending === 0;
    }, 30_000);

    const mails = await mailsTo(domain);
    expect(mails).toHaveLength(20);
    expect(new Set(mails.map((m) => m.MessageID)).size).toBe(20);
    for (const s of sends) {
      // JetStream drops the repeated status (same msg id): one status per send.
      expect(statuses.of(s.sendKey).map((x) => x.status)).toEqual(['sent']);
    }
  });

  it('sends 300 concurrent intents as 300 emails without a duplicate', async () => {
    const domain = runDomain('bulk');
    const sends = Array.from({ length: 300 }, (_, i) =>
      intent({ workspaceId, customer: { email: `bulk${i}@${domain}`, firstName: `B${i}` } }),
    );

    const started = Date.now();
    await Promise.all(sends.map((s) => publishIntent(bus.js, s)));
    await eventually(async () => sends.every((s) => statuses.of(s.sendKey).length > 0), 60_000);
    const elapsed = Date.now() - started;

    const mails = await mailsTo(domain);
    expect(mails).toHaveLength(300);
    expect(new Set(mails.map((m) => m.MessageID))).toEqual(
      new Set(sends.map((s) => `${s.sendKey}@kalcifer`)),
    );
    expect(sends.flatMap((s) => statuses.of(s.sendKey)).every((x) => x.status === 'sent')).toBe(true);
    // Reported, not asserted: throughput depends on the machine.
    process.stdout.write(`300 intents -> 300 emails in ${elapsed} ms (${Math.round(300_000 / elapsed)}/s)\n`);
  });

  it('fails a customer without an email address at once, without sending anything', async () => {
    const noAddress = intent({ workspaceId, customer: { firstName: 'Nobody' } });
    const badAddress = intent({ workspaceId, customer: { email: 'not an address' } });
    const before = (await mailpitMessages()).length;

    await publishIntent(bus.js, noAddress);
    await publishIntent(bus.js, badAddress);

    for (const send of [noAddress, badAddress]) {
      const status = await statuses.first(send.sendKey);
      expect(status).toMatchObject({ status: 'failed', detail: 'customer has no email address' });
      expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'failed', attempts: 0, to: '' });
    }
    expect(await mailpitMessages()).toHaveLength(before);
  });

  it('reports readiness of NATS, MongoDB and SMTP, and counts sends by status', async () => {
    const ready = await fetchJson(`http://127.0.0.1:${worker.healthPort}/readyz`);
    expect(ready).toEqual({
      status: 200,
      body: { status: 'ready', checks: { nats: true, mongo: true, smtp: true } },
    });

    const metrics = await fetchJson(`http://127.0.0.1:${worker.healthPort}/metrics`);
    const text = String(metrics.body);
    // 1 + 20 + 300 sent, 2 failed: duplicates and re-published statuses are not counted again.
    expect(metricValue(text, 'kalcifer_channels_sends_total', { channel: 'email', status: 'sent' })).toBe(
      321,
    );
    expect(metricValue(text, 'kalcifer_channels_sends_total', { channel: 'email', status: 'failed' })).toBe(
      2,
    );
    expect(
      metricValue(text, 'kalcifer_channels_provider_latency_seconds_count', {
        provider: 'smtp',
        outcome: 'accepted',
      }),
    ).toBe(321);
  });
});
