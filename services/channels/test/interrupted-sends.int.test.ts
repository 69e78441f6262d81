import nodemailer from 'nodemailer';
import type { SendIntentMessage } from '@kalcifer/contracts';
import { infra, resetAll } from '../../../test/support/infra';
import { bootstrap, type RunningChannels } from '../src/app';
import {
  Bus,
  StatusReader,
  hex,
  intent,
  mailsTo,
  openLedger,
  publishIntent,
  runDomain,
  testLogLevel,
} from './harness';

const DB = 'kalcifer_channels_test_interrupted';
jest.setTimeout(60_000);

/**
 * A worker that died during the provider call leaves its ledger record `sending`. These tests
 * stage exactly that record (as the crash would have left it, lease expired), then deliver the
 * intent again, as JetStream does after the ack wait.
 */
describe('channel worker: sends interrupted by a crash', () => {
  let bus: Bus;
  let statuses: StatusReader;
  let ledger: Awaited<ReturnType<typeof openLedger>>;
  let worker: RunningChannels | undefined;
  const workspaceId = `ws_${hex(4)}`;

  const startWorker = async (mailpitLookup: boolean) => {
    worker = await bootstrap({
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      SMTP_URL: infra.smtpUrl,
      MAILPIT_API_URL: mailpitLookup ? infra.mailpitUrl : '',
      LOG_LEVEL: testLogLevel,
    });
  };

  /** The record a worker leaves when it dies after moving the claim to `sending`. */
  const stageSending = async (send: SendIntentMessage, leaseExpiresAt: Date) => {
    const now = new Date(Date.now() - 60_000);
    await ledger.deliveries.insertOne({
      _id: send.sendKey,
      workspaceId: send.workspaceId,
      instanceId: send.instanceId,
      journeyId: send.journeyId,
      nodeId: send.nodeId,
      customerId: send.customerId,
      channel: 'email',
      to: String(send.customer.email),
      subject: 'Welcome',
      status: 'sending',
      attempts: 1,
      leaseExpiresAt,
      createdAt: now,
      updatedAt: now,
    });
  };

  const expired = () => new Date(Date.now() - 1_000);

  beforeAll(async () => {
    await resetAll(DB);
    // The streams exist once a worker has started; the status reader needs them.
    await startWorker(false);
    await worker!.close();
    worker = undefined;
    bus = await Bus.connect();
    statuses = await new StatusReader(bus.js).start();
    ledger = await openLedger(DB);
  });

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  afterAll(async () => {
    await statuses?.stop();
    await bus?.close();
    await ledger?.close();
  });

  describe('with the Mailpit lookup', () => {
    it('sends exactly once a message the crash kept from reaching Mailpit', async () => {
      const domain = runDomain('lost');
      const send = intent({ workspaceId, customer: { email: `a@${domain}`, firstName: 'Ann' } });
      await stageSending(send, expired());

      await startWorker(true);
      await publishIntent(bus.js, send);
      const status = await statuses.first(send.sendKey);

      expect(status.status).toBe('sent');
      const mails = await mailsTo(domain);
      expect(mails).toHaveLength(1);
      expect(mails[0].MessageID).toBe(`${send.sendKey}@kalcifer`);
      expect(mails[0].Subject).toBe('Welcome, Ann!');
      expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('does not re-send a message that reached Mailpit before the crash, and reports it sent', async () => {
      const domain = runDomain('arrived');
      const send = intent({ workspaceId, customer: { email: `b@${domain}` } });
      // What the crashed worker's provider call did before it died.
      const transport = nodemailer.createTransport(infra.smtpUrl);
      await transport.sendMail({
        from: 'no-reply@kalcifer.local',
        to: `b@${domain}`,
        subject: 'Welcome',
        text: 'sent before the crash',
        messageId: `<${send.sendKey}@kalcifer>`,
      });
      transport.close();
      await stageSending(send, expired());

      await startWorker(true);
      await publishIntent(bus.js, send);
      const status = await statuses.first(send.sendKey);

      const mails = await mailsTo(domain);
      expect(mails).toHaveLength(1);
      expect(status).toMatchObject({
        status: 'sent',
        providerMessageId: mails[0].ID,
        detail: 'confirmed by provider lookup after an interrupted send',
      });
      expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'sent', attempts: 1 });
    });

    it('leaves a send to the live worker holding its claim, and reports that worker’s result', async () => {
      const domain = runDomain('busy');
      const send = intent({ workspaceId, customer: { email: `c@${domain}` } });
      await stageSending(send, new Date(Date.now() + 60_000));

      await startWorker(true);
      await publishIntent(bus.js, send);
      // The intent is deferred while the lease runs: nothing is sent, nothing reported.
      await new Promise((r) => setTimeout(r, 1_500));
      expect(statuses.of(send.sendKey)).toHaveLength(0);
      expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'sending', attempts: 1 });

      // The other worker finishes its call.
      await ledger.deliveries.updateOne(
        { _id: send.sendKey },
        {
          $set: { status: 'sent', providerMessageId: 'other-worker', updatedAt: new Date() },
          $unset: { leaseExpiresAt: 1 },
        },
      );
      const status = await statuses.first(send.sendKey);

      expect(status).toMatchObject({ status: 'sent', providerMessageId: 'other-worker' });
      expect(await mailsTo(domain)).toHaveLength(0);
    });
  });

  describe('without a provider lookup (plain SMTP)', () => {
    it('marks the send unknown and never re-sends it', async () => {
      const domain = runDomain('unknown');
      const send = intent({ workspaceId, customer: { email: `d@${domain}` } });
      await stageSending(send, expired());

      await startWorker(false);
      await publishIntent(bus.js, send);
      const status = await statuses.first(send.sendKey);

      expect(status).toMatchObject({
        status: 'unknown',
        detail: 'provider call may or may not have completed before a crash; not re-sent',
      });
      // Delivered again: still unknown, still nothing sent.
      await publishIntent(bus.js, send, `send:${send.sendKey}:again`);
      await new Promise((r) => setTimeout(r, 500));
      expect(statuses.of(send.sendKey)).toHaveLength(1);
      expect(await mailsTo(domain)).toHaveLength(0);
      expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'unknown', attempts: 1 });
    });
  });
});
