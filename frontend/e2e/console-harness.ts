/**
 * Set-up shared by the console's browser tests: the whole stack (test/support/stack.ts), the
 * console's own server in front of it, and Debian's Chromium (playwright-core).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Api } from '../../test/support/api';
import { startProduct } from '../../test/support/e2e';
import { eventually } from '../../test/support/infra';
import { repoRoot } from '../../test/support/repo-root';
import { Stack, type ServiceName } from '../../test/support/stack';

export const SHOTS = path.join(repoRoot(), 'docs', 'console');
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Console {
  api: Api;
  page: Page;
  url: string;
  stop(): Promise<void>;
}

/** Ports from the environment, so that this stack can run beside another (E2E_GATEWAY_PORT...). */
const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);

/** `env`: extra environment per service (e.g. the gateway's JWT_HS256_SECRET). */
export async function startConsole(
  dbPrefix: string,
  apiKey: string,
  env: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<Console> {
  mkdirSync(SHOTS, { recursive: true });
  const stack = new Stack({
    dbPrefix,
    env,
    gatewayPort: port('E2E_GATEWAY_PORT'),
    grpcPort: port('E2E_GRPC_PORT'),
    healthPortBase: port('E2E_HEALTH_PORT_BASE'),
  });
  const parts: { server?: ChildProcess; browser?: Browser } = {};
  const stop = async () => {
    await parts.browser?.close();
    parts.server?.kill();
    await stack.stopAll();
  };
  const consolePort = Number(process.env.E2E_CONSOLE_PORT ?? 14200);
  const url = `http://127.0.0.1:${consolePort}`;
  const api = await startProduct(stack, dbPrefix, apiKey);
  parts.server = spawn(process.execPath, [path.join(repoRoot(), 'frontend', 'server', 'serve.mjs')], {
    env: { ...process.env, PORT: String(consolePort), GATEWAY_URL: stack.gatewayUrl },
    stdio: 'inherit',
  });
  await eventually(async () => (await fetch(`${url}/healthz`)).ok, 10_000);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  parts.browser = browser;
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.setDefaultTimeout(10_000);
  return { api, page, url, stop };
}

/** Signs in on the sign-in page with `apiKey`; lands on the journey list. */
export async function signIn(c: Console, apiKey: string): Promise<void> {
  await c.page.goto(`${c.url}/sign-in`);
  await c.page.fill('input[name=apiKey]', apiKey);
  await c.page.click('button[type=submit]');
  await c.page.waitForURL('**/journeys');
}

/** The next answer of the gateway to `method route`. */
export function answer(page: Page, method: string, route: RegExp) {
  return page.waitForResponse(
    (res) => res.request().method() === method && route.test(new URL(res.url()).pathname),
  );
}
