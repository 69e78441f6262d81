import { FakeServer, json, randomId, type FakeReply } from './fake-server';

export const FAKE_SENDGRID_KEY = 'SG.fake-key';

const error = (status: number, message: string, field: string | null = null): FakeReply => ({
  status,
  body: { errors: [{ message, field, help: null }] },
});

/** SendGrid v3 mail send: Bearer key, JSON body checks, 202 + X-Message-Id. */
export function fakeSendGrid(apiKey = FAKE_SENDGRID_KEY): FakeServer {
  return new FakeServer('sendgrid', (req) => {
    if (req.method !== 'POST' || req.path !== '/v3/mail/send') return error(404, 'not found');
    if (req.headers.authorization !== `Bearer ${apiKey}`)
      return error(401, 'The provided authorization grant is invalid, expired, or revoked');
    const body = json(req.body) as
      | {
          personalizations?: Array<{ to?: Array<{ email?: string }> }>;
          from?: { email?: string };
          subject?: string;
          content?: Array<{ type?: string; value?: string }>;
        }
      | undefined;
    if (!body) return error(400, 'Bad Request');
    const to = body.personalizations?.[0]?.to?.[0]?.email;
    if (!to || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(to))
      return error(400, 'Does not contain a valid address.', 'personalizations.0.to.0.email');
    if (!body.from?.email)
      return error(400, 'The from object must be provided for every email send.', 'from');
    if (!body.subject) return error(400, 'The subject is required.', 'subject');
    if (!body.content?.length || body.content.some((c) => !c.value))
      return error(
        400,
        'The content value must be a string at least one character in length.',
        'content.0.value',
      );
    return { status: 202, headers: { 'x-message-id': randomId(11) } };
  });
}
