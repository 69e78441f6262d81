import type { SendIntentMessage } from '@kalcifer/contracts';
import { composeEmail, emailAddressOf, NO_EMAIL_ADDRESS } from './compose-email';

const FROM = 'Kalcifer <no-reply@kalcifer.local>';

function intent(config: Record<string, unknown>, customer: Record<string, unknown>): SendIntentMessage {
  return {
    workspaceId: 'ws_1',
    sendKey: 'k1',
    instanceId: 'ins_1',
    journeyId: 'jrn_1',
    version: 1,
    nodeId: 'welcome',
    customerId: 'cus_1',
    channel: 'email',
    config,
    customer,
    context: { orderId: 'A-1' },
    requestedAt: 0,
  };
}

describe('composeEmail', () => {
  it('renders subject, text and html from the node config for the customer', () => {
    const composed = composeEmail(
      intent(
        {
          subject: 'Order {{ context.orderId }}',
          body: 'Hi {{ customer.firstName }}',
          html: '<b>{{ customer.firstName }}</b>',
        },
        { email: ' ada@example.com ', firstName: 'Ada & co' },
      ),
      FROM,
    );
    expect(composed).toEqual({
      ok: true,
      message: {
        sendKey: 'k1',
        from: FROM,
        to: 'ada@example.com',
        subject: 'Order A-1',
        text: 'Hi Ada & co',
        html: '<b>Ada &amp; co</b>',
      },
    });
  });

  it('names the template in a default text when there is no body, and uses a configured sender', () => {
    const composed = composeEmail(
      intent({ template: 'welcome', from: 'Shop <shop@example.com>' }, { email: 'a@example.com' }),
      FROM,
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

  it('keeps a subject on one line whatever a placeholder holds', () => {
    const composed = composeEmail(
      intent(
        { subject: 'Hi {{ customer.firstName }}' },
        { email: 'a@example.com', firstName: 'A\r\nBcc: x@evil.com' },
      ),
      FROM,
    );
    expect(composed.ok && composed.message.subject).toBe('Hi A Bcc: x@evil.com');
  });

  it('refuses a customer without a usable email address', () => {
    for (const customer of [
      {},
      { email: '' },
      { email: 42 },
      { email: 'not an address' },
      { email: 'a@b' },
      { email: 'x <a@b.com>' },
    ]) {
      expect(composeEmail(intent({ subject: 'Hi' }, customer), FROM)).toEqual({
        ok: false,
        to: '',
        subject: 'Hi',
        detail: NO_EMAIL_ADDRESS,
      });
    }
  });
});

describe('emailAddressOf', () => {
  it('accepts ordinary and international addresses', () => {
    expect(emailAddressOf({ email: 'first.last+tag@mail.example.co.uk' })).toBe(
      'first.last+tag@mail.example.co.uk',
    );
    expect(emailAddressOf({ email: 'josé@bücher.de' })).toBe('josé@bücher.de');
  });
});
