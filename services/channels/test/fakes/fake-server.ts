import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** What the fake does instead of answering normally: an HTTP error, no answer, or a cut connection. */
export type Failure = FakeReply | 'timeout' | 'drop';

export type FakeHandler = (req: ReceivedRequest) => FakeReply;

/**
 * A local HTTP server that plays one provider: records every request, answers with the
 * provider's documented wire format, and can be told to fail the next calls.
 */
export class FakeServer {
  readonly received: ReceivedRequest[] = [];
  private readonly failures: Failure[] = [];
  private readonly hanging = new Set<ServerResponse>();
  private server?: Server;
  baseUrl = '';

  constructor(
    readonly name: string,
    private readonly handler: FakeHandler,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.serve(req, res, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this;
  }

  /** The next `times` requests fail this way (after being recorded). */
  failNext(failure: Failure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  /** Requests that reached the provider's handler (not the failed ones). */
  accepted(): ReceivedRequest[] {
    return this.received.filter((r) => (r as ReceivedRequest & { ok?: boolean }).ok);
  }

  reset(): void {
    this.received.length = 0;
    this.failures.length = 0;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private serve(req: IncomingMessage, res: ServerResponse, body: string): void {
    const received: ReceivedRequest & { ok?: boolean } = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
      body,
      at: Date.now(),
    };
    this.received.push(received);
    const failure = this.failures.shift();
    if (failure === 'timeout') {
      this.hanging.add(res);
      return;
    }
    if (failure === 'drop') {
      req.socket.destroy();
      return;
    }
    let reply: FakeReply;
    if (failure) reply = failure;
    else {
      try {
        reply = this.handler(received);
        received.ok = reply.status >= 200 && reply.status < 300;
      } catch (err) {
        reply = { status: 500, body: { error: String(err) } };
      }
    }
    const text =
      reply.body === undefined
        ? ''
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    res.writeHead(reply.status, {
      ...(reply.body !== undefined && typeof reply.body !== 'string'
        ? { 'content-type': 'application/json' }
        : {}),
      ...reply.headers,
    });
    res.end(text);
  }
}

export const randomId = (bytes: number) => randomBytes(bytes).toString('hex');

export function json(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A loopback URL where nothing listens (a port that was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
