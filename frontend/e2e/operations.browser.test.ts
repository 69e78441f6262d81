/**
 * A journey's life in the console against the whole real stack, as an operator lives it: build
 * and publish a journey on the canvas, customers enter (through the API), watch them on the
 * canvas and in a customer's trace, edit it, publish v2 with a migration whose mapping is edited
 * in the console, watch the migration dashboard until it is done, compare versions, roll back;
 * and design a journey with the AI designer. Screenshots go to docs/console/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { eventually } from '../../test/support/infra';
import { SHOTS, answer, signIn, startConsole, type Console } from './console-harness';

jest.setTimeout(120_000);

const API_KEY = 'kal_consoleoperations00000000000000';
let c: Console;
let page: Page;
let journeyId: string;

beforeAll(async () => {
  c = await startConsole('e2e_console_ops', API_KEY);
  page = c.page;
}, 120_000);

afterAll(async () => {
  await c?.stop();
});

const node = (id: string) => page.locator(`[data-node="${id}"]`);
const field = (name: string) => page.locator(`kal-schema-form [data-field="${name}"] input`);
const outputTarget = (output: string) =>
  page.locator(`kal-properties-panel [data-output="${output}"] select`);

/** Selects a node on the canvas and waits for its properties. */
async function select(id: string): Promise<void> {
  await node(id).click();
  await page.locator('kal-properties-panel [data-field="name"]').waitFor();
}

/** On the journey list, signed in (a test run on its own starts signed out). */
async function ensureSignedIn(): Promise<void> {
  await page.goto(`${c.url}/journeys`);
  await page.locator('input[name=name], input[name=apiKey]').first().waitFor();
  if (page.url().includes('/sign-in')) await signIn(c, API_KEY);
}

async function settledValid(): Promise<void> {
  await page.getByTestId('validity').getByText('valid', { exact: true }).waitFor();
}

it('builds a journey on the canvas (entry → wait 1 day → exit) and publishes it', async () => {
  await signIn(c, API_KEY);
  await page.fill('input[name=name]', 'Trial nurture');
  const created = answer(page, 'POST', /^\/v1\/journeys$/);
  await page.getByRole('button', { name: 'Create' }).click();
  journeyId = ((await (await created).json()) as { id: string }).id;
  await node('entry').waitFor();

  await select('entry');
  await page.click('[data-kind="wait"]');
  await node('wait_1').waitFor();
  await field('duration').fill('P1D');
  await field('duration').press('Tab');
  await select('entry');
  await outputTarget('next').selectOption('wait_1');
  await select('wait_1');
  await outputTarget('next').selectOption('done');
  await page.locator('[data-edge="entry:next"]').waitFor();
  await page.locator('[data-edge="wait_1:next"]').waitFor();
  await settledValid();

  await page.getByRole('button', { name: 'Publish…' }).click();
  await page.getByTestId('publish-preview').getByText('added node wait_1').waitFor();
  const published = answer(page, 'POST', /\/versions$/);
  await page.getByRole('button', { name: 'Publish version' }).click();
  expect((await published).status()).toBe(201);
  await page.getByTestId('journey-status').getByText('active').waitFor();
});

it('lets customers in from the editor (Enroll…): they wait at wait_1 on v1', async () => {
  await page.getByRole('button', { name: 'Enroll…' }).click();
  const result = page.getByTestId('enroll-result');
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  await result.getByText('Name at least one customer id.').waitFor();
  await page.fill('textarea[name=customerIds]', 'c1, c2\nc3 c1');
  const enrolled = answer(page, 'POST', /\/enrollments$/);
  await page.getByRole('button', { name: 'Enroll', exact: true }).click();
  expect((await enrolled).status()).toBe(202);
  await result.getByText('3 customers enrolled: c1, c2, c3.').waitFor();
  await page.getByRole('button', { name: 'Close' }).click();
  await eventually(
    async () => (await c.api.allInstances(`journeyId=${journeyId}&status=waiting`)).length === 3,
    30_000,
  );
});

it('shows the customers per node on the canvas, counted again as the live stream reports a new entry', async () => {
  // Counted by the gateway (one request), not from every open instance.
  const counted = answer(page, 'GET', /^\/v1\/journeys\/[^/]+\/occupancy$/);
  await page.getByTestId('live-toggle').click();
  expect((await counted).status()).toBe(200);
  const count = node('wait_1').getByTestId('live-count');
  await count.getByText('3 here (v1: 3)').waitFor();
  expect(await node('entry').getByTestId('live-count').count()).toBe(0);
  // Every dot drawn along an edge while c4 enters (the flow animation), from the page itself.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { travellers: string[] }).travellers = seen;
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n instanceof SVGCircleElement && n.classList.contains('traveller'))
            seen.push(n.getAttribute('data-edge') ?? '');
    }).observe(document.body, { childList: true, subtree: true });
  });
  // No polling: only the journal stream (GET /v1/stream) tells the canvas that c4 arrived.
  await c.api.ok('POST', `/v1/journeys/${journeyId}/enrollments`, { customerId: 'c4' });
  await count.getByText('4 here (v1: 4)').waitFor({ timeout: 30_000 });
  // c4 ran along entry → wait_1 (drawn as the step arrived, before the count), and the dot is gone once there.
  expect(await page.evaluate('window.travellers')).toEqual(['edge|entry|next']);
  await page.locator('circle.traveller').first().waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.screenshot({ path: path.join(SHOTS, 'live-overlay.png') });
  await page.getByTestId('live-toggle').click();
  await count.waitFor({ state: 'detached' });
});

it('edits the journey: the 1-day wait becomes a wait for "trial_used" (3 days at most); saves', async () => {
  await select('wait_1');
  await page.keyboard.press('Delete');
  await node('wait_1').waitFor({ state: 'detached' });
  await select('entry');
  await page.click('[data-kind="wait_for_event"]');
  await node('wait_for_event_1').waitFor();
  await field('event').fill('trial_used');
  await field('event').press('Tab');
  await field('timeout').fill('P3D');
  await field('timeout').press('Tab');
  await outputTarget('event').selectOption('done');
  await outputTarget('timeout').selectOption('done');
  await select('entry');
  await outputTarget('next').selectOption('wait_for_event_1');
  await settledValid();
  const saved = answer(page, 'PUT', /\/draft$/);
  await page.getByRole('button', { name: 'Save draft' }).click();
  expect((await saved).status()).toBe(200);
});

it('publishes v2 with a migration: the mapping editor settles the removed node, the dry run says where customers go', async () => {
  await page.getByRole('link', { name: 'Diff, rollback, migrate' }).click();
  await page.waitForURL(`**/journeys/${journeyId}/versions`);
  await page.getByRole('button', { name: 'Publish the draft with a migration…' }).click();
  const planner = page.getByTestId('migration-planner');
  await planner.getByTestId('planner-diff').getByText('removed node wait_1').waitFor();
  // Four customers wait at wait_1, which v2 does not have: the plan refuses until it is mapped.
  await planner.getByTestId('plan-problem').first().waitFor();
  expect(await planner.getByTestId('plan-problem').first().textContent()).toContain('wait_1');
  expect(await planner.getByRole('button', { name: 'Start migration' }).isDisabled()).toBe(true);
  const row = planner.locator('tr[data-old-node="wait_1"]');
  expect(await row.getAttribute('class')).toContain('removed');

  const dryRun = answer(page, 'POST', /\/versions$/);
  await row.locator('select').selectOption('policy:hold');
  const body = (await (await dryRun).json()) as { dryRun: boolean; plan: { outcomes: { held: number } } };
  expect(body).toMatchObject({ dryRun: true, plan: { outcomes: { held: 4 } } });
  await planner.getByTestId('dry-run-summary').getByText('4 held').waitFor();
  expect(await planner.getByTestId('plan-problem').count()).toBe(0);
  await page.fill('input[name=note]', 'wait for the trial to be used');
  await page.screenshot({ path: path.join(SHOTS, 'migration-planner.png'), fullPage: true });

  const started = answer(page, 'POST', /\/versions$/);
  await planner.getByRole('button', { name: 'Start migration' }).click();
  expect((await started).status()).toBe(201);
  await page.waitForURL(`**/journeys/${journeyId}/migrations/mig_*`);
});

it('shows the migration dashboard, refreshed until the migration is done', async () => {
  const dashboard = page.getByTestId('migration');
  await page.locator('[data-testid="migration"][data-status="completed"]').waitFor({ timeout: 60_000 });
  expect(await dashboard.getByTestId('migration-processed').textContent()).toContain('100% processed of 4');
  expect(await dashboard.locator('[data-count="held"]').textContent()).toBe('4');
  expect(
    await dashboard.getByTestId('instances-per-version').locator('[data-version="2"]').textContent(),
  ).toBe('4');
  await page.getByTestId('polling').waitFor({ state: 'detached' });
  expect(await page.locator('tr[data-migration]').count()).toBe(1);
  await page.screenshot({ path: path.join(SHOTS, 'migration-dashboard.png'), fullPage: true });
  const instances = await c.api.allInstances(`journeyId=${journeyId}&status=held`);
  expect(instances).toHaveLength(4);
});

it('traces a customer: each step with its version, the migration, and what happens next', async () => {
  await page.fill('input[name=customerSearch]', 'c1');
  await page.getByRole('button', { name: 'Trace' }).click();
  await page.waitForURL('**/customers/c1');
  const entry = (type: string) => page.locator(`[data-testid="trace-entry"][data-type="${type}"]`);
  await entry('migrated').waitFor();
  expect(await entry('instance_started').getAttribute('data-version')).toBe('1');
  expect(await entry('migrated').getAttribute('data-version')).toBe('2');
  expect(await entry('migrated').textContent()).toContain('Trial nurture');
  const card = page.getByTestId('trace-instance');
  expect(await card.getByTestId('instance-status').textContent()).toBe('held');
  expect(await card.getByTestId('next-steps').textContent()).toContain('held at wait_1 by a migration');
  await page.screenshot({ path: path.join(SHOTS, 'trace.png'), fullPage: true });
  // A customer who never entered anything: an empty trace, not an error.
  await page.goto(`${c.url}/customers/nobody`);
  await page.getByText('Nothing has happened to this customer yet.').waitFor();
  await page.goto(`${c.url}/journeys/${journeyId}/migrations`);
  await page.getByTestId('migration').waitFor();
});

it('compares v1 and v2 on a canvas, changes coloured, and lists them', async () => {
  await page.getByRole('link', { name: 'Versions' }).click();
  await page.waitForURL(`**/journeys/${journeyId}/versions`);
  const diff = page.getByTestId('version-diff');
  await diff.getByText('removed node wait_1').waitFor();
  expect(await diff.textContent()).toContain('added node wait_for_event_1');
  const mark = (id: string) => page.locator(`[data-diff-node="${id}"]`).getAttribute('data-mark');
  expect(await mark('wait_1')).toBe('removed');
  expect(await mark('wait_for_event_1')).toBe('added');
  expect(await mark('entry')).toBe('same');
  expect(await page.locator('tr[data-version]').count()).toBe(2);
  await page.screenshot({ path: path.join(SHOTS, 'versions.png'), fullPage: true });

  // The other way round, v2 against v1: what a rollback would change.
  await page.selectOption('select[name=from]', '2');
  await page.selectOption('select[name=to]', '1');
  await page.getByRole('button', { name: 'Compare', exact: true }).click();
  await diff.getByText('added node wait_1').waitFor();
  expect(await mark('wait_for_event_1')).toBe('removed');
});

it('rolls back to v1 for new entries: v3 is v1 again', async () => {
  await page.locator('tr[data-version="1"]').getByRole('button', { name: 'Roll back to v1…' }).click();
  const planner = page.getByTestId('migration-planner');
  await planner.getByRole('heading', { name: 'Roll back to v1' }).waitFor();
  await planner.locator('select[name=strategy]').selectOption('new_entries_only');
  await planner.getByTestId('planner-diff').getByText('added node wait_1').waitFor();
  const rolledBack = answer(page, 'POST', /\/rollback$/);
  await planner.getByRole('button', { name: 'Roll back' }).click();
  expect((await rolledBack).status()).toBe(201);
  await page.getByTestId('message').getByText('Published version 3').waitFor();
  await page.locator('tr[data-version="3"]').getByText('rollback to version 1').waitFor();
  const v3 = await c.api.ok<{ graph: { nodes: { id: string }[] } }>(
    'GET',
    `/v1/journeys/${journeyId}/versions/3`,
  );
  expect(v3.graph.nodes.map((n) => n.id).sort()).toEqual(['done', 'entry', 'wait_1']);
});

it('rolls a migration out gradually: a share first, then raised to 100% from the dashboard', async () => {
  const graph = (duration: string) => ({
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      { id: 'pause', type: 'wait', config: { duration } },
      { id: 'done', type: 'exit', config: {} },
    ],
    edges: [
      { from: 'entry', to: 'pause', output: 'next' },
      { from: 'pause', to: 'done', output: 'next' },
    ],
  });
  const id = await c.api.launchJourney('Gradual', graph('P1D'));
  await c.api.ok('POST', `/v1/journeys/${id}/enrollments`, {
    enrollments: ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'].map((customerId) => ({ customerId })),
  });
  await eventually(
    async () => (await c.api.allInstances(`journeyId=${id}&status=waiting`)).length === 6,
    30_000,
  );
  await c.api.ok('PUT', `/v1/journeys/${id}/draft`, { graph: graph('P2D') });

  await ensureSignedIn();
  await page.goto(`${c.url}/journeys/${id}/versions`);
  await page.getByRole('button', { name: 'Publish the draft with a migration…' }).click();
  const planner = page.getByTestId('migration-planner');
  await planner.getByTestId('planner-diff').getByText('changed pause: duration').waitFor();
  await planner.locator('select[name=strategy]').selectOption('gradual');
  const dryRun = page.waitForResponse(
    (res) => /\/versions$/.test(res.url()) && (res.request().postData() ?? '').includes('"percent":50'),
  );
  await planner.locator('input[name=percent]').fill('50');
  await planner.locator('input[name=percent]').press('Tab');
  const plan = ((await (await dryRun).json()) as { plan: { total: number; selected: number } }).plan;
  expect(plan.total).toBe(6);
  await planner.getByTestId('dry-run-summary').getByText('6 open instance(s)').waitFor();
  await planner.getByRole('button', { name: 'Start migration' }).click();
  await page.waitForURL(`**/journeys/${id}/migrations/mig_*`);
  const dashboard = page.getByTestId('migration');
  // The first share moves: as many as the dry run selected, and the migration keeps running.
  await dashboard
    .getByTestId('migration-processed')
    .getByText(`100% processed of ${plan.selected}`)
    .waitFor({ timeout: 30_000 });
  expect(await dashboard.getAttribute('data-status')).toBe('running');

  const raised = answer(page, 'POST', /\/rollout$/);
  await page.fill('input[name=raisePercent]', '100');
  await page.getByRole('button', { name: 'Raise rollout to this %' }).click();
  expect((await raised).status()).toBe(200);
  await page.locator('[data-testid="migration"][data-status="completed"]').waitFor({ timeout: 60_000 });
  expect(await dashboard.locator('[data-count="migrated"]').textContent()).toBe('6');
  expect(
    await dashboard.getByTestId('instances-per-version').locator('[data-version="2"]').textContent(),
  ).toBe('6');
});

describe('the AI designer in the editor', () => {
  const BRIEF =
    "When a customer signs up, send a welcome email. Wait 3 days. If they haven't opened it, send an SMS reminder. The goal is a purchase.";
  const marks = (mark: string) => page.locator(`[data-testid="designer-preview"] [data-mark="${mark}"]`);

  it('designs a journey from a brief over the streaming route, previews it as a diff, applies it', async () => {
    await ensureSignedIn();
    await page.fill('input[name=name]', 'Designed welcome');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/journeys\/jr_/);
    await node('entry').waitFor();
    await page.getByRole('button', { name: 'AI designer' }).click();

    const streamed = answer(page, 'POST', /^\/v1\/designer\/sessions\/stream$/);
    await page.fill('textarea[name=designerMessage]', BRIEF);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const res = await streamed;
    expect([res.status(), res.headers()['content-type']]).toEqual([201, 'text/event-stream; charset=utf-8']);
    const preview = page.getByTestId('designer-preview');
    await preview.waitFor();
    // Against the new journey's canvas (entry → done): the designer's steps are added.
    expect(await marks('added').count()).toBeGreaterThanOrEqual(3);
    expect(await preview.getByTestId('proposal-diff').textContent()).toContain('added node');
    expect(await page.getByTestId('designer-log').textContent()).toContain('welcome');
    await page.screenshot({ path: path.join(SHOTS, 'designer.png') });

    const proposed: string[] = [];
    for (const el of await preview.locator('[data-diff-node]:not([data-mark="removed"])').all())
      proposed.push((await el.getAttribute('data-diff-node')) ?? '');
    await preview.getByRole('button', { name: 'Apply to canvas' }).click();
    await preview.waitFor({ state: 'detached' });
    for (const id of proposed) await node(id).waitFor();
    expect(await page.locator('[data-node]').count()).toBe(proposed.length);
    await settledValid();
  });

  it('refines it in the same conversation: the changed wait is amber in the preview', async () => {
    const refined = answer(page, 'POST', /^\/v1\/designer\/sessions\/[^/]+\/messages\/stream$/);
    await page.fill('textarea[name=designerMessage]', 'make the wait 5 days instead of 3');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    expect((await refined).status()).toBe(200);
    await page.getByTestId('designer-preview').waitFor();
    expect(await marks('changed').count()).toBe(1);
    expect(await marks('added').count()).toBe(0);
    await page.getByRole('button', { name: 'Apply to canvas' }).click();
    const saved = answer(page, 'PUT', /\/draft$/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    expect((await saved).status()).toBe(200);
    const journeyPath = new URL(page.url()).pathname;
    const draft = await c.api.ok<{ draft: { nodes: { type: string; config: Record<string, unknown> }[] } }>(
      'GET',
      `/v1${journeyPath}`,
    );
    // The brief's 3-day wait (a wait for the open, with a timeout) is now 5 days.
    const configs = JSON.stringify(draft.draft.nodes.map((n) => n.config));
    expect([configs.includes('P5D'), configs.includes('P3D')]).toEqual([true, false]);
  });

  it('imports a strategy spreadsheet (csv) as a new proposal; a bad one is refused with the row to fix', async () => {
    await page.getByRole('button', { name: 'New conversation' }).click();
    const imported = answer(page, 'POST', /^\/v1\/designer\/documents$/);
    await page.setInputFiles('input[name=designerDocument]', {
      name: 'plan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Timing,Channel,Message\nDay 0,Email,Welcome aboard\nDay 2,SMS,Have you tried it?\n',
      ),
    });
    expect((await imported).status()).toBe(201);
    const preview = page.getByTestId('designer-preview');
    await preview.waitFor();
    expect(await preview.locator('[data-diff-node] .node-type').allTextContents()).toContain('send_sms');
    await preview.getByRole('button', { name: 'Discard' }).click();
    await preview.waitFor({ state: 'detached' });

    const refused = answer(page, 'POST', /^\/v1\/designer\/documents$/);
    await page.setInputFiles('input[name=designerDocument]', {
      name: 'plan.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('Timing,Channel,Message\nDay 1,Pigeon,Hi\n'),
    });
    expect((await refused).status()).toBe(400);
    await page.locator('.msg-error').getByText('Row 2').waitFor();
  });
});
