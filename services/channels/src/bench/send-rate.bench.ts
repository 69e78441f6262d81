/**
 * Emails per second through the channel worker, intent to Mailpit, and where each send's time
 * goes. `EMAILS` (default 2,000) email intents are published to KALCIFER_SENDS first (a backlog,
 * as when 100,000 instances step at once), then the worker starts in this process and the clock
 * runs from its first send to its last. Every stage of a send is timed (wall clock, by wrapping
 * the classes' methods), the MongoDB commands are counted, and the process's CPU is measured.
 * At the end: Mailpit holds exactly EMAILS messages for the run's domain, the ledger EMAILS `sent`.
 *
 * It deletes the worker's durable consumer, PURGES the KALCIFER_SENDS stream and drops the
 * database `kalcifer_channels_bench`: point it at infrastructure of its own (the alt infra), with
 * nothing else running (take the integration lock).
 *
 *   npx tsc -b services/channels && eval "$(bash scripts/infra-alt.sh env)" && \
 *     flock /tmp/kalcifer-int.lock node services/channels/dist/bench/send-rate.bench.js
 *   # EMAILS=5000 SEND_CONCURRENCY=64 ... ; node --cpu-prof ... for a CPU profile
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { STREAMS, subjects, type SendIntentMessage } from '@kalcifer/contracts';
import { connectBus, connectMongo, ensureStreams, mongoCommandCounts, publishAll } from '@kalcifer/platform';
import { bootstrap } from '../app';
import { SendCapGate } from '../application/send-cap-gate';
import { SendMessage } from '../application/send-message';
import { ConfiguredProviders } from '../infrastructure/configured-providers';
import { MongoDeliveryLedger } from '../infrastructure/mongo-delivery-ledger';
import { NatsDeliveryStatusPublisher } from '../infrastructure/nats-delivery-status-publisher';
import { SmtpEmailProvider } from '../infrastructure/smtp-email-provider';
import { SENDS_DURABLE } from '../transport/send-intent.consumer';

const EMAILS = Number(process.env.EMAILS ?? 2_000);
const DB = 'kalcifer_channels_bench';
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (eval "$(bash scripts/infra-alt.sh env)")`);
  return value;
};

/** Wall-clock milliseconds per stage, every call. */
const stages = new Map<string, number[]>();
let sendsDone = 0;
let firstStart = 0;
let lastEnd = 0;

function timed(proto: object, method: string, label: string, onEnd?: () => void): void {
  const target = proto as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = target[method];
  target[method] = async function (this: unknown, ...args: unknown[]) {
    const started = performance.now();
    if (firstStart === 0) firstStart = started;
    try {
      return await original.apply(this, args);
    } finally {
      const ended = performance.now();
      const list = stages.get(label) ?? [];
      list.push(ended - started);
      stages.set(label, list);
      onEnd?.();
      lastEnd = ended;
    }
  };
}

/** CPU ticks (1/100 s) so far of every process on the machine, by pid, with the name it counts under. */
function cpuTicksByProcess(): Map<number, { name: string; ticks: number }> {
  const out = new Map<number, { name: string; ticks: number }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const name =
      Number(pid) === process.pid
        ? 'worker (this process)'
        : /^(mailpit|ferretdb|postgres|nats-server|redis-server)$/.test(comm)
          ? comm
          : 'other processes';
    out.set(Number(pid), { name, ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return out;
}

/** CPU used between two snapshots, by name (a process that ended meanwhile is not counted). */
function cpuUsedByName(
  before: Map<number, { name: string; ticks: number }>,
  after: Map<number, { name: string; ticks: number }>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [pid, { name, ticks }] of after)
    out.set(name, (out.get(name) ?? 0) + ticks - (before.get(pid)?.ticks ?? 0));
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function mailpitCount(mailpitUrl: string, domain: string): Promise<number> {
  const url = new URL('/api/v1/search', mailpitUrl);
  url.searchParams.set('query', `to:"@${domain}"`);
  url.searchParams.set('limit', '1');
  const body = (await (await fetch(url)).json()) as { messages_count?: number; total?: number };
  return body.messages_count ?? body.total ?? 0;
}

async function main(): Promise<void> {
  const natsUrl = env('NATS_URL');
  const mailpitUrl = env('MAILPIT_URL');
  process.env.MONGODB_COMMAND_COUNTS = '1';
  const workspaceId = `ws_bench${randomBytes(3).toString('hex')}`;
  const domain = `bench-${randomBytes(4).toString('hex')}.example`;

  // A clean start: no durable (it would replay the stream), no intents, no ledger.
  const bus = await connectBus(natsUrl, 'channels-bench');
  await ensureStreams(bus.jsm);
  await bus.jsm.consumers.delete(STREAMS.sends.name, SENDS_DURABLE).catch(() => undefined);
  await bus.jsm.streams.purge(STREAMS.sends.name);
  const mongo = await connectMongo(env('MONGODB_URL'), DB);
  await mongo.dropDatabase();

  const intents: SendIntentMessage[] = Array.from({ length: EMAILS }, (_, i) => {
    const sendKey = `bench-${workspaceId}-${i}`;
    return {
      workspaceId,
      sendKey,
      instanceId: `ins_${i}`,
      journeyId: 'jrn_bench',
      version: 1,
      nodeId: 'welcome',
      customerId: `cus_${i}`,
      channel: 'email',
      config: { subject: 'Welcome, {{ customer.firstName }}!', body: 'Hello {{ customer.firstName }}' },
      customer: { email: `c${i}@${domain}`, firstName: `C${i}` },
      context: {},
      requestedAt: Date.now(),
    };
  });
  await publishAll(
    bus.js,
    intents.map((body) => ({
      subject: subjects.sendEmail(workspaceId),
      msgId: `send:${body.sendKey}`,
      body,
    })),
  );

  timed(SendMessage.prototype, 'execute', 'whole send (SendMessage.execute)', () => sendsDone++);
  timed(ConfiguredProviders.prototype, 'resolve', 'provider resolve (config read)');
  timed(MongoDeliveryLedger.prototype, 'claim', 'ledger claim (insert)');
  timed(MongoDeliveryLedger.prototype, 'transition', 'ledger transition (findOneAndUpdate)');
  timed(MongoDeliveryLedger.prototype, 'get', 'ledger get');
  timed(SendCapGate.prototype, 'check', 'frequency caps (Redis)');
  timed(SmtpEmailProvider.prototype, 'send', 'SMTP send (nodemailer pool)');
  timed(NatsDeliveryStatusPublisher.prototype, 'publish', 'status publish (JetStream ack)');

  const cpuBefore = process.cpuUsage();
  const ticksBefore = cpuTicksByProcess();
  const worker = await bootstrap({
    MONGODB_DB: DB,
    CHANNELS_GRPC_ADDRESS: '127.0.0.1:0',
    HEALTH_PORT: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    MAILPIT_API_URL: mailpitUrl,
  });
  const deadline = Date.now() + 600_000;
  while (sendsDone < EMAILS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const cpu = process.cpuUsage(cpuBefore);
  const ticksAfter = cpuTicksByProcess();
  const seconds = (lastEnd - firstStart) / 1000;
  await worker.close();

  const concurrency = worker.config.SEND_CONCURRENCY;
  const sent = await mongo.collection('deliveries').countDocuments({ status: 'sent' });
  const inMailpit = await mailpitCount(mailpitUrl, domain);
  const lines = [
    `channels send rate: ${EMAILS} emails, SEND_CONCURRENCY=${concurrency}: ${sendsDone} sends in ` +
      `${seconds.toFixed(2)} s = ${(sendsDone / seconds).toFixed(1)} emails/s; ledger sent ${sent}, ` +
      `Mailpit ${inMailpit}; CPU ${((cpu.user + cpu.system) / 1000 / sendsDone).toFixed(2)} ms/email ` +
      `(${(((cpu.user + cpu.system) / 1e6 / seconds) * 100).toFixed(0)}% of a core)`,
    'stage: calls per email, mean / p50 / p99 ms, share of the whole send time',
  ];
  const whole = stages.get('whole send (SendMessage.execute)') ?? [];
  const wholeSum = whole.reduce((s, v) => s + v, 0);
  for (const [label, list] of stages) {
    const sorted = [...list].sort((a, b) => a - b);
    const sum = list.reduce((s, v) => s + v, 0);
    lines.push(
      `  ${label}: ${(list.length / EMAILS).toFixed(2)}, ${(sum / list.length).toFixed(1)} / ` +
        `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)}, ` +
        `${((sum / wholeSum) * 100).toFixed(0)}%`,
    );
  }
  lines.push(
    `  slots busy: ${((wholeSum / 1000 / (seconds * concurrency)) * 100).toFixed(0)}% of ` +
      `${concurrency} x ${seconds.toFixed(1)} s`,
    `mongo commands per email: ${[...mongoCommandCounts]
      .map(([k, n]) => `${k} ${(n / EMAILS).toFixed(2)}`)
      .join(', ')}`,
  );
  // The same infrastructure processes serve every sender on this machine: each share is per email
  // of this run only if nothing else used them meanwhile (hence the integration lock).
  const cpuMs = [...cpuUsedByName(ticksBefore, ticksAfter)]
    .map(([name, ticks]) => [name, (ticks * 10) / sendsDone] as const)
    .sort((a, b) => b[1] - a[1]);
  lines.push(
    `machine CPU per email (ms, all processes, from /proc): ${cpuMs
      .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
      .join(', ')}; total ${cpuMs.reduce((s, [, ms]) => s + ms, 0).toFixed(2)}`,
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  await mongo.close();
  await bus.nc.close();
  if (sent !== EMAILS || inMailpit !== EMAILS || sendsDone < EMAILS) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(2);
});
