/**
 * The images' entrypoints, run here without a container builder: each Dockerfile target's CMD,
 * with the ENV of its image and the environment the Helm chart gives the service (its ConfigMap,
 * the Secret's keys pointing at the test infrastructure), from the repository root, which has the
 * layout of the image's /app. Each must become ready (/readyz 200) on the address the kubelet
 * would probe. Ports are free ones instead of the chart's fixed ones; the keys are the same.
 * They run from a copy of the image's /app: each workspace's package.json and dist only, and a
 * node_modules holding the production dependencies only (those npm prune --omit=dev keeps).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { find, render } from '../../charts/kalcifer/test/render';
import { REPO, readDockerfile, type Stage } from './dockerfile';

jest.setTimeout(180_000);

const stages = readDockerfile('Dockerfile');

/**
 * The runtime stage's /app, as the Dockerfile's COPY lines make it: packages/<pkg> and
 * services/<svc> with package.json and dist; node_modules with the packages a production install
 * keeps (links into the repository's), the workspaces' links pointing at the copies.
 */
function imageApp(): string {
  const app = mkdtempSync(path.join(tmpdir(), 'kalcifer-app-'));
  for (const dir of ['packages', 'services']) {
    for (const name of readdirSync(path.join(REPO, dir))) {
      const from = path.join(REPO, dir, name);
      if (!existsSync(path.join(from, 'dist'))) continue;
      mkdirSync(path.join(app, dir, name), { recursive: true });
      copyFileSync(path.join(from, 'package.json'), path.join(app, dir, name, 'package.json'));
      cpSync(path.join(from, 'dist'), path.join(app, dir, name, 'dist'), { recursive: true });
    }
  }
  const dryRun = spawnSync('npm', ['prune', '--omit=dev', '--dry-run'], { cwd: REPO, encoding: 'utf8' });
  const devOnly = new Set(
    dryRun.stdout
      .split('\n')
      .filter((l) => l.startsWith('remove '))
      .map((l) => l.split(' ')[1]),
  );
  const modules = path.join(REPO, 'node_modules');
  const link = (name: string) => {
    if (devOnly.has(name) || name.startsWith('.')) return;
    const target = name.startsWith('@kalcifer/')
      ? path.join(app, 'packages', name.slice('@kalcifer/'.length))
      : path.join(modules, name);
    if (existsSync(target)) symlinkSync(target, path.join(app, 'node_modules', name));
  };
  mkdirSync(path.join(app, 'node_modules'));
  for (const entry of readdirSync(modules)) {
    if (!entry.startsWith('@')) {
      link(entry);
      continue;
    }
    mkdirSync(path.join(app, 'node_modules', entry));
    for (const scoped of readdirSync(path.join(modules, entry))) link(`${entry}/${scoped}`);
  }
  return app;
}

const APP = imageApp();
const chart = render();
const running: { name: string; child: ChildProcess; output: string[] }[] = [];

function infra(key: string): string {
  const value = process.env[key];
  if (!value)
    throw new Error(`${key} is not set: run under eval "$(bash scripts/infra.sh env)" (or infra-alt.sh)`);
  return value;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(name: string, stage: Stage, env: Record<string, string>, cwd = APP) {
  const [command, ...args] = stage.cmd!;
  // Only what the image and the chart set, plus PATH: nothing leaks in from this test's environment.
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  running.push({ name, child, output });
  return output;
}

async function waitReady(
  url: string,
  output: string[],
  timeoutMs = 60_000,
): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let last: { status: number; body: unknown } = { status: 0, body: 'no answer' };
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      last = { status: res.status, body: await res.json() };
      if (res.status === 200) return last;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${url} not ready after ${timeoutMs} ms (last: ${JSON.stringify(last)}); output:\n${output.join('').slice(-3000)}`,
  );
}

afterAll(async () => {
  await Promise.all(
    running.reverse().map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  rmSync(APP, { recursive: true, force: true });
});

describe('the images start the services with the chart environment', () => {
  const grpcUrls: Record<string, string> = {};
  let gatewayPort = 0;

  /** The chart's ConfigMap and Secret keys for a service, on this machine's infrastructure and free ports. */
  async function environment(svc: string): Promise<Record<string, string>> {
    const stage = stages.find((s) => s.name === svc)!;
    const env: Record<string, string> = {
      ...stage.env,
      ...find(chart, 'ConfigMap', `kal-kalcifer-${svc}`).data!,
    };
    const deployment = find(chart, 'Deployment', `kal-kalcifer-${svc}`);
    const secretKeys = (deployment.spec.template.spec.containers[0].env as { name: string }[]).map(
      (e) => e.name,
    );
    const secrets: Record<string, string> = {
      NATS_URL: infra('NATS_URL'),
      MONGODB_URL: infra('MONGODB_URL'),
      REDIS_URL: infra('REDIS_URL'),
      SMTP_URL: infra('SMTP_URL'),
      KALCIFER_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      GEMINI_API_KEY: '',
    };
    for (const key of secretKeys) env[key] = secrets[key];
    env.MONGODB_DB = `${env.MONGODB_DB}_entrypoint`;
    env.LOG_LEVEL = 'warn';
    if ('MAILPIT_API_URL' in env) env.MAILPIT_API_URL = process.env.MAILPIT_URL ?? '';
    if (env.HEALTH_PORT !== '0') env.HEALTH_PORT = String(await freePort());
    for (const bindKey of [
      'GRPC_ADDRESS',
      'CHANNELS_GRPC_ADDRESS',
      'AI_DESIGNER_GRPC_ADDRESS',
      'ANALYTICS_GRPC_ADDRESS',
    ]) {
      if (!env[bindKey]) continue;
      expect(env[bindKey]).toMatch(/^0\.0\.0\.0:\d+$/);
      const port = await freePort();
      env[bindKey] = `0.0.0.0:${port}`;
      grpcUrls[bindKey] = `127.0.0.1:${port}`;
    }
    return env;
  }

  it("runs from a copy of the image's /app: no sources, no dev dependencies", () => {
    expect(existsSync(path.join(APP, 'services/orchestrator/dist/main.js'))).toBe(true);
    expect(existsSync(path.join(APP, 'services/orchestrator/src'))).toBe(false);
    expect(existsSync(path.join(APP, 'node_modules/@nestjs/core'))).toBe(true);
    for (const dev of ['typescript', 'jest', '@swc/core', 'ts-proto']) {
      expect({ dev, present: existsSync(path.join(APP, 'node_modules', dev)) }).toEqual({
        dev,
        present: false,
      });
    }
  });

  it.each(['orchestrator', 'channels', 'ai-designer', 'analytics', 'scheduler'])(
    '%s: the image command becomes ready, its health server reachable beyond loopback',
    async (svc) => {
      const env = await environment(svc);
      expect(env.HEALTH_HOST).toBe('0.0.0.0');
      const output = start(
        svc,
        stages.find((s) => s.name === svc)!,
        env,
      );
      const ready = await waitReady(`http://127.0.0.1:${env.HEALTH_PORT}/readyz`, output);
      expect(ready.body).toEqual(expect.objectContaining({ status: 'ready' }));
      // 127.0.0.2 is not the loopback address a 127.0.0.1-only server would answer on.
      expect((await fetch(`http://127.0.0.2:${env.HEALTH_PORT}/healthz`)).status).toBe(200);
    },
  );

  it("api-gateway: the image command becomes ready with its gRPC clients on the services above; NOTES.txt's workspace command works", async () => {
    const env = await environment('api-gateway');
    expect(env.HTTP_HOST).toBe('0.0.0.0');
    gatewayPort = await freePort();
    env.HTTP_PORT = String(gatewayPort);
    env.PUBLIC_GRPC_PORT = String(await freePort());
    env.ORCHESTRATOR_GRPC_URL = grpcUrls.GRPC_ADDRESS;
    env.CHANNELS_GRPC_URL = grpcUrls.CHANNELS_GRPC_ADDRESS;
    env.AI_DESIGNER_GRPC_URL = grpcUrls.AI_DESIGNER_GRPC_ADDRESS;
    env.ANALYTICS_GRPC_URL = grpcUrls.ANALYTICS_GRPC_ADDRESS;
    const output = start(
      'api-gateway',
      stages.find((s) => s.name === 'api-gateway')!,
      env,
    );
    const ready = await waitReady(`http://127.0.0.1:${gatewayPort}/readyz`, output);
    expect(ready.body).toEqual(expect.objectContaining({ status: 'ready' }));

    // NOTES.txt's first step, `kubectl exec deploy/...-api-gateway -- node .../create-workspace.js`: the pod's env.
    const cli = spawnSync(
      process.execPath,
      ['services/api-gateway/dist/cli/create-workspace.js', '--name', 'Entrypoint test'],
      { cwd: APP, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, encoding: 'utf8' },
    );
    expect(cli.stderr).toBe('');
    const { apiKey } = JSON.parse(cli.stdout) as { apiKey: string };
    const journeys = await fetch(`http://127.0.0.1:${gatewayPort}/v1/journeys`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(journeys.status).toBe(200);
  });

  it('console: the image command serves the build from /app and forwards /readyz to the gateway', async () => {
    expect(gatewayPort).toBeGreaterThan(0);
    const [, stage] = readDockerfile('frontend/Dockerfile');
    // The image's /app: server/serve.mjs and dist/console/browser (a stand-in build).
    const app = path.join(APP, 'console-image-app'); // removed with APP
    mkdirSync(path.join(app, 'server'), { recursive: true });
    mkdirSync(path.join(app, 'dist/console/browser'), { recursive: true });
    copyFileSync(path.join(REPO, 'frontend/server/serve.mjs'), path.join(app, 'server/serve.mjs'));
    writeFileSync(path.join(app, 'dist/console/browser/index.html'), '<title>kalcifer console</title>');
    const port = await freePort();
    const output = start(
      'console',
      stage,
      { ...stage.env, PORT: String(port), GATEWAY_URL: `http://127.0.0.1:${gatewayPort}` },
      app,
    );
    expect(stage.env.HOST).toBe('0.0.0.0');
    const ready = await waitReady(`http://127.0.0.1:${port}/readyz`, output, 15_000);
    expect(ready.body).toEqual(expect.objectContaining({ status: 'ready' }));
    expect(await (await fetch(`http://127.0.0.2:${port}/journeys`)).text()).toBe(
      '<title>kalcifer console</title>',
    );
  });
});
