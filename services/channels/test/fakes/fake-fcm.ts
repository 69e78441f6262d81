import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { FakeServer, json, randomId, type FakeReply } from './fake-server';

/** A service account of a fake project, with a freshly generated RSA key. */
export function fakeServiceAccount(tokenUri: string): { json: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey,
    json: JSON.stringify({
      type: 'service_account',
      project_id: 'kalcifer-fake',
      private_key_id: randomId(8),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: 'push@kalcifer-fake.iam.gserviceaccount.com',
      token_uri: tokenUri,
    }),
  };
}

function verifyJwt(jwt: string, key: KeyObject): Record<string, unknown> | undefined {
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) return undefined;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (header.alg !== 'RS256') return undefined;
  if (!verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) return undefined;
  return JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
}

const fcmError = (status: number, code: string, message: string, errorCode?: string): FakeReply => ({
  status,
  body: {
    error: {
      code: status,
      message,
      status: code,
      ...(errorCode
        ? { details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }] }
        : {}),
    },
  },
});

/**
 * Google's OAuth2 token endpoint (jwt-bearer grant, RS256 assertion checked against the service
 * account's public key) and FCM HTTP v1 messages:send (Bearer token checked) on one server.
 * Tokens starting with `bad` are UNREGISTERED; starting with `invalid`, INVALID_ARGUMENT (not a valid
 * registration token).
 */
export function fakeFcm(): FakeServer & { setPublicKey(key: KeyObject): void; tokensIssued: number } {
  let publicKey: KeyObject | undefined;
  const tokens = new Set<string>();
  const server = new FakeServer('fcm', (req) => {
    if (req.path === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
        return { status: 400, body: { error: 'unsupported_grant_type' } };
      const claims = publicKey ? verifyJwt(form.get('assertion') ?? '', publicKey) : undefined;
      if (!claims || claims.scope !== 'https://www.googleapis.com/auth/firebase.messaging')
        return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      const token = `ya29.${randomId(16)}`;
      tokens.add(token);
      fake.tokensIssued++;
      return { status: 200, body: { access_token: token, expires_in: 3599, token_type: 'Bearer' } };
    }
    const match = /^\/v1\/projects\/([^/]+)\/messages:send$/.exec(req.path);
    if (!match || req.method !== 'POST') return fcmError(404, 'NOT_FOUND', 'not found');
    const bearer = String(req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!tokens.has(bearer))
      return fcmError(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const body = json(req.body) as { message?: { token?: string; notification?: unknown } } | undefined;
    const token = body?.message?.token;
    if (!token)
      return fcmError(400, 'INVALID_ARGUMENT', 'Recipient of the message is not set.', 'INVALID_ARGUMENT');
    if (token.startsWith('invalid'))
      return fcmError(
        400,
        'INVALID_ARGUMENT',
        'The registration token is not a valid FCM registration token',
        'INVALID_ARGUMENT',
      );
    if (token.startsWith('bad'))
      return fcmError(404, 'NOT_FOUND', 'Requested entity was not found.', 'UNREGISTERED');
    return { status: 200, body: { name: `projects/${match[1]}/messages/0:${randomId(8)}` } };
  });
  const fake = Object.assign(server, {
    tokensIssued: 0,
    setPublicKey: (key: KeyObject) => {
      publicKey = key;
    },
  });
  return fake;
}
