import { parseExpression } from '@kalcifer/journey';
import { parseCondition } from './conditions';
import { describeDuration, findDuration } from './durations';
import { findCap } from '../brief/parse-rules';
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
    ['after a fortnight', 'P14D'],
    ['two fortnights', 'P28D'],
    ['45 seconds', 'PT45S'],
    ['forty-eight hours', 'PT48H'],
    ['twenty five minutes', 'PT25M'],
    ['thirteen days', 'P13D'],
    ['90 mins', 'PT90M'],
    ['1 hr later', 'PT1H'],
    ['a day and a half later', 'PT36H'],
    ['one and a half hours', 'PT90M'],
    ['1.5 weeks', 'PT252H'],
    ['an hour and 30 minutes', 'PT90M'],
    ['half a day', 'PT12H'],
    ['a couple of hours', 'PT2H'],
    ['a few weeks', 'P21D'],
    ['10d', 'P10D'],
    ['3 nights', 'P3D'],
  ])('reads "%s" as %s', (text, iso) => {
    expect(findDuration(text)).toBe(iso);
  });

  it('finds no duration where there is none', () => {
    expect(findDuration('send a welcome email')).toBeUndefined();
    expect(findDuration('send a text to 3 members of the team')).toBeUndefined();
    expect(findDuration('send 2 emails')).toBeUndefined();
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
    expect(findChannel('an in-app message')?.channel).toBe('push');
    expect(findChannel('an e-blast')?.channel).toBe('email');
    expect(findChannel('notify our billing system')?.channel).toBe('webhook');
    expect(findChannel('an MMS')?.channel).toBe('sms');
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

describe('frequency caps as marketers write them', () => {
  it.each([
    ['Limit it to 1 SMS per week', { channel: 'sms', limit: 1, window: 'P7D' }],
    ['Never send anyone more than two emails per week', { channel: 'email', limit: 2, window: 'P7D' }],
    ['Cap emails at 5 per month', { channel: 'email', limit: 5, window: 'P30D' }],
    ['no more than two WhatsApp messages a fortnight', { channel: 'whatsapp', limit: 2, window: 'P14D' }],
    ["Don't send more than 4 emails in any 30 days", { channel: 'email', limit: 4, window: 'P30D' }],
    ['at most 3 messages every 48 hours', { channel: 'any', limit: 3, window: 'PT48H' }],
    ['max 1 push per day', { channel: 'push', limit: 1, window: 'P1D' }],
  ])('reads "%s"', (text, cap) => {
    expect(findCap(text)?.cap).toEqual(cap);
  });

  it('does not read a wait or a count as a cap', () => {
    expect(findCap('wait up to 3 days for a purchase')).toBeUndefined();
    expect(findCap('send 2 emails a week apart')).toBeUndefined();
  });
});

describe('inactivity as a condition', () => {
  it('compares the last time with now', () => {
    expect(parseCondition('they have not logged in for two weeks')?.expression).toBe(
      'customer.lastLoginAt < now() - days(14)',
    );
    expect(parseCondition("haven't ordered in 90 days")?.expression).toBe(
      'customer.lastOrderAt < now() - days(90)',
    );
  });
});
