import { parseExpression } from '@kalcifer/journey';
import { parseCondition } from './conditions';
import { describeDuration, findDuration } from './durations';
import { eventOf, findChannel } from './lexicon';

describe('durations as marketers write them', () => {
  it.each([
    ['wait 3 days', 'P3D'],
    ['after a week', 'P7D'],
    ['two weeks later', 'P14D'],
    ['48 hours', 'PT48H'],
    ['in 30 minutes', 'PT30M'],
    ['half an hour', 'PT30M'],
    ['wait 2 more days', 'P2D'],
    ['wait another day', 'P1D'],
    ['the next day', 'P1D'],
    ['24h', 'PT24H'],
    ['a month', 'P30D'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(findDuration(text)).toBe(iso);
  });

  it('finds no duration where there is none', () => {
    expect(findDuration('send a welcome email')).toBeUndefined();
  });

  it('says durations back in words', () => {
    expect(describeDuration('P7D')).toBe('1 week');
    expect(describeDuration('PT30M')).toBe('30 minutes');
    expect(describeDuration('P1DT2H')).toBe('1 day 2 hours');
  });
});

describe('channels and events', () => {
  it('names the channel of a message', () => {
    expect(findChannel('send a text message')?.channel).toBe('sms');
    expect(findChannel('a push notification about the sale')?.channel).toBe('push');
    expect(findChannel('message them on WhatsApp')?.channel).toBe('whatsapp');
    expect(findChannel('the weekly newsletter')?.channel).toBe('email');
  });

  it('maps phrases to engine events, "open" following the last channel', () => {
    expect(eventOf('someone abandons their cart')).toBe('cart_abandoned');
    expect(eventOf('they make a purchase')).toBe('purchase_completed');
    expect(eventOf('they open it')).toBe('email_opened');
    expect(eventOf('they open it', 'push')).toBe('push_opened');
    expect(eventOf('they send the "quote_requested" event')).toBe('quote_requested');
  });
});

describe('conditions to expressions', () => {
  it.each([
    ['they are a VIP', "hasTag('vip')"],
    ['they are on the pro plan', "customer.plan == 'pro'"],
    ['they spent more than $200', 'customer.totalSpent > 200'],
    ['they have more than 3 orders', 'customer.orderCount > 3'],
    ['they are from Germany', "customer.country == 'Germany'"],
    ['they have a phone number', 'exists(customer.phone)'],
    ["they aren't tagged churned", "not (hasTag('churned'))"],
    ['plan is free', "customer.plan == 'free'"],
  ])('reads "%s" as %s, which the engine parses', (phrase, expression) => {
    const parsed = parseCondition(phrase);
    expect(parsed?.expression).toBe(expression);
    expect(() => parseExpression(parsed!.expression)).not.toThrow();
  });
});
