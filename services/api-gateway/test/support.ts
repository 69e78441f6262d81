/** Helpers for the gateway's integration tests: real NATS, real MongoDB-wire server, real HTTP. */
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { currentCorrelationId, type Logger } from '@kalcifer/platform';
import { infra } from '../../../test/support/infra';
import { bootstrap, type GatewayHandle } from '../src/app';
import type { GatewayConfig } from '../src/config';

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A logger whose lines the test can read (JSON objects), with createLogger's correlation ids. */
export function memoryLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const mixin = () => {
    const correlationId = currentCorrelationId();
    return correlationId ? { correlationId } : {};
  };
  return { logger: pino({ level: 'info', mixin }, sink), lines };
}

export async function startGateway(
  dbName: string,
  config: Partial<GatewayConfig> & Pick<GatewayConfig, 'ORCHESTRATOR_GRPC_URL'>,
  logger?: Logger,
): Promise<GatewayHandle> {
  return bootstrap({
    config: {
      NATS_URL: infra.natsUrl,
      MONGODB_URL: infra.mongoUrl,
      MONGODB_DB: dbName,
      HTTP_PORT: 0,
      HTTP_HOST: '127.0.0.1',
      PUBLIC_GRPC_PORT: 0,
      LOG_LEVEL: 'silent',
      ...config,
    },
    logger,
  });
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted on field by field
  body: any;
}

/** One HTTP call; `body` is sent as JSON unless it is already a string. */
export async function call(
  gateway: GatewayHandle,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${gateway.url}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    headers: res.headers,
    body: type.includes('json') && text ? (JSON.parse(text) as unknown) : text,
  };
}

/** Reads back what the gateway published, with the test's own NATS connection. */
export class StreamReader {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
  ) {}

  static async open(): Promise<StreamReader> {
    const nc = await connect({ servers: infra.natsUrl });
    return new StreamReader(nc, await jetstreamManager(nc), jetstream(nc));
  }

  /** How many messages the stream holds on this exact subject. */
  async count(stream: string, subject: string): Promise<number> {
    const info = await this.jsm.streams.info(stream, { subjects_filter: subject });
    return info.state.subjects?.[subject] ?? 0;
  }

  /** Every message on `subject`, oldest first (an ordered consumer from the start). */
  async read<T>(stream: string, subject: string): Promise<{ msgId: string | undefined; body: T }[]> {
    const expected = await this.count(stream, subject);
    if (expected === 0) return [];
    const consumer = await this.js.consumers.get(stream, { filter_subjects: [subject] });
    const out: JsMsg[] = [];
    while (out.length < expected) {
      const batch = await consumer.fetch({ max_messages: expected - out.length, expires: 2_000 });
      let got = 0;
      for await (const msg of batch) {
        out.push(msg);
        got++;
      }
      if (got === 0) break;
    }
    return out.map((m) => {
      const headers = m.headers as unknown as { get(name: string): string } | undefined;
      return { msgId: headers?.get('Nats-Msg-Id'), body: m.json<T>() };
    });
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
