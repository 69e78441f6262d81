#!/usr/bin/env node
// The console's own small server: the built app (dist/console/browser, index.html for every app
// route) and, on the same origin, the gateway's API (/v1, /openapi.json, /healthz, /readyz)
// forwarded to GATEWAY_URL, so the browser needs no CORS; under /element/ the Web Component build
// (dist/element: kalcifer-journey-editor.js and .css, demo.html). Env: PORT (4200), HOST
// (127.0.0.1), GATEWAY_URL (http://127.0.0.1:8080).
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '..', 'dist', 'console', 'browser');
const ELEMENT_ROOT = path.resolve(here, '..', 'dist', 'element');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const API = /^\/(v1\/|openapi\.json$|healthz$|readyz$)/;

export function startServer({ port = 4200, host = '127.0.0.1', gatewayUrl = 'http://127.0.0.1:8080' } = {}) {
  if (!existsSync(path.join(ROOT, 'index.html'))) {
    throw new Error(`no build at ${ROOT}: run "npm run build" in frontend/ first`);
  }
  const gateway = new URL(gatewayUrl);
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://console').pathname;
    if (API.test(pathname)) return forward(req, res, gateway);
    if (pathname.startsWith('/element/')) return serveElement(pathname.slice('/element'.length), res);
    serveFile(pathname, res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

function forward(req, res, gateway) {
  const upstream = http.request(
    {
      host: gateway.hostname,
      port: gateway.port || 80,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: gateway.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  // A browser that goes away (an event stream it stops reading) ends the forwarded request too,
  // so the gateway sees its client leave.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: { code: 'gateway_unreachable', message: `cannot reach the gateway at ${gateway.origin}` },
      }),
    );
  });
  req.pipe(upstream);
}

/** A file of `root`, or null for a path outside it or no such file. */
function fileIn(root, pathname) {
  const file = path.join(root, path.normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, ''));
  return file.startsWith(root) && existsSync(file) && statSync(file).isFile() ? file : null;
}

/**
 * The Web Component's files (names without hashes: pages embed them by name, so revalidated), to
 * any origin: a module script of another origin's page is fetched with CORS.
 */
function serveElement(pathname, res) {
  const file = fileIn(ELEMENT_ROOT, pathname === '/' ? '/demo.html' : pathname);
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    return res.end(`no ${pathname} in the Web Component build (npm run build:element in frontend/)\n`);
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-cache',
    'access-control-allow-origin': '*',
  });
  createReadStream(file).pipe(res);
}

function serveFile(pathname, res) {
  const file = fileIn(ROOT, pathname);
  // Any other path is an app route (/journeys/jr_...): the app's router handles it.
  const target = file ?? path.join(ROOT, 'index.html');
  const hashed = file !== null && /-[A-Z0-9]{8}\.(js|css)$/.test(file);
  res.writeHead(200, {
    'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(target).pipe(res);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 4200);
  const host = process.env.HOST ?? '127.0.0.1';
  const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080';
  startServer({ port, host, gatewayUrl }).then(
    () => console.log(`Console: http://${host}:${port}/   (API forwarded to ${gatewayUrl})`),
    (err) => {
      console.error(`[console] ${err.message}`);
      process.exit(1);
    },
  );
}
