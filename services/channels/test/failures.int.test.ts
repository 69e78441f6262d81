import { resetAll } from '../../../test/support/infra';
import { bootstrap, type RunningChannels } from '../src/app';
import {
  Bus,
  StatusReader,
  fetchJson,
  hex,
  intent,
  mailsTo,
  openLedger,
  publishIntent,
  runDomain,
  testLogLevel,
} from './harness';
import { DROP, closedPort, startScriptedSmtpServer, type ScriptedSmtpServer } from './scripted-smtp-server';

const DB = 'kalcifer_channels_test_failures';
jest.setTimeout(60_000);

/**
 * Provider failures. Each test starts its own worker on the shared durable (one at a time),
 * pointed at an SMTP server that misbehaves in one way, and waits for the final status before
 * stopping it.
 */
describe('channel worker: provider failures', () => {
  let bus: Bus;
  let statuses: StatusReader;
  let ledger: Awaited<ReturnType<typeof openLedger>>;
  let worker: RunningChannels | undefined;
  let smtp: ScriptedSmtpServer | undefined;
  const workspaceId = `ws_${hex(4)}`;

  const startWorker = async (smtpUrl: string, extra: Record<string, string> = {}) => {
    worker = await bootstrap({
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      SMTP_URL: smtpUrl,
      MAILPIT_API_URL: '',
      SEND_MAX_ATTEMPTS: '3',
      SEND_RETRY_BACKOFF_MS: '50',
      LOG_LEVEL: testLogLevel,
      ...extra,
    });
    return worker;
  };

  beforeAll(async () => {
    await resetAll(DB);
    // The streams exist once a worker has started; the status reader needs them.
    await (await startWorker(`smtp://127.0.0.1:${await closedPort()}`)).close();
    worker = undefined;
    bus = await Bus.connect();
    statuses = await new StatusReader(bus.js).start();
    ledger = await openLedger(DB);
  });

  afterEach(async () => {
    await worker?.close();
    await smtp?.close();
    worker = undefined;
    smtp = undefined;
  });

  afterAll(async () => {
    await statuses?.stop();
    await bus?.close();
    await ledger?.close();
  });

  it('retries an unreachable SMTP server with backoff, then fails the send after the maximum attempts', async () => {
    const domain = runDomain('down');
    const w = await startWorker(`smtp://127.0.0.1:${await closedPort()}`);
    const send = intent({ workspaceId, customer: { email: `x@${domain}` } });

    const started = Date.now();
    await publishIntent(bus.js, send);
    const status = await statuses.first(send.sendKey);

    expect(status.status).toBe('failed');
    expect(status.detail).toMatch(/^gave up after 3 attempts: .*ECONNREFUSED/);
    expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'failed', attempts: 3 });
    // Backoff 50 ms then 100 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(await mailsTo(domain)).toHaveLength(0);
    const ready = await fetchJson(`http://127.0.0.1:${w.healthPort}/readyz`);
    expect(ready).toEqual({
      status: 503,
      body: { status: 'not_ready', checks: { nats: true, mongo: true, smtp: false } },
    });
  });

  it('sends after deferrals (4xx) once the server accepts, without a second copy', async () => {
    smtp = await startScriptedSmtpServer((n) =>
      n <= 2 ? '451 4.3.0 try again later' : '250 2.0.0 Ok: queued as Q3',
    );
    await startWorker(smtp.url);
    const send = intent({ workspaceId, customer: { email: `y@${runDomain('defer')}` } });

    await publishIntent(bus.js, send);
    const status = await statuses.first(send.sendKey);

    expect(status).toMatchObject({ status: 'sent', providerMessageId: 'Q3' });
    expect(smtp.transmitted).toHaveLength(3);
    expect(await ledger.find(send.sendKey)).toMatchObject({
      status: 'sent',
      attempts: 3,
      error: 'Message failed: 451 4.3.0 try again later',
    });
  });

  it('fails at once on a permanent rejection (5xx)', async () => {
    smtp = await startScriptedSmtpServer(() => '550 5.1.1 mailbox unavailable');
    await startWorker(smtp.url);
    const send = intent({ workspaceId, customer: { email: `z@${runDomain('reject')}` } });

    await publishIntent(bus.js, send);
    const status = await statuses.first(send.sendKey);

    expect(status).toMatchObject({
      status: 'failed',
      detail: 'Message failed: 550 5.1.1 mailbox unavailable',
    });
    expect(smtp.transmitted).toHaveLength(1);
    expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('never re-sends when the connection dropped after the message was transmitted (unknown outcome)', async () => {
    smtp = await startScriptedSmtpServer(() => DROP);
    await startWorker(smtp.url);
    const send = intent({ workspaceId, customer: { email: `u@${runDomain('drop')}` } });

    await publishIntent(bus.js, send);
    const status = await statuses.first(send.sendKey);

    expect(status.status).toBe('unknown');
    expect(status.detail).toMatch(/^provider call may or may not have completed \(.+\); not re-sent$/);
    expect(smtp.transmitted).toHaveLength(1);
    const record = await ledger.find(send.sendKey);
    expect(record).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(record?.error).toMatch(/^outcome unknown: /);
  });
});
