import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually, infra, resetAll } from '../../../test/support/infra';
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
import { HOLD, startScriptedSmtpServer, type ScriptedSmtpServer } from './scripted-smtp-server';

const DB = 'kalcifer_channels_test_crash';
jest.setTimeout(90_000);

// Short leases, so that recovery does not wait a minute; the deadline stays below the lease.
const LEASE = { SEND_TIMEOUT_MS: '2000', SEND_LEASE_MS: '3000' };

/** Starts the worker in a child process (to be killed with SIGKILL) and waits until it consumes. */
async function startChildWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, 'worker-process.js'), [], {
    env: {
      ...process.env,
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      LOG_LEVEL: testLogLevel,
      ...LEASE,
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * A real crash: the worker process is killed with SIGKILL while provider calls are in flight.
 * The intents are then delivered again (as the orchestrator's outbox recovery or JetStream's
 * redelivery would) to a fresh worker.
 */
describe('channel worker: killed during sends', () => {
  let bus: Bus;
  let statuses: StatusReader;
  let ledger: Awaited<ReturnType<typeof openLedger>>;
  let child: ChildProcess | undefined;
  let worker: RunningChannels | undefined;
  let smtp: ScriptedSmtpServer | undefined;
  const workspaceId = `ws_${hex(4)}`;

  beforeAll(async () => {
    await resetAll(DB);
    // The streams exist once a worker has started; the status reader needs them.
    await (
      await bootstrap({ CHANNELS_GRPC_ADDRESS: '127.0.0.1:0', MONGODB_DB: DB, LOG_LEVEL: testLogLevel })
    ).close();
    bus = await Bus.connect();
    statuses = await new StatusReader(bus.js).start();
    ledger = await openLedger(DB);
  });

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) await kill(child);
    await worker?.close();
    await smtp?.close();
    child = undefined;
    worker = undefined;
    smtp = undefined;
  });

  afterAll(async () => {
    await statuses?.stop();
    await bus?.close();
    await ledger?.close();
  });

  it('delivers every email exactly once after a kill mid-batch (Mailpit lookup)', async () => {
    const domain = runDomain('crash');
    const sends = Array.from({ length: 200 }, (_, i) =>
      intent({ workspaceId, customer: { email: `k${i}@${domain}` } }),
    );
    child = await startChildWorker({ SMTP_URL: infra.smtpUrl, SEND_CONCURRENCY: '16' });

    await Promise.all(sends.map((s) => publishIntent(bus.js, s)));
    await eventually(async () => (await mailsTo(domain)).length >= 30, 30_000, 20);
    await kill(child);
    const left = await ledger.deliveries.countDocuments({
      workspaceId,
      status: { $in: ['claimed', 'sending'] },
    });

    worker = await bootstrap({
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      SMTP_URL: infra.smtpUrl,
      MAILPIT_API_URL: infra.mailpitUrl,
      LOG_LEVEL: testLogLevel,
      ...LEASE,
    });
    await Promise.all(sends.map((s) => publishIntent(bus.js, s, `send:${s.sendKey}:after-crash`)));
    await eventually(async () => sends.every((s) => statuses.of(s.sendKey).length > 0), 60_000);

    const mails = await mailsTo(domain);
    expect(new Set(mails.map((m) => m.MessageID))).toEqual(
      new Set(sends.map((s) => `${s.sendKey}@kalcifer`)),
    );
    expect(mails).toHaveLength(200);
    expect(sends.every((s) => statuses.of(s.sendKey).every((x) => x.status === 'sent'))).toBe(true);
    const confirmed = await ledger.deliveries.countDocuments({
      workspaceId,
      detail: /confirmed by provider lookup/,
    });
    const resent = await ledger.deliveries.countDocuments({ workspaceId, attempts: 2 });
    process.stdout.write(
      `killed with ${left} sends claimed or sending (${confirmed} confirmed by lookup, ${resent} re-sent); all 200 delivered once\n`,
    );
  });

  it('marks a send unknown, not re-sent, when the worker died waiting for a plain SMTP reply', async () => {
    smtp = await startScriptedSmtpServer(() => HOLD);
    const send = intent({ workspaceId, customer: { email: `h@${runDomain('held')}` } });
    child = await startChildWorker({ SMTP_URL: smtp.url, MAILPIT_API_URL: '' });

    await publishIntent(bus.js, send);
    await eventually(async () => smtp!.transmitted.length === 1, 15_000, 10);
    await kill(child);
    expect(await ledger.find(send.sendKey)).toMatchObject({ status: 'sending', attempts: 1 });

    worker = await bootstrap({
      CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
      MONGODB_DB: DB,
      SMTP_URL: smtp.url,
      MAILPIT_API_URL: '',
      LOG_LEVEL: testLogLevel,
      ...LEASE,
    });
    await publishIntent(bus.js, send, `send:${send.sendKey}:after-crash`);
    const status = await statuses.first(send.sendKey);

    expect(status).toMatchObject({
      status: 'unknown',
      detail: 'provider call may or may not have completed before a crash; not re-sent',
    });
    expect(smtp.transmitted).toHaveLength(1);
  });
});
