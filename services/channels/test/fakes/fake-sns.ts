import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { snsStringToSign, type SnsEnvelope } from '../../src/application/sns-envelope';
import { FakeServer } from './fake-server';

// --- A self-signed X.509 certificate, DER-encoded by hand (node:crypto parses but does not issue). ---

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length =
    n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
const nul = Buffer.from([0x05, 0x00]);
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}
const utcTime = (d: Date) =>
  der(0x17, Buffer.from(d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'ascii'));
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn, 'utf8')))));

/** An RSA key and a self-signed certificate for it (SHA256withRSA), valid from `from` to `to`. */
export function selfSignedCertificate(
  commonName: string,
  from = new Date(Date.now() - 3_600_000),
  to = new Date(Date.now() + 86_400_000),
): { pem: string; privateKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), nul);
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([0x02]))), // version v3
    der(
      0x02,
      Buffer.from([
        0x01,
        ...randomUUID()
          .replace(/-/g, '')
          .slice(0, 14)
          .match(/../g)!
          .map((h) => parseInt(h, 16)),
      ]),
    ),
    sha256WithRsa,
    name(commonName),
    seq(utcTime(from), utcTime(to)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = createSign('sha256').update(tbs).sign(privateKey);
  const cert = seq(tbs, sha256WithRsa, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const body = cert
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return { pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, privateKey };
}

/**
 * Amazon SNS as an HTTP endpoint sees it: serves the signing certificate (`GET /cert.pem`),
 * answers subscription confirmations (`GET /confirm?Token=...`, recorded), and signs messages
 * the way SNS does (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA over the string to sign).
 */
export function fakeSns(): FakeServer & {
  signed(
    fields: Omit<SnsEnvelope, 'Signature' | 'SigningCertURL' | 'SignatureVersion'>,
    version?: '1' | '2',
  ): SnsEnvelope;
  confirmedTokens: string[];
} {
  const { pem, privateKey } = selfSignedCertificate('sns.eu-west-1.amazonaws.com');
  const confirmedTokens: string[] = [];
  const server = new FakeServer('sns', (req) => {
    if (req.method === 'GET' && req.path === '/cert.pem') return { status: 200, body: pem };
    if (req.method === 'GET' && req.path.startsWith('/confirm?')) {
      confirmedTokens.push(new URLSearchParams(req.path.slice('/confirm?'.length)).get('Token') ?? '');
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: '<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:eu-west-1:123456789012:ses-events:1</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>',
      };
    }
    return { status: 404, body: 'not found' };
  });
  return Object.assign(server, {
    confirmedTokens,
    signed(
      fields: Omit<SnsEnvelope, 'Signature' | 'SigningCertURL' | 'SignatureVersion'>,
      version: '1' | '2' = '1',
    ) {
      const unsigned = {
        ...fields,
        SignatureVersion: version,
        SigningCertURL: `${server.baseUrl}/cert.pem`,
        Signature: '',
      } as SnsEnvelope;
      const signature = createSign(version === '1' ? 'sha1' : 'sha256')
        .update(snsStringToSign(unsigned))
        .sign(privateKey)
        .toString('base64');
      return { ...unsigned, Signature: signature };
    },
  });
}
