import { createHmac } from 'node:crypto';
import { FakeServer, randomId, type FakeReply } from './fake-server';

export const FAKE_TWILIO_SID = 'AC00000000000000000000000000000001';
export const FAKE_TWILIO_TOKEN = 'fake-twilio-auth-token';

const error = (status: number, code: number, message: string): FakeReply => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

const E164 = /^(whatsapp:)?\+[1-9]\d{6,14}$/;

/** Twilio Messages.json: Basic auth, form fields, 201 with a `SM...` sid; 21211 for a bad number. */
export function fakeTwilio(accountSid = FAKE_TWILIO_SID, authToken = FAKE_TWILIO_TOKEN): FakeServer {
  return new FakeServer('twilio', (req) => {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.path);
    if (req.method !== 'POST' || !match) return error(404, 20404, 'The requested resource was not found');
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    if (match[1] !== accountSid || req.headers.authorization !== expected)
      return error(401, 20003, 'Authenticate');
    const form = new URLSearchParams(req.body);
    const to = form.get('To') ?? '';
    const from = form.get('From') ?? '';
    if (!to) return error(400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !form.get('MessagingServiceSid'))
      return error(400, 21603, "A 'From' phone number is required.");
    if (to.startsWith('whatsapp:') !== from.startsWith('whatsapp:') && from)
      return error(400, 63007, 'Twilio could not find a Channel with the specified From address');
    const contentSid = form.get('ContentSid');
    if (contentSid && !/^HX[0-9a-fA-F]{32}$/.test(contentSid))
      return error(400, 21656, 'The ContentSid is invalid.');
    if (contentSid && !to.startsWith('whatsapp:'))
      return error(400, 21656, 'Content templates are sent over WhatsApp here.');
    if (!form.get('Body') && !contentSid) return error(400, 21602, 'Message body is required.');
    return {
      status: 201,
      body: {
        sid: `SM${randomId(16)}`,
        account_sid: accountSid,
        to,
        from,
        body: form.get('Body'),
        status: 'queued',
        direction: 'outbound-api',
        date_created: new Date().toUTCString(),
      },
    };
  });
}

/** X-Twilio-Signature as Twilio computes it: HMAC-SHA1 over the URL + sorted form key/values. */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
