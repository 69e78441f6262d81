#!/usr/bin/env node
// Part of `npm start`: creates (idempotently) the demo workspace, its admin API key and a demo
// journey, through the gateway's CLI and the public REST API, then prints where things are.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// Beside the stack's data (KALCIFER_STATE_DIR): a second stack's demo workspace is its own.
const stateDir = process.env.KALCIFER_STATE_DIR || path.join(root, '.kalcifer');
const statePath = path.join(stateDir, 'demo.json');
const httpPort = process.env.HTTP_PORT || '8080';
const api = `http://127.0.0.1:${httpPort}`;

const DEMO_JOURNEY = {
  name: 'Welcome series (demo)',
  description: 'Welcome email, wait up to 3 days for an open; upsell if opened, reminder if not.',
  graph: {
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      {
        id: 'welcome',
        type: 'send_email',
        config: { template: 'welcome', subject: 'Welcome, {{ customer.firstName }}!' },
      },
      { id: 'wait_open', type: 'wait_for_event', config: { event: 'email_opened', timeout: 'P3D' } },
      {
        id: 'upsell',
        type: 'send_email',
        config: { template: 'upsell', subject: 'Ready for Pro, {{ customer.firstName }}?' },
      },
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
    exitCriteria: 'customer.unsubscribed == true',
  },
};

async function call(method, route, apiKey, body) {
  const res = await fetch(`${api}${route}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${method} ${route} -> ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function main() {
  const saved = fs.existsSync(statePath) ? JSON.parse(fs.readFileSync(statePath, 'utf8')) : {};
  const key = process.env.KALCIFER_API_KEY || saved.apiKey;
  const args = [path.join(root, 'services/api-gateway/dist/cli/create-workspace.js'), '--name', 'Demo'];
  if (key) args.push('--key', key);
  const out = execFileSync(process.execPath, args, { env: process.env, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  const { workspaceId, apiKey } = JSON.parse(out);
  fs.writeFileSync(statePath, JSON.stringify({ workspaceId, apiKey }, null, 2));

  const list = await call('GET', '/v1/journeys?limit=200', apiKey);
  let journey = (list.journeys || []).find((j) => j.name === DEMO_JOURNEY.name);
  if (!journey) journey = await call('POST', '/v1/journeys', apiKey, DEMO_JOURNEY);
  if (!journey.latestVersion) {
    await call('POST', `/v1/journeys/${journey.id}/versions`, apiKey, {
      strategy: 'new_entries_only',
      note: 'demo',
    });
  }
  if (journey.status !== 'active')
    journey = await call('POST', `/v1/journeys/${journey.id}/activate`, apiKey);

  const mailpit = process.env.MAILPIT_URL || 'http://127.0.0.1:8025';
  console.log(`
Kalcifer is running.
  API:            ${api}/v1   (Authorization: Bearer ${apiKey})
  API docs:       ${api}/docs   (OpenAPI: ${api}/openapi.json)
  Workspace:      ${workspaceId}
  Demo journey:   ${journey.id} "${journey.name}" (${journey.status})
  Sent emails:    ${mailpit}/api/v1/messages   (Mailpit's REST API; SMTP on ${process.env.SMTP_URL || 'smtp://127.0.0.1:1025'})
  Logs:           ${path.relative(root, path.join(stateDir, 'logs')) || stateDir}/

Try it:
  curl -s -X POST ${api}/v1/journeys/${journey.id}/enrollments -H 'authorization: Bearer ${apiKey}' \\
    -H 'content-type: application/json' -d '{"customerId":"ada","attributes":{"email":"ada@example.com","firstName":"Ada"}}'
  curl -s ${api}/v1/customers/ada/trace -H 'authorization: Bearer ${apiKey}'
Stop everything with: npm stop`);
}

main().catch((err) => {
  console.error(`[seed] ${err.message}`);
  process.exit(1);
});
