/**
 * A local OTLP/HTTP trace receiver for tests: accepts `POST /v1/traces` in protobuf (what the
 * services' exporter sends) and keeps, per span, the service that sent it, its trace id and name.
 * The protobuf is read with a small wire-format walker over the few fields needed
 * (ExportTraceServiceRequest > ResourceSpans > {Resource attributes, ScopeSpans > Span}).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
}

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

type Field = { no: number; value: Buffer | bigint };

function readVarint(buf: Buffer, at: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    const byte = buf[at++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [result, at];
    shift += 7n;
  }
}

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  while (at < buf.length) {
    const [key, next] = readVarint(buf, at);
    at = next;
    const no = Number(key >> 3n);
    switch (Number(key & 7n)) {
      case 0: {
        const [value, after] = readVarint(buf, at);
        out.push({ no, value });
        at = after;
        break;
      }
      case 1:
        out.push({ no, value: buf.subarray(at, at + 8) });
        at += 8;
        break;
      case 2: {
        const [len, after] = readVarint(buf, at);
        out.push({ no, value: buf.subarray(after, after + Number(len)) });
        at = after + Number(len);
        break;
      }
      case 5:
        out.push({ no, value: buf.subarray(at, at + 4) });
        at += 4;
        break;
      default:
        throw new Error(`unsupported protobuf wire type in field ${no}`);
    }
  }
  return out;
}

const sub = (fs: Field[], no: number) =>
  fs.filter((f) => f.no === no && Buffer.isBuffer(f.value)).map((f) => f.value as Buffer);

function serviceName(resource: Buffer | undefined): string {
  if (!resource) return '';
  for (const kv of sub(fields(resource), 1)) {
    const kvf = fields(kv);
    if (sub(kvf, 1)[0]?.toString() !== 'service.name') continue;
    const anyValue = sub(kvf, 2)[0];
    return anyValue ? (sub(fields(anyValue), 1)[0]?.toString() ?? '') : '';
  }
  return '';
}

export function decodeTraceRequest(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of sub(fields(body), 1)) {
    const rs = fields(resourceSpans);
    const service = serviceName(sub(rs, 1)[0]);
    for (const scopeSpans of sub(rs, 2)) {
      for (const span of sub(fields(scopeSpans), 2)) {
        const s = fields(span);
        spans.push({
          service,
          traceId: sub(s, 1)[0]?.toString('hex') ?? '',
          spanId: sub(s, 2)[0]?.toString('hex') ?? '',
          parentSpanId: sub(s, 4)[0]?.toString('hex') ?? '',
          name: sub(s, 5)[0]?.toString() ?? '',
          kind: Number(s.find((f) => f.no === 6 && typeof f.value === 'bigint')?.value ?? 0n),
        });
      }
    }
  }
  return spans;
}

export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  private server: http.Server | undefined;

  async start(port: number): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        try {
          this.spans.push(...decodeTraceRequest(Buffer.concat(chunks)));
          // An empty ExportTraceServiceResponse.
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
