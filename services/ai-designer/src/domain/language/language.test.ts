import { parseExpression } from '@kalcifer/journey';
import { parseCondition } from './conditions';
import { describeDuration, findDuration } from './durations';
import { findCap, findSendWindow } from '../brief/parse-rules';
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

describe('events outside the vocabulary, named from their clause', () => {
  it.each([
    // a person acting names the object
    ['an admin creates a workspace', 'workspace_created'],
    ['a lead requests a demo', 'demo_requested'],
    ['they have not yet made a deposit', 'deposit_made'],
    ['a member enrols in the program', 'program_enrolled'],
    ['Customer opens a savings account', 'account_opened'],
    ['they log their first workout', 'workout_logged'],
    // a thing that changes names itself
    ['an order ships', 'order_shipped'],
    ['a prescription is filled', 'prescription_filled'],
    ['an invoice is overdue', 'invoice_overdue'],
    ['the price drops on something in their wishlist', 'price_dropped'],
    ["a customer's KYC is approved", 'kyc_approved'],
    // a state reached, a participle before its noun
    ['an item on their wishlist is back in stock', 'back_in_stock'],
    ['a missed appointment', 'appointment_missed'],
    // the vocabulary's verb for another thing, a verb and its particle
    ['a booking is cancelled', 'booking_cancelled'],
    ['a player levels up', 'levelled_up'],
    // the same event again
    ['they reordered', 'purchase_completed'],
    ["they don't rebook within 14 days", 'booking_made'],
  ])('reads "%s" as %s', (phrase, event) => {
    expect(eventOf(phrase)).toBe(event);
  });

  it('keeps the vocabulary where the clause is about it', () => {
    expect(eventOf('a booking is confirmed')).toBe('booking_made');
    expect(eventOf('a webinar registration comes in')).toBe('webinar_registered');
    expect(eventOf('they open the email')).toBe('email_opened');
    expect(eventOf('they click the link', 'sms')).toBe('sms_clicked');
  });

  it('names no event where there is no clause', () => {
    expect(eventOf('the weekly newsletter')).toBeUndefined();
    expect(eventOf('their language is German')).toBeUndefined();
    expect(eventOf('Webinar follow-up')).toBeUndefined();
  });
});

describe('quiet hours and send windows', () => {
  it.each([
    ['Respect quiet hours: no messages before 9am or after 9pm', { start: '09:00', end: '21:00' }],
    ['Only send between 8am and 8pm', { start: '08:00', end: '20:00' }],
    ['never between 10pm and 8am', { start: '08:00', end: '22:00' }],
    ['quiet hours from 21:00 to 07:30', { start: '07:30', end: '21:00' }],
    ['send window 9:00-18:00', { start: '09:00', end: '18:00' }],
    ['not before noon or after 11pm', { start: '12:00', end: '23:00' }],
  ])('reads "%s"', (text, window) => {
    expect(findSendWindow(text)?.window).toEqual(window);
  });

  it('leaves the rest of the sentence', () => {
    expect(findSendWindow('Max one text per week, and never between 10pm and 8am')?.rest).toBe(
      'Max one text per week',
    );
  });

  it('does not read durations or a single time as a window', () => {
    expect(findSendWindow('wait between 2 and 3 days')).toBeUndefined();
    expect(findSendWindow('every Monday at 9am')).toBeUndefined();
  });
});

describe('facts and inactivity with any verb', () => {
  it('reads a past fact as a profile flag and any verb of inactivity as its last time', () => {
    expect(parseCondition('they attended')?.expression).toBe('customer.attended == true');
    expect(parseCondition("they didn't attend")?.expression).toBe('not (customer.attended == true)');
    expect(parseCondition("haven't played in 14 days")?.expression).toBe(
      'customer.lastPlayedAt < now() - days(14)',
    );
  });
});
