/**
 * The console's server forwards streams: a server-sent events answer reaches the browser piece by
 * piece, and a browser that goes away (the live overlay switched off, the tab closed) closes the
 * forwarded request too, so the gateway can end its stream consumer. No stack: a local HTTP server
 * stands in for the gateway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { eventually } from '../../test/support/infra';
import { repoRoot } from '../../test/support/repo-root';

jest.setTimeout(20_000);

const PORT = Number(process.env.E2E_CONSOLE_PORT ?? 14200) + 1;
let gateway: http.Server;
let console_: ChildProcess;
let upstreamClosed = false;

beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('event: journal\ndata: {"n":1}\n\n');
    req.socket.on('close', () => (upstreamClosed = true));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const { port } = gateway.address() as AddressInfo;
  console_ = spawn(process.execPath, [path.join(repoRoot(), 'frontend', 'server', 'serve.mjs')], {
    env: { ...process.env, PORT: String(PORT), GATEWAY_URL: `http://127.0.0.1:${port}` },
    stdio: 'inherit',
  });
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${PORT}/`).catch(() => null))?.ok === true,
    10_000,
  );
});

afterAll(async () => {
  console_?.kill();
  await new Promise((resolve) => gateway?.close(resolve));
});

it('passes an event stream through as it comes, and closes the upstream when the browser leaves', async () => {
  const abort = new AbortController();
  const res = await fetch(`http://127.0.0.1:${PORT}/v1/stream`, { signal: abort.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const reader = res.body!.getReader();
  const first = await reader.read();
  expect(new TextDecoder().decode(first.value)).toContain('data: {"n":1}');
  expect(upstreamClosed).toBe(false);
  abort.abort();
  await eventually(async () => upstreamClosed, 5_000);
});
