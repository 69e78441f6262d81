/**
 * The console in Debian's Chromium (playwright-core) against the whole real stack: the four
 * services (test/support/stack.ts), the console's own server forwarding the API, and the
 * production build of the app. One journey through the product, step by step, as a user would:
 * sign in, open the demo journey, add a node and connect it, save, publish.
 * Screenshots of each screen go to docs/console/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Api } from '../../test/support/api';
import { startProduct } from '../../test/support/e2e';
import { eventually } from '../../test/support/infra';
import { repoRoot } from '../../test/support/repo-root';
import { Stack } from '../../test/support/stack';

jest.setTimeout(120_000);

const ROOT = repoRoot();
const SHOTS = path.join(ROOT, 'docs', 'console');
const API_KEY = 'kal_consolebrowsertest0000000000000';
const CONSOLE_PORT = Number(process.env.E2E_CONSOLE_PORT ?? 14200);
const CONSOLE_URL = `http://127.0.0.1:${CONSOLE_PORT}`;
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

/** The journey `npm start` seeds (scripts/seed-demo.js): no positions, so the console lays it out. */
const DEMO_GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'welcome', type: 'send_email', config: { template: 'welcome', subject: 'Welcome!' } },
    { id: 'wait_open', type: 'wait_for_event', config: { event: 'email_opened', timeout: 'P3D' } },
    { id: 'upsell', type: 'send_email', config: { template: 'upsell', subject: 'Ready for Pro?' } },
    {
      id: 'reminder',
      type: 'send_email',
      config: { template: 'reminder', subject: 'Did you see our welcome?' },
    },
  ],
  edges: [
    { from: 'entry', to: 'welcome', output: 'next' },
    { from: 'welcome', to: 'wait_open', output: 'next' },
    { from: 'wait_open', to: 'upsell', output: 'event' },
    { from: 'wait_open', to: 'reminder', output: 'timeout' },
  ],
};

interface JourneyBody {
  status: string;
  latestVersion: number | null;
  activeVersion: number | null;
  draft: {
    nodes: { id: string; type: string; config: Record<string, unknown>; position?: unknown }[];
    edges: unknown[];
  };
}

/** Ports from the environment, so that this stack can run beside another (E2E_GATEWAY_PORT...). */
const port = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const stack = new Stack({
  dbPrefix: 'e2e_console',
  gatewayPort: port('E2E_GATEWAY_PORT'),
  grpcPort: port('E2E_GRPC_PORT'),
  healthPortBase: port('E2E_HEALTH_PORT_BASE'),
});
let api: Api;
let server: ChildProcess;
let browser: Browser;
let page: Page;
let journeyId: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  api = await startProduct(stack, 'e2e_console', API_KEY);
  journeyId = await api.launchJourney('Welcome series (demo)', DEMO_GRAPH);
  server = spawn(process.execPath, [path.join(ROOT, 'frontend', 'server', 'serve.mjs')], {
    env: { ...process.env, PORT: String(CONSOLE_PORT), GATEWAY_URL: stack.gatewayUrl },
    stdio: 'inherit',
  });
  await eventually(async () => (await fetch(`${CONSOLE_URL}/healthz`)).ok, 10_000);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  server?.kill();
  await stack.stopAll();
});

/** The next answer of the gateway to `method route`, e.g. the validation an edit starts. */
function answer(method: string, route: RegExp) {
  return page.waitForResponse(
    (res) => res.request().method() === method && route.test(new URL(res.url()).pathname),
  );
}

const node = (id: string) => page.locator(`[data-node="${id}"]`);

it('refuses a wrong API key and signs in with the right one', async () => {
  await page.goto(`${CONSOLE_URL}/`);
  await page.waitForURL('**/sign-in**');
  await page.fill('input[name=apiKey]', 'kal_wrongwrongwrongwrongwrongwrongwr');
  await page.click('button[type=submit]');
  await page.getByTestId('sign-in-error').waitFor();
  expect(await page.getByTestId('sign-in-error').textContent()).toContain('not valid');
  await page.fill('input[name=apiKey]', API_KEY);
  await page.screenshot({ path: path.join(SHOTS, 'sign-in.png') });
  await page.click('button[type=submit]');
  await page.waitForURL('**/journeys');
  // The key is remembered in the browser's localStorage with the workspace the gateway named (the
  // browser's global; not in this file's Node types); the tab's workspace in sessionStorage.
  const stored = await page.evaluate("localStorage.getItem('kalcifer.workspaces')");
  expect(JSON.parse(String(stored))).toEqual([
    expect.objectContaining({ token: API_KEY, workspaceName: 'E2E', kind: 'api_key' }),
  ]);
  expect(await page.evaluate("sessionStorage.getItem('kalcifer.activeWorkspace')")).toMatch(/^\|ws_/);
});

it('lists the journeys with their status and versions', async () => {
  const row = page.locator(`tr[data-journey="${journeyId}"]`);
  await row.waitFor();
  expect(await row.locator('td').allTextContents()).toEqual(
    expect.arrayContaining(['Welcome series (demo)', 'active', '1', '1']),
  );
  await page.screenshot({ path: path.join(SHOTS, 'journeys.png') });
});

it('opens the demo journey on the canvas with labelled edges, laid out and valid', async () => {
  await page.click(`tr[data-journey="${journeyId}"] a`);
  await page.waitForURL(`**/journeys/${journeyId}`);
  for (const id of ['entry', 'welcome', 'wait_open', 'upsell', 'reminder']) await node(id).waitFor();
  await page.locator('[data-edge="wait_open:event"]').waitFor();
  await page.locator('[data-edge="wait_open:timeout"]').waitFor();
  await page.getByTestId('validity').getByText('valid').waitFor();
  // Laid out left to right: the entry's column is left of the wait's, the two branches share one.
  const [entry, wait, upsell, reminder] = await Promise.all(
    ['entry', 'wait_open', 'upsell', 'reminder'].map(async (id) => (await node(id).boundingBox())!),
  );
  expect(entry.x).toBeLessThan(wait.x);
  expect(upsell.x).toBe(reminder.x);
  expect(upsell.y).not.toBe(reminder.y);
  // The palette is the gateway's catalogue: every node kind.
  expect(await page.locator('[data-kind]').count()).toBe(24);
});

it('edits a node in the properties panel generated from its schema', async () => {
  await node('reminder').click();
  const subject = page.locator('kal-schema-form [data-field="subject"] input');
  await subject.waitFor();
  expect(await subject.inputValue()).toBe('Did you see our welcome?');
  const validated = answer('POST', /\/validate$/);
  await subject.fill('Still there?');
  await subject.press('Tab');
  await validated;
  // A field the schema refuses is reported on the node by the gateway's validation.
  const timeoutCheck = answer('POST', /\/validate$/);
  await node('wait_open').click();
  const timeout = page.locator('kal-schema-form [data-field="timeout"] input');
  await timeout.fill('three days');
  await timeout.press('Tab');
  await timeoutCheck;
  await node('wait_open').getByTestId('node-issues').waitFor();
  expect(await page.getByTestId('node-issue').first().textContent()).toContain('timeout');
  const fixed = answer('POST', /\/validate$/);
  await timeout.fill('P3D');
  await timeout.press('Tab');
  await fixed;
  await page.getByTestId('validity').getByText('valid').waitFor();
});

it('adds a node from the palette, undoes and redoes it, and connects it by dragging', async () => {
  await node('upsell').click();
  let validated = answer('POST', /\/validate$/);
  await page.click('[data-kind="exit"]');
  await node('exit_1').waitFor();
  await validated;
  // Unconnected, the new node is an orphan: the gateway says so and the node shows it.
  await node('exit_1').getByTestId('node-issues').waitFor();

  await page.getByRole('button', { name: 'Undo' }).click();
  await node('exit_1').waitFor({ state: 'detached' });
  validated = answer('POST', /\/validate$/);
  await page.getByRole('button', { name: 'Redo' }).click();
  await node('exit_1').waitFor();
  await validated;

  const from = (await node('upsell').locator('[data-output="next"] .f-node-output').boundingBox())!;
  const to = (await node('exit_1').boundingBox())!;
  validated = answer('POST', /\/validate$/);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width + 40, from.y + 20, { steps: 5 });
  await page.mouse.move(to.x + 4, to.y + to.height / 2, { steps: 10 });
  await page.mouse.up();
  await page.locator('[data-edge="upsell:next"]').waitFor();
  await validated;
  await page.getByTestId('validity').getByText('valid').waitFor();
  expect(await node('exit_1').getByTestId('node-issues').count()).toBe(0);
  await page.getByRole('button', { name: 'Fit' }).click();
  await page.screenshot({ path: path.join(SHOTS, 'editor.png') });
});

it('saves the draft through the gateway', async () => {
  const saved = answer('PUT', /\/draft$/);
  await page.getByRole('button', { name: 'Save draft' }).click();
  expect((await saved).status()).toBe(200);
  await page.getByRole('button', { name: 'Saved' }).waitFor();
  const journey = await api.ok<JourneyBody>('GET', `/v1/journeys/${journeyId}`);
  expect(journey.draft.edges).toContainEqual({ from: 'upsell', to: 'exit_1', output: 'next' });
  expect(journey.draft.nodes.find((n) => n.id === 'reminder')?.config.subject).toBe('Still there?');
  expect(journey.draft.nodes.every((n) => n.position !== undefined)).toBe(true);
});

it('previews what publishing changes and where open instances would move, then publishes version 2', async () => {
  // One customer waiting in the live journey (v1), so a migrating publish has someone to move.
  await api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, {
    customerId: 'ada',
    attributes: { email: 'ada@example.com' },
  });
  await eventually(
    async () => (await api.allInstances(`journeyId=${journeyId}&status=waiting`)).length === 1,
    30_000,
  );

  await page.getByRole('button', { name: 'Publish…' }).click();
  const preview = page.getByTestId('publish-preview');
  await preview.getByText('added node exit_1').waitFor();
  expect(await preview.textContent()).toContain('added edge upsell → exit_1 (next)');
  expect(await preview.textContent()).toContain('changed reminder');
  await page.selectOption('select[name=strategy]', 'migrate_all');
  await page.getByTestId('publish-plan').getByText('1 open instance(s): 1 migrated').waitFor();
  await page.fill('input[name=note]', 'exit after the upsell');
  await page.screenshot({ path: path.join(SHOTS, 'publish.png') });

  // Published for new entries only: the waiting customer stays on v1 (the dry run moved nobody).
  await page.selectOption('select[name=strategy]', 'new_entries_only');
  await page.getByTestId('publish-plan').waitFor({ state: 'detached' });
  const published = answer('POST', /\/versions$/);
  await page.getByRole('button', { name: 'Publish version' }).click();
  expect((await published).status()).toBe(201);
  await page.getByTestId('message').getByText('Published version 2').waitFor();
  expect(await page.getByTestId('journey-version').textContent()).toContain('v2');
  const journey = await api.ok<JourneyBody>('GET', `/v1/journeys/${journeyId}`);
  expect(journey).toMatchObject({ status: 'active', latestVersion: 2, activeVersion: 2 });
  const versions = await api.ok<{ versions: { version: number; note: string; strategy: string }[] }>(
    'GET',
    `/v1/journeys/${journeyId}/versions`,
  );
  expect(versions.versions.find((v) => v.version === 2)).toMatchObject({
    note: 'exit after the upsell',
    strategy: 'new_entries_only',
  });
  await page.getByRole('button', { name: 'Versions' }).click();
  const history = page.getByTestId('version-history');
  await history.locator('tr[data-version="2"]').getByText('exit after the upsell').waitFor();
  expect(await history.locator('tr[data-version]').count()).toBe(2);
  const [instance] = await api.allInstances(`journeyId=${journeyId}`);
  expect(await api.ok('GET', `/v1/instances/${instance.id}`)).toMatchObject({ version: 1 });
});

it('sends a signed-out visitor of a journey link to sign-in, then to the journey', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL('**/sign-in**');
  await page.goto(`${CONSOLE_URL}/journeys/${journeyId}`);
  await page.waitForURL('**/sign-in?next=**');
  await page.fill('input[name=apiKey]', API_KEY);
  await page.click('button[type=submit]');
  await page.waitForURL(`**/journeys/${journeyId}`);
  await node('exit_1').waitFor();
});

it('creates a journey from the list; it opens in the editor, ready to publish', async () => {
  await page.getByRole('link', { name: '← Journeys' }).click();
  await page.locator(`tr[data-journey="${journeyId}"]`).getByText('2', { exact: true }).first().waitFor();
  await page.fill('input[name=name]', 'Onboarding');
  const created = answer('POST', /^\/v1\/journeys$/);
  await page.getByRole('button', { name: 'Create' }).click();
  const journey = (await (await created).json()) as { id: string };
  await page.waitForURL(`**/journeys/${journey.id}`);
  await node('entry').waitFor();
  await page.locator('[data-edge="entry:next"]').waitFor();
  await page.getByTestId('validity').getByText('valid').waitFor();
  expect(await page.getByTestId('journey-status').textContent()).toBe('draft');
});
