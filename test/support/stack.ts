/**
 * The whole product for end-to-end tests: the built services as real child processes
 * (`node services/<name>/dist/main.js`) on test ports and test databases, so a test can SIGKILL
 * one and start it again. `npm test` builds before it runs the tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { eventually, infra } from './infra';
import { repoRoot } from './repo-root';

export type ServiceName =
  'orchestrator' | 'scheduler' | 'channels' | 'ai-designer' | 'analytics' | 'api-gateway';

const ROOT = repoRoot();

/** A fixed AES-256-GCM key for test stacks only (32 zero-to-31 bytes, base64). */
export const TEST_ENCRYPTION_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('base64');

export interface StackOptions {
  /** Prefix of every database name, e.g. `e2e_us1` => `e2e_us1_orchestrator`. */
  dbPrefix: string;
  gatewayPort?: number;
  grpcPort?: number;
  /** First of the health ports (orchestrator, scheduler, channels, ai-designer, analytics); default 19101. */
  healthPortBase?: number;
  /** Extra node flags per service (e.g. --cpu-prof). */
  nodeArgs?: Partial<Record<ServiceName, string[]>>;
  /** Extra env per service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

export class Stack {
  private readonly procs = new Map<ServiceName, ChildProcess>();
  readonly gatewayUrl: string;
  /** The gateway's public gRPC API (PUBLIC_GRPC_PORT): grpcPort + 10, 15061 by default. */
  readonly publicGrpcAddress: string;
  private readonly grpcPort: number;
  private readonly channelsGrpcPort: number;
  private readonly aiDesignerGrpcPort: number;
  private readonly analyticsGrpcPort: number;
  private readonly healthPorts: Record<Exclude<ServiceName, 'api-gateway'>, number>;

  constructor(private readonly opts: StackOptions) {
    const gatewayPort = opts.gatewayPort ?? 18080;
    this.gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    this.grpcPort = opts.grpcPort ?? 15051;
    this.publicGrpcAddress = `127.0.0.1:${this.grpcPort + 10}`;
    this.channelsGrpcPort = this.grpcPort + 2;
    this.aiDesignerGrpcPort = this.grpcPort + 3;
    this.analyticsGrpcPort = this.grpcPort + 4;
    const base = opts.healthPortBase ?? 19101;
    this.healthPorts = {
      orchestrator: base,
      scheduler: base + 1,
      channels: base + 2,
      'ai-designer': base + 3,
      analytics: base + 4,
    };
  }

  private envFor(name: ServiceName): NodeJS.ProcessEnv {
    const common = {
      ...process.env,
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      REDIS_URL: infra.redisUrl,
      SMTP_URL: infra.smtpUrl,
      LOG_LEVEL: process.env.STACK_LOG_LEVEL ?? 'info',
      MONGODB_DB: `${this.opts.dbPrefix}_${name.replace('-', '_')}`,
    };
    const own: Record<ServiceName, Record<string, string>> = {
      orchestrator: {
        GRPC_ADDRESS: `127.0.0.1:${this.grpcPort}`,
        HEALTH_PORT: String(this.healthPorts.orchestrator),
      },
      scheduler: { HEALTH_PORT: String(this.healthPorts.scheduler) },
      channels: {
        HEALTH_PORT: String(this.healthPorts.channels),
        MAILPIT_API_URL: infra.mailpitUrl,
        CHANNELS_GRPC_ADDRESS: `127.0.0.1:${this.channelsGrpcPort}`,
        KALCIFER_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
        WEBHOOK_PUBLIC_URL: this.gatewayUrl,
      },
      'ai-designer': {
        HEALTH_PORT: String(this.healthPorts['ai-designer']),
        AI_DESIGNER_GRPC_ADDRESS: `127.0.0.1:${this.aiDesignerGrpcPort}`,
      },
      analytics: {
        HEALTH_PORT: String(this.healthPorts.analytics),
        ANALYTICS_GRPC_ADDRESS: `127.0.0.1:${this.analyticsGrpcPort}`,
      },
      'api-gateway': {
        HTTP_PORT: new URL(this.gatewayUrl).port,
        PUBLIC_GRPC_PORT: this.publicGrpcAddress.split(':')[1],
        ORCHESTRATOR_GRPC_URL: `127.0.0.1:${this.grpcPort}`,
        CHANNELS_GRPC_URL: `127.0.0.1:${this.channelsGrpcPort}`,
        AI_DESIGNER_GRPC_URL: `127.0.0.1:${this.aiDesignerGrpcPort}`,
        ANALYTICS_GRPC_URL: `127.0.0.1:${this.analyticsGrpcPort}`,
      },
    };
    return { ...common, ...own[name], ...(this.opts.env?.[name] ?? {}) };
  }

  healthUrl(name: ServiceName): string {
    return name === 'api-gateway' ? this.gatewayUrl : `http://127.0.0.1:${this.healthPorts[name]}`;
  }

  async start(name: ServiceName): Promise<void> {
    const logDir = path.join(ROOT, '.kalcifer', 'logs', 'e2e');
    mkdirSync(logDir, { recursive: true });
    const log = createWriteStream(path.join(logDir, `${this.opts.dbPrefix}-${name}.log`), { flags: 'a' });
    const script = path.join(ROOT, 'services', name, 'dist', 'main.js');
    const child = spawn(process.execPath, [...(this.opts.nodeArgs?.[name] ?? []), script], {
      env: this.envFor(name),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.procs.set(name, child);
    await eventually(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${name} exited with ${child.exitCode}; see ${log.path as string}`);
        const res = await fetch(`${this.healthUrl(name)}/readyz`);
        return res.ok;
      },
      30_000,
      100,
    );
  }

  /** The pid of each running service (for the benchmarks' CPU accounting). */
  pids(): Partial<Record<ServiceName, number>> {
    const out: Partial<Record<ServiceName, number>> = {};
    for (const [name, child] of this.procs) if (child.pid !== undefined) out[name] = child.pid;
    return out;
  }

  async startAll(): Promise<void> {
    // The orchestrator first: the gateway's readiness includes reaching it.
    await this.start('orchestrator');
    await Promise.all([
      this.start('scheduler'),
      this.start('channels'),
      this.start('ai-designer'),
      this.start('analytics'),
    ]);
    await this.start('api-gateway');
  }

  /** SIGKILL: no shutdown hook runs, exactly like a crash. */
  async kill(name: ServiceName): Promise<void> {
    const child = this.procs.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.procs.delete(name);
  }

  async stop(name: ServiceName): Promise<void> {
    const child = this.procs.get(name);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.procs.delete(name);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.procs.keys()].map((n) => this.stop(n)));
  }
}
