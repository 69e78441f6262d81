import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ReceivedRequest } from './fake-server';

/** A .p8-like signing key (P-256) for a fake team. */
export function fakeApnsKey(): {
  privateKeyPem: string;
  publicKey: KeyObject;
  keyId: string;
  teamId: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey,
    keyId: 'ABC123DEFG',
    teamId: 'DEF123GHIJ',
  };
}

/**
 * APNs over plain HTTP/2 (h2c): `POST /3/device/{token}`, provider JWT (ES256, kid, iss) checked
 * against the team's public key, `apns-topic` required, answers 200 with `apns-id`, or 400
 * BadDeviceToken / 410 Unregistered (tokens starting with `bad` / `gone`), 403 for a bad token.
 */
export class FakeApns {
  readonly received: Array<ReceivedRequest & { headers: http2.IncomingHttpHeaders }> = [];
  private server?: http2.Http2Server;
  private failures: number[] = [];
  baseUrl = '';

  constructor(
    private readonly key: { publicKey: KeyObject; keyId: string; teamId: string },
    private readonly topic: string,
  ) {}

  async start(): Promise<this> {
    this.server = http2.createServer();
    this.server.on('stream', (stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = String(headers[':path'] ?? '');
        this.received.push({ method: String(headers[':method']), path, headers, body, at: Date.now() });
        const reply = (status: number, reason?: string) => {
          stream.respond({
            ':status': status,
            ...(status === 200 ? { 'apns-id': String(headers['apns-id'] ?? '') } : {}),
          });
          stream.end(
            reason ? JSON.stringify({ reason, ...(status === 410 ? { timestamp: Date.now() } : {}) }) : '',
          );
        };
        const failure = this.failures.shift();
        if (failure) return reply(failure, failure === 429 ? 'TooManyRequests' : 'InternalServerError');
        const match = /^\/3\/device\/([0-9A-Za-z-]+)$/.exec(path);
        if (headers[':method'] !== 'POST' || !match) return reply(405, 'MethodNotAllowed');
        if (!this.tokenValid(String(headers.authorization ?? ''))) return reply(403, 'InvalidProviderToken');
        if (headers['apns-topic'] !== this.topic) return reply(400, 'DeviceTokenNotForTopic');
        if (match[1]?.startsWith('bad')) return reply(400, 'BadDeviceToken');
        if (match[1]?.startsWith('gone')) return reply(410, 'Unregistered');
        return reply(200);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(status: number, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(status);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private tokenValid(authorization: string): boolean {
    const jwt = authorization.replace(/^bearer /, '');
    const [h, p, s] = jwt.split('.');
    if (!h || !p || !s) return false;
    const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string; kid?: string };
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as { iss?: string; iat?: number };
    if (header.alg !== 'ES256' || header.kid !== this.key.keyId || claims.iss !== this.key.teamId)
      return false;
    return verify(
      'sha256',
      Buffer.from(`${h}.${p}`),
      { key: this.key.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(s, 'base64url'),
    );
  }
}
