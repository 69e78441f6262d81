import type { SendIntentMessage } from '@kalcifer/contracts';
import { composeMessage, type ComposeSettings } from './compose-message';
import { emailAddressOf, NO_EMAIL_ADDRESS, phoneNumberOf } from './recipients';

const FROM = 'Kalcifer <no-reply@kalcifer.local>';
const settings: ComposeSettings = {
  defaultFrom: FROM,
  maxWebhookTimeoutMs: 8_000,
  statusCallbackBase: 'https://kalcifer.example/',
};

function intent(
  config: Record<string, unknown>,
  customer: Record<string, unknown>,
  channel: SendIntentMessage['channel'] = 'email',
): SendIntentMessage {
  return {
    workspaceId: 'ws_1',
    sendKey: 'k1',
    instanceId: 'ins_1',
    journeyId: 'jrn_1',
    version: 1,
    nodeId: 'welcome',
    customerId: 'cus_1',
    channel,
    config,
    customer,
    context: { orderId: 'A-1', event: { sku: 'KAL-9' } },
    requestedAt: 0,
  };
}

describe('composeMessage: email', () => {
  it('renders subject, text and html with Liquid for the customer, escaping html values', async () => {
    const composed = await composeMessage(
      intent(
        {
          subject: 'Order {{ context.orderId }} ({{ event.sku }})',
          body: 'Hi {{ customer.firstName | upcase }}',
          html: '<b>{{ customer.firstName }}</b>',
        },
        { email: ' ada@example.com ', firstName: 'Ada & co' },
      ),
      settings,
    );
    expect(composed).toEqual({
      ok: true,
      message: {
        channel: 'email',
        sendKey: 'k1',
        from: FROM,
        to: 'ada@example.com',
        subject: 'Order A-1 (KAL-9)',
        text: 'Hi ADA & CO',
        html: '<b>Ada &amp; co</b>',
      },
    });
  });

  it('names the template in a default text when there is no body, and uses a configured sender', async () => {
    const composed = await composeMessage(
      intent({ template: 'welcome', from: 'Shop <shop@example.com>' }, { email: 'a@example.com' }),
      settings,
    );
    expect(composed).toMatchObject({
      ok: true,
      message: {
        from: 'Shop <shop@example.com>',
        subject: 'welcome',
        text: 'This is the "welcome" message.',
      },
    });
    expect(composed.ok && 'html' in composed.message).toBe(false);
  });

  it('keeps a subject on one line whatever a value holds', async () => {
    const composed = await composeMessage(
      intent(
        { subject: 'Hi {{ customer.firstName }}' },
        { email: 'a@example.com', firstName: 'A\r\nBcc: x@evil.com' },
      ),
      settings,
    );
    expect(composed.ok && composed.message.channel === 'email' && composed.message.subject).toBe(
      'Hi A Bcc: x@evil.com',
    );
  });

  it('refuses a customer without a usable email address', async () => {
    for (const customer of [
      {},
      { email: '' },
      { email: 42 },
      { email: 'not an address' },
      { email: 'a@b' },
    ]) {
      await expect(composeMessage(intent({ subject: 'Hi' }, customer), settings)).resolves.toEqual({
        ok: false,
        to: '',
        subject: 'Hi',
        detail: NO_EMAIL_ADDRESS,
      });
    }
  });

  it('fails the send, naming the field, when a template does not compile', async () => {
    const composed = await composeMessage(
      intent({ subject: 'Hi', body: 'Hi {{ customer.name | shout }}' }, { email: 'a@example.com' }),
      settings,
    );
    expect(composed).toMatchObject({
      ok: false,
      to: 'a@example.com',
      detail: expect.stringMatching(
        /^body: template does not compile at line 1, column 4: undefined filter: shout/,
      ) as unknown,
    });
  });
});

describe('composeMessage: sms and whatsapp', () => {
  it('sends to customer.phone in E.164 with a Twilio status callback', async () => {
    await expect(
      composeMessage(
        intent({ body: 'Code {{ context.orderId }}' }, { phone: '+33 6 12 34 56 78' }, 'sms'),
        settings,
        'twilio',
      ),
    ).resolves.toEqual({
      ok: true,
      message: {
        channel: 'sms',
        sendKey: 'k1',
        to: '+33612345678',
        body: 'Code A-1',
        statusCallbackUrl: 'https://kalcifer.example/v1/webhooks/twilio/ws_1',
      },
    });
  });

  it('asks for status callbacks only from providers whose webhooks the gateway routes', async () => {
    const composed = await composeMessage(
      intent({ body: 'Hi' }, { phone: '+33612345678' }, 'sms'),
      settings,
      'messagebird',
    );
    // MessageBird's reportUrl: its signed status reports are routed by /v1/webhooks/messagebird.
    expect(composed).toMatchObject({
      ok: true,
      message: { statusCallbackUrl: 'https://kalcifer.example/v1/webhooks/messagebird/ws_1' },
    });
    const push = await composeMessage(
      intent({ title: 'Hi', body: 'x' }, { fcmToken: 'tok' }, 'push'),
      settings,
      'fcm',
    );
    expect(push.ok && 'statusCallbackUrl' in push.message).toBe(false);
  });

  it('reads the number from the attribute named by `to`', async () => {
    const composed = await composeMessage(
      intent({ body: 'Hi', to: 'mobile' }, { phone: 'x', mobile: '+15005550006' }, 'whatsapp'),
      settings,
    );
    expect(composed).toMatchObject({ ok: true, message: { channel: 'whatsapp', to: '+15005550006' } });
  });

  it('sends an approved WhatsApp template (HX...) with rendered variables', async () => {
    const contentSid = `HX${'a'.repeat(32)}`;
    await expect(
      composeMessage(
        intent(
          { template: contentSid, variables: { '1': '{{ customer.firstName }}' } },
          { phone: '+33612345678', firstName: 'Ada' },
          'whatsapp',
        ),
        settings,
      ),
    ).resolves.toMatchObject({
      ok: true,
      message: { channel: 'whatsapp', contentSid, contentVariables: { '1': 'Ada' } },
    });
  });

  it('fails without a provider call when the customer has no valid number', async () => {
    await expect(
      composeMessage(intent({ body: 'Hi' }, { phone: '0612' }, 'sms'), settings),
    ).resolves.toMatchObject({
      ok: false,
      detail: 'customer has no phone number in "phone" (E.164, e.g. +33612345678)',
    });
  });
});

describe('composeMessage: push', () => {
  it('takes the provider-specific token first, then pushTokens, and renders title, body and data', async () => {
    const customer = { apnsToken: 'apns-1', fcmToken: 'fcm-1', pushTokens: ['any-1'], name: 'Ada' };
    const config = {
      title: 'Hi {{ customer.name }}',
      body: 'Order {{ context.orderId }}',
      data: { url: '/o/{{ context.orderId }}', n: 2 },
    };
    await expect(composeMessage(intent(config, customer, 'push'), settings, 'apns')).resolves.toEqual({
      ok: true,
      message: {
        channel: 'push',
        sendKey: 'k1',
        to: 'apns-1',
        title: 'Hi Ada',
        body: 'Order A-1',
        data: { url: '/o/A-1', n: '2' },
      },
    });
    await expect(composeMessage(intent(config, customer, 'push'), settings, 'fcm')).resolves.toMatchObject({
      message: { to: 'fcm-1' },
    });
    await expect(
      composeMessage(intent(config, { pushTokens: ['any-1'] }, 'push'), settings, 'fcm'),
    ).resolves.toMatchObject({
      message: { to: 'any-1' },
    });
    await expect(composeMessage(intent(config, {}, 'push'), settings, 'fcm')).resolves.toMatchObject({
      ok: false,
      detail: 'customer has no push token (fcmToken or pushTokens)',
    });
  });
});

describe('composeMessage: call_webhook', () => {
  it('posts customer and context as JSON by default, with retries + 1 attempts', async () => {
    const composed = await composeMessage(
      intent({ url: 'https://crm.example/hooks/{{ customer.id }}', retries: 2 }, { id: 'c1' }, 'webhook'),
      settings,
    );
    expect(composed).toMatchObject({
      ok: true,
      maxAttempts: 3,
      message: {
        channel: 'webhook',
        to: 'https://crm.example/hooks/c1',
        method: 'POST',
        headers: {},
        timeoutMs: 5_000,
      },
    });
    const body = JSON.parse(
      composed.ok && composed.message.channel === 'webhook' ? composed.message.body : '{}',
    ) as Record<string, unknown>;
    expect(body).toMatchObject({ sendKey: 'k1', customer: { id: 'c1' }, context: { orderId: 'A-1' } });
  });

  it('renders a body template and headers, and caps the timeout', async () => {
    const composed = await composeMessage(
      intent(
        {
          url: 'http://h.example/x',
          method: 'PUT',
          headers: { 'X-Id': '{{ customer.id }}' },
          body: '{"o":"{{ context.orderId }}"}',
          timeoutMs: 60_000,
        },
        { id: 'c1' },
        'webhook',
      ),
      settings,
    );
    expect(composed).toMatchObject({
      ok: true,
      message: { method: 'PUT', headers: { 'X-Id': 'c1' }, body: '{"o":"A-1"}', timeoutMs: 8_000 },
    });
  });

  it('refuses a URL that is not http(s)', async () => {
    await expect(
      composeMessage(intent({ url: 'file:///etc/passwd' }, {}, 'webhook'), settings),
    ).resolves.toMatchObject({
      ok: false,
      detail: 'url must be http or https, got file:',
    });
  });
});

describe('recipients', () => {
  it('accepts ordinary and international addresses', () => {
    expect(emailAddressOf({ email: 'first.last+tag@mail.example.co.uk' })).toBe(
      'first.last+tag@mail.example.co.uk',
    );
    expect(emailAddressOf({ email: 'josé@bücher.de' })).toBe('josé@bücher.de');
  });

  it('normalises phone numbers to E.164', () => {
    expect(phoneNumberOf('+1 (500) 555-0006')).toBe('+15005550006');
    expect(phoneNumberOf('0612345678')).toBeUndefined();
  });
});
