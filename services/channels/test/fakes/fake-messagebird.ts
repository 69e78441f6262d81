import { createHash, createHmac, randomUUID } from 'node:crypto';
import { FakeServer, json, randomId, type FakeReply } from './fake-server';

export const FAKE_MESSAGEBIRD_KEY = 'live_fakeMessageBirdKey01';

const error = (
  status: number,
  code: number,
  description: string,
  parameter: string | null = null,
): FakeReply => ({
  status,
  body: { errors: [{ code, description, parameter }] },
});

/** MessageBird `POST /messages`: AccessKey auth, JSON, 201 with the message object. */
export function fakeMessageBird(accessKey = FAKE_MESSAGEBIRD_KEY): FakeServer {
  return new FakeServer('messagebird', (req) => {
    if (req.method !== 'POST' || req.path !== '/messages') return error(404, 20, 'message not found');
    if (req.headers.authorization !== `AccessKey ${accessKey}`)
      return error(401, 2, 'Request not allowed (incorrect access_key)');
    const body = json(req.body) as
      { recipients?: unknown[]; originator?: string; body?: string; reference?: string } | undefined;
    if (!body?.originator) return error(422, 9, 'originator is required', 'originator');
    if (!body.body) return error(422, 9, 'body is required', 'body');
    const recipients = (body.recipients ?? []).map(String).filter((r) => /^\d{7,15}$/.test(r));
    if (recipients.length === 0) return error(422, 9, 'no (correct) recipients found', 'recipients');
    return {
      status: 201,
      body: {
        id: randomId(16),
        href: 'https://rest.messagebird.com/messages/x',
        direction: 'mt',
        type: 'sms',
        originator: body.originator,
        body: body.body,
        reference: body.reference ?? null,
        createdDatetime: new Date().toISOString(),
        recipients: {
          totalCount: recipients.length,
          totalSentCount: recipients.length,
          items: recipients.map((r) => ({ recipient: Number(r), status: 'sent' })),
        },
      },
    };
  });
}

export const FAKE_MESSAGEBIRD_SIGNING_KEY = 'fakeMessageBirdSigningKey0123456789';

/**
 * The `MessageBird-Signature-JWT` MessageBird puts on a webhook request: HS256 with the signing
 * key, iss MessageBird, a one-minute nbf/exp window, a jti, the SHA-256 of the full URL and,
 * when there is a body, of the body.
 */
export function messageBirdSignatureJwt(
  signingKey: string,
  url: string,
  body = '',
  nowSeconds = Math.floor(Date.now() / 1000),
): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const header = enc({ alg: 'HS256', typ: 'JWT' });
  const claims = enc({
    iss: 'MessageBird',
    nbf: nowSeconds,
    exp: nowSeconds + 60,
    jti: randomUUID(),
    url_hash: sha256(url),
    ...(body ? { payload_hash: sha256(body) } : {}),
  });
  const signature = createHmac('sha256', signingKey).update(`${header}.${claims}`).digest('base64url');
  return `${header}.${claims}.${signature}`;
}
