/**
 * The console's workspace, list, analytics and embedding features against the whole real stack
 * (issue 12): sign-in with an API key or a JWT and the workspace switcher; the journey list's live
 * customer counts; the analytics page (figures, funnel, per-node charts, A/B splits); the editor
 * as a Web Component in a plain HTML page. Screenshots go to docs/console/.
 */
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { Api } from '../../test/support/api';
import { eventually, infra } from '../../test/support/infra';
import { MAX_TRAVELLERS } from '../src/app/live/edge-traffic';
import { repoRoot } from '../../test/support/repo-root';
import { SHOTS, answer, signIn, startConsole, type Console } from './console-harness';

jest.setTimeout(120_000);

const DB = 'e2e_console_ws';
const KEY_A = 'kal_consoleworkspacesA0000000000000';
const KEY_B = 'kal_consoleworkspacesB0000000000000';
const JWT_SECRET = 'console-browser-test-secret-0123456789abcdef';

/** entry → split (a/b) → a: tag, goal, wait a day; b: tag, wait a day. */
const AB_GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {}, position: { x: 0, y: 120 } },
    {
      id: 'split',
      type: 'ab_split',
      config: {
        variants: [
          { name: 'a', percent: 50 },
          { name: 'b', percent: 50 },
        ],
      },
      position: { x: 260, y: 120 },
    },
    { id: 'tag_a', type: 'add_tag', config: { tag: 'variant-a' }, position: { x: 520, y: 0 } },
    { id: 'goal', type: 'goal_reached', config: {}, position: { x: 780, y: 0 } },
    { id: 'hold_a', type: 'wait', config: { duration: 'P1D' }, position: { x: 1040, y: 0 } },
    { id: 'tag_b', type: 'add_tag', config: { tag: 'variant-b' }, position: { x: 520, y: 240 } },
    { id: 'hold_b', type: 'wait', config: { duration: 'P1D' }, position: { x: 780, y: 240 } },
    { id: 'done_a', type: 'exit', config: {}, position: { x: 1300, y: 0 } },
    { id: 'done_b', type: 'exit', config: {}, position: { x: 1040, y: 240 } },
  ],
  edges: [
    { from: 'entry', to: 'split', output: 'next' },
    { from: 'split', to: 'tag_a', output: 'variant:a' },
    { from: 'split', to: 'tag_b', output: 'variant:b' },
    { from: 'tag_a', to: 'goal', output: 'next' },
    { from: 'goal', to: 'hold_a', output: 'next' },
    { from: 'hold_a', to: 'done_a', output: 'next' },
    { from: 'tag_b', to: 'hold_b', output: 'next' },
    { from: 'hold_b', to: 'done_b', output: 'next' },
  ],
};

const SIMPLE_GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'done', type: 'exit', config: {} },
  ],
  edges: [{ from: 'entry', to: 'done', output: 'next' }],
};

let c: Console;
let page: Page;
let abJourney: string;
let workspaceB: string;
const CUSTOMERS = Array.from({ length: 12 }, (_, i) => `ab-${i}`);

/** An HS256 JWT as an identity provider sharing JWT_HS256_SECRET would sign it. */
function jwt(claims: Record<string, unknown>, secret = JWT_SECRET): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signed = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

/** A second workspace, named, with its own admin key (the gateway's CLI, as an operator would). */
function createNamedWorkspace(name: string, apiKey: string): string {
  const cli = path.join(repoRoot(), 'services/api-gateway/dist/cli/create-workspace.js');
  const out = execFileSync(process.execPath, [cli, '--name', name, '--key', apiKey], {
    env: { ...process.env, MONGODB_URL: infra.mongoUrl, MONGODB_DB: `${DB}_api_gateway`, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  return (JSON.parse(out.trim().split('\n').pop()!) as { workspaceId: string }).workspaceId;
}

/**
 * A shop's own page on another origin: it loads the Web Component from the console's server and
 * points it straight at the gateway, which allows this origin (CORS_ALLOWED_ORIGINS).
 */
let shop: http.Server;
let shopUrl: string;
function shopPage(journeyId: string, withEditor = true): string {
  const editor = `<link rel="stylesheet" href="${c.url}/element/kalcifer-journey-editor.css" />
    <script type="module" src="${c.url}/element/kalcifer-journey-editor.js"></script>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>A shop's page</title>
    ${withEditor ? editor : ''}
  </head>
  <body>
    <h1>Our onboarding, edited here</h1>
    <p>The shop's own text, in the shop's own font. <button id="shop-button">The shop's button</button></p>
    ${withEditor ? `<kalcifer-journey-editor gateway-url="${c.api.baseUrl}" api-key="${KEY_A}" journey-id="${journeyId}"></kalcifer-journey-editor>` : ''}
  </body>
</html>`;
}

beforeAll(async () => {
  shop = http.createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://shop').searchParams;
    const page = shopPage(query.get('journey') ?? '', !query.has('bare'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  c = await startConsole(DB, KEY_A, {
    'api-gateway': { JWT_HS256_SECRET: JWT_SECRET, CORS_ALLOWED_ORIGINS: shopUrl },
  });
  page = c.page;
  abJourney = await c.api.launchJourney('A/B welcome', AB_GRAPH);
  workspaceB = createNamedWorkspace('Second shop', KEY_B);
  await new Api(c.api.baseUrl, KEY_B).launchJourney('Second shop onboarding', SIMPLE_GRAPH);
}, 120_000);

afterAll(async () => {
  shop?.close();
  await c?.stop();
});

const me = (token?: string) =>
  fetch(`${c.url}/v1/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('sign-in and workspaces', () => {
  it('GET /v1/me names the workspace of an API key or a JWT, and refuses anything else', async () => {
    expect((await me()).status).toBe(401);
    expect((await me('kal_wrongwrongwrongwrongwrongwrongwr')).status).toBe(401);
    expect(await (await me(KEY_A)).json()).toMatchObject({
      workspaceName: 'E2E',
      role: 'admin',
      credential: 'api_key',
    });
    const token = jwt({
      sub: 'bob',
      exp: Math.floor(Date.now() / 1000) + 3600,
      workspace: workspaceB,
      role: 'viewer',
    });
    expect(await (await me(token)).json()).toEqual({
      workspaceId: workspaceB,
      workspaceName: 'Second shop',
      role: 'viewer',
      actor: 'user:bob',
      credential: 'jwt',
    });
    const forged = jwt(
      { sub: 'bob', exp: Math.floor(Date.now() / 1000) + 3600, workspace: workspaceB, role: 'admin' },
      'x'.repeat(40),
    );
    expect((await me(forged)).status).toBe(401);
  });

  it('signs in with an API key, adds a second workspace with a JWT, and switches between them', async () => {
    await signIn(c, KEY_A);
    await page.getByTestId('active-workspace').getByText('E2E').waitFor();
    await page.locator('tr', { hasText: 'A/B welcome' }).waitFor();

    // A JWT with a wrong signature is refused with the gateway's reason.
    await page.getByTestId('add-workspace').click();
    await page.getByRole('heading', { name: 'Add a workspace' }).waitFor();
    const forged = jwt(
      { sub: 'bob', exp: Math.floor(Date.now() / 1000) + 3600, workspace: workspaceB, role: 'viewer' },
      'y'.repeat(40),
    );
    await page.fill('input[name=apiKey]', forged);
    await page.click('form.sign-in button[type=submit]');
    await page.getByTestId('sign-in-error').waitFor();
    expect(await page.getByTestId('sign-in-error').textContent()).toContain('signature does not verify');

    const token = jwt({
      sub: 'bob',
      exp: Math.floor(Date.now() / 1000) + 3600,
      workspace: workspaceB,
      role: 'viewer',
    });
    await page.fill('input[name=apiKey]', token);
    await page.click('form.sign-in button[type=submit]');
    await page.waitForURL('**/journeys');
    await page.getByTestId('active-workspace').getByText('Second shop · user:bob').waitFor();
    await page.locator('tr', { hasText: 'Second shop onboarding' }).waitFor();
    expect(await page.locator('tr', { hasText: 'A/B welcome' }).count()).toBe(0);
    const options = await page.getByTestId('workspace-switcher').locator('option').allTextContents();
    expect(options.map((o) => o.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/^E2E \(ws_\w+\) · admin · API key$/),
      `Second shop (${workspaceB}) · viewer · JWT`,
    ]);
    // A viewer's JWT reads the live counts too.
    await page
      .locator('tr', { hasText: 'Second shop onboarding' })
      .getByTestId('live-total')
      .getByText('0', { exact: true })
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'workspaces.png') });

    // Back to the first workspace: its journeys; a reload (and the browser's storage) keeps both.
    await page.getByTestId('workspace-switcher').selectOption({ index: 0 });
    await page.locator('tr', { hasText: 'A/B welcome' }).waitFor();
    await page.reload();
    await page.getByTestId('active-workspace').getByText('E2E').waitFor();
    expect(await page.getByTestId('workspace-switcher').locator('option').count()).toBe(2);

    // Signing out forgets the workspace in use and goes on with the other one.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByTestId('active-workspace').getByText('Second shop').waitFor();
    await page.locator('tr', { hasText: 'Second shop onboarding' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await signIn(c, KEY_A);
  });

  it('warns before a JWT expires, signs out at its expiry saying why, and never sends it expired', async () => {
    const sent: { at: number; token: string }[] = [];
    const record = (req: Request) => {
      const at = Date.now();
      void req
        .allHeaders()
        .then((h) => sent.push({ at, token: h['authorization'] ?? '' }))
        .catch(() => undefined);
    };
    page.on('request', record);
    try {
      // An expired JWT is refused at sign-in, by the console, without asking the gateway.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/sign-in');
      const stale = jwt({ sub: 'carol', exp: Math.floor(Date.now() / 1000) - 60, workspace: workspaceB });
      await page.fill('input[name=apiKey]', stale);
      await page.click('form.sign-in button[type=submit]');
      await page
        .getByTestId('sign-in-error')
        .getByText('This JWT cannot be used: the JWT expired at')
        .waitFor();

      // A JWT with 20 s left: warned at once (less than 5 minutes), with the time left.
      const exp = Math.floor(Date.now() / 1000) + 20;
      const token = jwt({ sub: 'carol', exp, workspace: workspaceB, role: 'viewer' });
      await page.fill('input[name=apiKey]', token);
      await page.click('form.sign-in button[type=submit]');
      await page.waitForURL('**/journeys');
      await page.locator('tr', { hasText: 'Second shop onboarding' }).waitFor();
      const warning = page.getByTestId('expiry-warning');
      await warning.waitFor();
      expect(await warning.textContent()).toMatch(
        /The JWT of Second shop \(user:carol\) expires at .*, in \d{1,2} s:/,
      );

      // At its expiry (less a 5 s margin) the console signs out by itself and says why.
      await page.waitForURL(/\/sign-in\?next=(%2F|\/)journeys$/, { timeout: 30_000 });
      const signedOut = page.getByTestId('signed-out');
      await signedOut.waitFor();
      expect(await signedOut.textContent()).toContain(
        'Signed out of Second shop (user:carol): the JWT expired at',
      );
      expect(await warning.count()).toBe(0);
      expect(sent.some((r) => r.token === `Bearer ${token}`)).toBe(true);
      expect(sent.filter((r) => r.token === `Bearer ${stale}`)).toEqual([]);
      expect(sent.filter((r) => r.token === `Bearer ${token}` && r.at >= exp * 1000)).toEqual([]);
      // Nothing refreshes or reconnects with it afterwards either.
      await page.waitForTimeout(2_500);
      expect(sent.filter((r) => r.token === `Bearer ${token}` && r.at >= exp * 1000)).toEqual([]);
    } finally {
      page.off('request', record);
    }
    await signIn(c, KEY_A);
    expect(await page.getByTestId('signed-out').count()).toBe(0);
  });
});

describe('journey list', () => {
  it('shows how many customers are in each journey now, updating live as they enter', async () => {
    await page.goto(`${c.url}/journeys`);
    const row = page.locator(`tr[data-journey="${abJourney}"]`);
    await row.getByTestId('live-total').getByText('0', { exact: true }).waitFor();
    const counted = answer(page, 'GET', new RegExp(`^/v1/journeys/${abJourney}/occupancy$`));
    await c.api.ok('POST', `/v1/journeys/${abJourney}/enrollments`, {
      enrollments: CUSTOMERS.map((customerId) => ({ customerId })),
    });
    // No reload: the stream reports the entries, the list reads the journey's occupancy again.
    expect((await counted).status()).toBe(200);
    await row
      .getByTestId('live-total')
      .getByText(String(CUSTOMERS.length), { exact: true })
      .waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('live-total').getAttribute('title')).toBe(`v1: ${CUSTOMERS.length}`);
    await page.screenshot({ path: path.join(SHOTS, 'journey-list-live.png') });
  });
});

describe('analytics', () => {
  const figure = (name: string) => page.locator(`[data-figure="${name}"]`);
  const bar = (section: string, row: string, series: string) =>
    page.locator(`[data-testid="${section}"] [data-row="${row}"] rect[data-series="${series}"]`);

  it('charts the funnel, the visits and time per node, and the A/B split’s variants', async () => {
    await page.goto(`${c.url}/journeys/${abJourney}/analytics`);
    await page.getByTestId('analytics-summary').waitFor();
    // The figures follow the journal within a second or so: read again until every entry is counted.
    const a = page.locator('[data-split="split"] [data-variant="a"]');
    const b = page.locator('[data-split="split"] [data-variant="b"]');
    const num = async (row: typeof a, col: string) =>
      Number(await row.locator(`[data-col="${col}"]`).textContent());
    const all = String(CUSTOMERS.length);
    const settled = async () =>
      (await figure('entered').textContent())?.trim() === all &&
      (await page.locator('.banner.error').count()) === 0 &&
      (await bar('node-metrics', 'split', 'entered')
        .and(page.locator(`[data-value="${all}"]`))
        .count()) === 1 &&
      (await a.count()) === 1 &&
      (await num(a, 'entered')) + (await num(b, 'entered')) === CUSTOMERS.length;
    for (let i = 0; i < 40 && !(await settled()); i++) {
      await page.waitForTimeout(500);
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.getByRole('button', { name: 'Refresh' }).waitFor();
    }
    expect(await page.locator('.banner.error').allTextContents()).toEqual([]);
    expect(await figure('entered').textContent()).toBe(String(CUSTOMERS.length));

    const [enteredA, enteredB] = [await num(a, 'entered'), await num(b, 'entered')];
    expect(enteredA + enteredB).toBe(CUSTOMERS.length);
    // Only variant a leads to the goal node: all of its customers converted, none of b's.
    expect(await num(a, 'converted')).toBe(enteredA);
    expect(await num(b, 'converted')).toBe(0);
    expect(await b.locator('[data-col="rate"]').textContent()).toBe('0.0%');
    expect(await a.locator('td').nth(1).textContent()).toBe('tag_a');
    expect(Number(await figure('converted').textContent())).toBe(enteredA);
    // 12 customers are too few for the significance test: the page says so (the gateway's verdict).
    expect(await page.locator('[data-comparison="a:b"]').textContent()).toContain('not enough data');

    // Funnel along the main path (entry, split, tag_a, goal, hold_a, done_a): every one entered.
    expect(await bar('funnel', 'entry', 'reached').getAttribute('data-value')).toBe(String(CUSTOMERS.length));
    expect(await bar('funnel', 'goal', 'reached').getAttribute('data-value')).toBe(String(enteredA));
    // Per node: every customer passed the split and waits at a hold (entered, not gone on).
    expect(await bar('node-metrics', 'split', 'entered').getAttribute('data-value')).toBe(
      String(CUSTOMERS.length),
    );
    expect(await bar('node-metrics', 'hold_b', 'entered').getAttribute('data-value')).toBe(String(enteredB));
    expect(
      await bar('node-metrics', 'hold_b', 'went on (exited by an output)').getAttribute('data-value'),
    ).toBe('0');
    await page.locator('[data-testid="node-metrics"] [data-row="split"] rect[data-series="p95"]').waitFor();

    // Another funnel: entry → tag_b → hold_b.
    await page.fill('input[name=funnelPath]', 'entry, tag_b, hold_b');
    const funnel = answer(page, 'GET', new RegExp(`^/v1/journeys/${abJourney}/analytics/funnel$`));
    await page.getByRole('button', { name: 'Show' }).click();
    expect((await funnel).status()).toBe(200);
    await bar('funnel', 'hold_b', 'reached')
      .and(page.locator(`[data-value="${enteredB}"]`))
      .waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'analytics.png'), fullPage: true });
  });
});

describe('live overlay', () => {
  it('runs customers along the edges they take, never more than MAX_TRAVELLERS dots at once', async () => {
    await page.goto(`${c.url}/journeys/${abJourney}`);
    await page.locator('[data-edge="split:variant:a"]').waitFor();
    await page.getByTestId('live-toggle').click();
    await page.locator('[data-node="hold_b"]').getByTestId('live-count').waitFor();
    // What the page holds: the most dots at once, and how many were drawn, counted in the page itself.
    await page.evaluate(() => {
      const w = window as unknown as { dots: { most: number; drawn: number } };
      w.dots = { most: 0, drawn: 0 };
      new MutationObserver((records) => {
        for (const r of records)
          for (const n of r.addedNodes)
            if (n instanceof SVGCircleElement && n.classList.contains('traveller')) w.dots.drawn++;
        w.dots.most = Math.max(w.dots.most, document.querySelectorAll('circle.traveller').length);
      }).observe(document.body, { childList: true, subtree: true });
    });
    // A burst: 150 customers, each taking 3 or 4 edges in one step.
    const burst = Array.from({ length: 150 }, (_, i) => ({ customerId: `burst-${i}` }));
    await c.api.ok('POST', `/v1/journeys/${abJourney}/enrollments`, { enrollments: burst });
    const held = async () => {
      const text = async (id: string) =>
        (await page.locator(`[data-node="${id}"]`).getByTestId('live-count').textContent()) ?? '';
      return [await text('hold_a'), await text('hold_b')].map((t) =>
        Number(/^\s*(\d+) here/.exec(t)?.[1] ?? 0),
      );
    };
    await eventually(
      async () => (await held()).reduce((a, b) => a + b) === CUSTOMERS.length + burst.length,
      60_000,
      250,
    );
    await page.locator('circle.traveller').first().waitFor({ state: 'detached' });
    const dots = await page.evaluate<{ most: number; drawn: number }>('window.dots');
    console.log(`flow animation under a burst of ${burst.length} customers: ${JSON.stringify(dots)}`);
    expect(dots.drawn).toBeGreaterThan(0);
    expect(dots.most).toBeGreaterThan(0);
    expect(dots.most).toBeLessThanOrEqual(MAX_TRAVELLERS);
    expect(await page.locator('circle.traveller').count()).toBe(0);
    await page.getByTestId('live-toggle').click();
  });
});

describe('embeddable editor', () => {
  it('shows the journey’s nodes on the canvas of <kalcifer-journey-editor> in a plain HTML page', async () => {
    const embedded = await page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1280, height: 760 } });
    try {
      await embedded.goto(`${c.url}/element/demo.html?journey=${abJourney}&key=${KEY_A}`);
      const editor = embedded.locator('kalcifer-journey-editor');
      for (const node of AB_GRAPH.nodes) await editor.locator(`[data-node="${node.id}"]`).waitFor();
      await editor.locator('[data-edge="split:variant:b"]').waitFor();
      expect(await editor.getByTestId('journey-name').textContent()).toBe('A/B welcome');
      // The element is the editor alone: no links to the console's pages, nothing in the page's storage.
      expect(await editor.locator('a').count()).toBe(0);
      expect(await embedded.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
      await embedded.screenshot({ path: path.join(SHOTS, 'embedded-editor.png') });

      await embedded.goto(`${c.url}/element/demo.html?journey=${abJourney}`);
      await embedded.getByTestId('element-error').getByText('api-key').waitFor();
    } finally {
      await embedded.close();
    }
  });

  it('works in a page of another origin that calls the gateway directly (CORS_ALLOWED_ORIGINS)', async () => {
    const embedded = await page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1280, height: 760 } });
    try {
      await embedded.goto(`${shopUrl}/?journey=${abJourney}`);
      const editor = embedded.locator('kalcifer-journey-editor');
      for (const node of AB_GRAPH.nodes) await editor.locator(`[data-node="${node.id}"]`).waitFor();
      expect(await editor.locator('.banner.error').count()).toBe(0);
      // What the browser asked first (Authorization is not a simple header): allowed for this origin only.
      const preflight = (origin: string) =>
        fetch(`${c.api.baseUrl}/v1/journeys/${abJourney}`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'GET',
            'access-control-request-headers': 'authorization',
          },
        });
      const allowed = await preflight(shopUrl);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(shopUrl);
      expect(
        (await preflight('http://elsewhere.example')).headers.get('access-control-allow-origin'),
      ).toBeNull();
    } finally {
      await embedded.close();
    }
  });

  it('leaves the host page’s own font and styles alone: its stylesheet is scoped to the element', async () => {
    const embedded = await page
      .context()
      .browser()!
      .newPage({ viewport: { width: 1280, height: 760 } });
    /** What the page's own elements look like (computed), for the elements this page has itself. */
    const looks = () =>
      embedded.evaluate(() =>
        Object.fromEntries(
          ['html', 'body', 'h1', 'p', '#shop-button'].map((selector) => {
            const style = getComputedStyle(document.querySelector(selector)!);
            const props = ['font-family', 'font-size', 'color', 'background-color', 'margin', 'padding'];
            return [selector, Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)]))];
          }),
        ),
      );
    try {
      await embedded.goto(`${shopUrl}/?bare`);
      const own = await looks();
      await embedded.goto(`${shopUrl}/?journey=${abJourney}`);
      const editor = embedded.locator('kalcifer-journey-editor');
      await editor.locator('[data-node="split"]').waitFor();
      expect(await looks()).toEqual(own);
      // The element itself still has the console's look: its font, and its buttons' style.
      const inside = await editor.evaluate((el) => ({
        font: getComputedStyle(el).fontFamily,
        button: getComputedStyle(el.querySelector('button')!).borderRadius,
      }));
      expect(inside).toEqual({ font: expect.stringContaining('system-ui'), button: '6px' });
      expect(own['body']['font-family']).not.toContain('system-ui');
    } finally {
      await embedded.close();
    }
  });
});
