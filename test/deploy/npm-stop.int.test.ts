/**
 * `npm stop` (scripts/stop.sh) stops what this checkout's `npm start` started, and nothing else:
 * a server that was already running when `npm start` came (started by scripts/infra.sh for the
 * tests, or by someone else) is left running and named; the services and console of the state
 * dir's pid files are stopped, but never a process that merely reuses one of their pids. Run on a
 * state dir of its own (KALCIFER_STATE_DIR) with a real Redis on a free port; the other servers
 * are "external" (their URLs set), so scripts/infra.sh starts only Redis.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/repo-root';

jest.setTimeout(120_000);

const ROOT = repoRoot();
let state: string;
let env: NodeJS.ProcessEnv;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function script(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('bash', args, { cwd: ROOT, env, encoding: 'utf8', timeout: 90_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not reaped yet) is not alive.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const redisPid = () => Number(readFileSync(path.join(state, 'run', 'redis.pid'), 'utf8').trim());

/** A long-running process whose command line is `node -e ... <marker>`; its pid goes into <state>/run/<name>.pid. */
function fakeProcess(name: string, marker: string): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
  children.push(child);
  writeFileSync(path.join(state, 'run', `${name}.pid`), String(child.pid));
  return child.pid!;
}

beforeAll(async () => {
  state = mkdtempSync(path.join(tmpdir(), 'kalcifer-npm-stop-'));
  mkdirSync(path.join(state, 'run'), { recursive: true });
  env = {
    ...process.env,
    KALCIFER_STATE_DIR: state,
    KALCIFER_REDIS_PORT: String(await freePort()),
    NATS_URL: 'nats://127.0.0.1:1',
    MONGODB_URL: 'mongodb://127.0.0.1:1/kalcifer',
    SMTP_URL: 'smtp://127.0.0.1:1',
    MAILPIT_URL: 'http://127.0.0.1:1',
  };
  // Redis must be this test's own: a REDIS_URL in the environment (the test run's infrastructure,
  // as in CI) would make scripts/infra.sh use that one and start none.
  delete env.REDIS_URL;
});

afterAll(() => {
  children.forEach((c) => c.kill('SIGKILL'));
  script('scripts/infra.sh', 'stop');
  rmSync(state, { recursive: true, force: true });
});

it('leaves a server that npm start did not start running, and names it', () => {
  expect(script('scripts/infra.sh', 'start').status).toBe(0); // the tests' or someone else's
  const redis = redisPid();
  const gateway = fakeProcess('api-gateway', 'services/api-gateway/dist/main.js');
  // A stale pid file whose number now belongs to an unrelated process.
  const stranger = fakeProcess('orchestrator', 'not-a-kalcifer-service');

  const stop = script('scripts/stop.sh');
  expect(stop.status).toBe(0);
  expect(alive(redis)).toBe(true);
  expect(stop.output).toMatch(
    /left running, not started by npm-start: redis \(started by scripts\/infra\.sh\)/,
  );
  // The service of this state dir's pid file is stopped; the stranger is not touched.
  expect(alive(gateway)).toBe(false);
  expect(alive(stranger)).toBe(true);
});

it('stops the servers npm start started itself', () => {
  expect(script('scripts/infra.sh', 'stop').status).toBe(0);
  expect(script('scripts/infra.sh', 'start', '--owner', 'npm-start').status).toBe(0); // as npm start does
  const redis = redisPid();
  expect(alive(redis)).toBe(true);
  expect(script('scripts/stop.sh').status).toBe(0);
  expect(alive(redis)).toBe(false);
});
