import { signV4 } from '../../src/infrastructure/providers/aws-sigv4';
import { FakeServer, json, randomId, type FakeReply } from './fake-server';

export const FAKE_SES = {
  accessKeyId: 'AKIAFAKEFAKEFAKE0001',
  secretAccessKey: 'fake/secret/key/0123456789abcdef',
  region: 'eu-west-1',
};

const error = (status: number, type: string, message: string): FakeReply => ({
  status,
  headers: { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/` },
  body: { message },
});

/**
 * SES v2 SendEmail: recomputes the SigV4 signature over the request it received (the signed
 * headers named in Authorization) with its own copy of the secret, and refuses a mismatch.
 */
export function fakeSes(credentials = FAKE_SES): FakeServer {
  return new FakeServer('ses', (req) => {
    if (req.method !== 'POST' || req.path !== '/v2/email/outbound-emails')
      return error(404, 'NotFoundException', 'not found');
    const auth = String(req.headers.authorization ?? '');
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/ses\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        auth,
      );
    if (!match || match[1] !== credentials.accessKeyId)
      return error(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
    const signed = (match[4] ?? '').split(';');
    const headers: Record<string, string> = {};
    for (const name of signed)
      if (name !== 'host' && name !== 'x-amz-date') headers[name] = String(req.headers[name] ?? '');
    const date = String(req.headers['x-amz-date'] ?? '');
    const at = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const expected = signV4(
      {
        method: 'POST',
        url: new URL(`http://${String(req.headers.host)}${req.path}`),
        headers,
        body: req.body,
      },
      credentials,
      match[3] ?? '',
      'ses',
      at,
    ).authorization;
    if (expected !== auth)
      return error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    const body = json(req.body) as
      | {
          FromEmailAddress?: string;
          Destination?: { ToAddresses?: string[] };
          Content?: { Simple?: unknown };
        }
      | undefined;
    if (!body?.FromEmailAddress) return error(400, 'BadRequestException', 'FromEmailAddress is required');
    const to = body.Destination?.ToAddresses?.[0] ?? '';
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to))
      return error(400, 'MessageRejected', `Illegal address: ${to}`);
    if (!body.Content?.Simple) return error(400, 'BadRequestException', 'Content is required');
    return { status: 200, body: { MessageId: `0102${randomId(8)}-${randomId(4)}-000000` } };
  });
}
