import { validateGraph } from '@kalcifer/journey';
import { designOffline } from '../design/offline-designer';
import { parseBrief } from './parse-brief';
import { findCap, findGoalOrExit, findSendDays, findSendWindow } from './parse-rules';
import type { JourneyPlan } from './journey-plan';
import { eventOf } from '../language/lexicon';
import { parseCondition } from '../language/conditions';

const emptyPlan = (): JourneyPlan => ({
  entry: { kind: 'manual' },
  steps: [],
  caps: [],
  notes: [],
  unparsed: [],
});

describe('a verb without an object', () => {
  it.each([
    ["they haven't redeemed", 'redeemed'],
    ["they don't confirm within 15 minutes", 'confirmed'],
    ['they still have not enrolled yet', 'enrolled'],
    ["they haven't checked in 6 hours later", 'checked_in'],
  ])('reads "%s" after its auxiliary as the event %s', (phrase, event) => {
    expect(eventOf(phrase)).toBe(event);
  });

  it('leaves a past fact and an inactivity alone', () => {
    expect(eventOf("they didn't attend")).toBeUndefined();
    expect(parseCondition("they haven't logged in for 30 days")?.expression).toBe(
      'customer.lastLoginAt < now() - days(30)',
    );
  });

  it('gives the event its window in a conditional', () => {
    const plan = parseBrief(
      "When a 'large_transaction' event arrives, send a push. If they don't confirm within 15 minutes, text them.",
    );
    expect(plan.steps[1]).toMatchObject({ kind: 'wait_event', event: 'confirmed', timeout: 'PT15M' });
  });
});

it("reads they've as the subject and its auxiliary", () => {
  const plan = parseBrief(
    "When someone signs up, send an email. Two days later, send a push unless they've already connected a data source.",
  );
  expect(plan.steps[1]).toMatchObject({
    kind: 'wait_event',
    event: 'source_connected',
    timeout: 'P2D',
    onTimeout: [{ kind: 'send', channel: 'push', topic: '' }],
  });
});

describe('quiet hours, send days, goals', () => {
  it('reads quiet hours written end first', () => {
    expect(findSendWindow('Quiet hours: nothing after 7pm or before 8am')?.window).toEqual({
      start: '08:00',
      end: '19:00',
    });
    expect(findSendWindow('no texts after 21:00 or before 09:30')?.window).toEqual({
      start: '09:30',
      end: '21:00',
    });
  });

  it.each([
    ["Don't send on weekends", ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['no messages on Saturday or Sunday', ['mon', 'tue', 'wed', 'thu', 'fri']],
    ['never message anyone on Sundays', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']],
    ['only send Monday to Thursday', ['mon', 'tue', 'wed', 'thu']],
    ['weekdays only', ['mon', 'tue', 'wed', 'thu', 'fri']],
  ])('reads "%s" as the days to send on', (text, days) => {
    expect(findSendDays(text)?.days).toEqual(days);
  });

  it('reads no days where none are a rule', () => {
    expect(findSendDays('every Monday at 9am send the digest')).toBeUndefined();
    expect(findSendDays('send a reminder on weekdays')).toBeUndefined();
  });

  it('puts the days on every message, with the hours when given', () => {
    const { graph } = designOffline(
      "When an order ships, text them, then email them a day later. Don't send on weekends; only between 9am and 6pm.",
    );
    expect(validateGraph(graph).errors).toEqual([]);
    const sends = graph.nodes.filter((node) => node.type.startsWith('send_'));
    expect(sends).toHaveLength(2);
    for (const node of sends)
      expect(node.config.sendWindow).toEqual({
        start: '09:00',
        end: '18:00',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      });
  });

  it('reads a goal written as the noun of a verb, and stops it at a semicolon', () => {
    const plan = emptyPlan();
    expect(findGoalOrExit('The goal is a paid subscription', plan)).toBe('');
    expect(plan.goal?.event).toBe('subscribed');
    const other = emptyPlan();
    expect(findGoalOrExit('The goal is a renewal; exit anyone who unsubscribes', other)).toBe(
      'exit anyone who unsubscribes',
    );
    expect(other.goal).toEqual({ event: 'subscription_renewed', exitOnGoal: false });
  });
});

describe('audiences and triggers', () => {
  it('reads "for <any plural> on/in/with ..." opening a sentence as the audience', () => {
    const plan = parseBrief('For accounts on the enterprise plan, send an email with a usage report.');
    expect(plan.entry).toMatchObject({ kind: 'segment', expression: "customer.plan == 'enterprise'" });
    expect(plan.steps).toEqual([expect.objectContaining({ kind: 'send', channel: 'email' })]);
  });

  it('reads a lapse in a conditional opening the brief as the audience', () => {
    const plan = parseBrief(
      "If a customer hasn't opened any email in 60 days and is on the gold tier, send them a win-back email.",
    );
    expect(plan.entry).toMatchObject({
      kind: 'segment',
      expression: "(customer.lastEngagedAt < now() - days(60)) && (customer.plan == 'gold')",
    });
    expect(plan.steps).toHaveLength(1);
  });

  it('keeps a profile conditional with an otherwise as a condition', () => {
    const plan = parseBrief('If they are a VIP, send a WhatsApp message; otherwise send an email.');
    expect(plan.entry.kind).toBe('manual');
    expect(plan.steps[0].kind).toBe('condition');
  });

  it('reads an event in a conditional opening the brief as the trigger', () => {
    const plan = parseBrief('If someone abandons their cart, send an email. Wait a day, then text them.');
    expect(plan.entry).toEqual({ kind: 'event', event: 'cart_abandoned' });
    expect(plan.steps[0]).toMatchObject({ kind: 'send', channel: 'email' });
  });
});

describe('arrows and percentages', () => {
  it('reads a question inside a chain of arrows as a conditional', () => {
    const plan = parseBrief(
      'Order delivered → wait 5 days → ask for a review by email → no review after 4 more days? send a push → still nothing? stop.',
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'order_delivered' });
    expect(plan.steps.map((step) => step.kind)).toEqual(['wait', 'send', 'wait_event']);
    expect(plan.steps[2]).toMatchObject({ timeout: 'P4D', onTimeout: [{ kind: 'send', channel: 'push' }] });
  });

  it('reads a percentage before words and "discount" as no split', () => {
    const plan = parseBrief('When a quote is abandoned, email the quote with a 5% online discount.');
    expect(plan.steps.map((step) => step.kind)).toEqual(['send']);
    const split = parseBrief('When someone signs up, 70% get an email, 30% get an SMS.');
    expect(split.steps[0].kind).toBe('split');
  });
});

describe('caps written as a habit', () => {
  it.each([
    ['Keep it to one push per day.', { channel: 'push', limit: 1, window: 'P1D' }],
    ['Please never email a donor more than once a week.', { channel: 'email', limit: 1, window: 'P7D' }],
    ["Don't text anyone more than twice a day.", { channel: 'sms', limit: 2, window: 'P1D' }],
    ['Keep it to 2 messages a week maximum.', { channel: 'any', limit: 2, window: 'P7D' }],
    ['We send 3 emails per week at most.', { channel: 'email', limit: 3, window: 'P7D' }],
  ])('reads "%s" as a cap', (sentence, cap) => {
    const found = findCap(sentence);
    expect(found?.cap).toEqual(cap);
    expect(found?.rest.replace(/[.\s]/g, '')).toBe('');
  });

  it('takes "per customer" with the cap, so nothing is left unread', () => {
    const plan = parseBrief('When someone signs up, text them. Keep it to one text per week per customer.');
    expect(plan.caps).toEqual([{ channel: 'sms', limit: 1, window: 'P7D' }]);
    expect(plan.unparsed).toEqual([]);
  });
});

describe('events the vocabulary would misread', () => {
  it.each([
    ['an order has been delivered', 'order_delivered'],
    ['the parcel has shipped', 'parcel_shipped'],
    ["they haven't started lesson one within 3 days", 'lesson_started'],
    ["they haven't finished module 2", 'module_finished'],
    ['New course enrolment', 'course_enrolled'],
  ])('names "%s" %s', (phrase, event) => {
    expect(eventOf(phrase)).toBe(event);
  });

  it('reads "haven\'t started lesson one within 3 days" as the event and its window, not inactivity', () => {
    const plan = parseBrief(
      "When a student enrols in a course, send a welcome email. If they haven't started lesson one within 3 days, nudge them with a push.",
    );
    expect(plan.steps[1]).toMatchObject({ kind: 'wait_event', event: 'lesson_started', timeout: 'P3D' });
  });

  it('keeps "within the last 30 days" a lapse, and "in a course" an object, not a time', () => {
    expect(parseCondition("they haven't logged in within the last 30 days")?.expression).toBe(
      'customer.lastLoginAt < now() - days(30)',
    );
    expect(eventOf('a student enrols in a course')).toBe('course_enrolled');
  });

  it('reads a heading that is a noun of a verb as the trigger', () => {
    expect(parseBrief('New course enrolment: send a welcome email.').entry).toEqual({
      kind: 'event',
      event: 'course_enrolled',
    });
  });
});

describe('fallbacks asked as questions, "no <thing>" and "still un<done>"', () => {
  it('reads a question then its answer as a conditional, and "still no X <time>?" as the next window', () => {
    const plan = parseBrief(
      "When a customer's wallet balance falls under 10 dollars, text them a reload link. No reload within 48 hours? Send a push. Still no reload two days after that? Email them.",
    );
    expect(plan.steps[1]).toMatchObject({
      kind: 'wait_event',
      event: 'reloaded',
      timeout: 'PT48H',
      onTimeout: [
        { kind: 'send', channel: 'push' },
        {
          kind: 'wait_event',
          event: 'reloaded',
          timeout: 'P2D',
          onTimeout: [{ kind: 'send', channel: 'email' }],
        },
      ],
    });
    expect(plan.unparsed).toEqual([]);
  });

  it('leaves a question that asks nothing about the customer alone', () => {
    expect(parseBrief('Want more reviews? When someone buys, email them.').unparsed).toEqual([
      'Want more reviews?',
    ]);
  });

  it.each([
    ['no message is sent within 12 hours', 'message_sent'],
    ['no top-up within 24 hours', 'topped_up'],
    ["they don't top up within 24 hours", 'topped_up'],
    ['no reload within 48 hours', 'reloaded'],
  ])('names "%s" %s', (phrase, event) => {
    expect(eventOf(phrase)).toBe(event);
  });

  it('reads "if still nothing after a day" as the same event again, with that window', () => {
    const plan = parseBrief(
      'When a new match is created, push a nudge. If no message is sent within 12 hours, send another push; if still nothing after a day, email them.',
    );
    expect(plan.steps[1]).toMatchObject({
      kind: 'wait_event',
      event: 'message_sent',
      timeout: 'PT12H',
      onTimeout: [{ kind: 'send' }, { kind: 'wait_event', event: 'message_sent', timeout: 'P1D' }],
    });
  });

  it('reads "it\'s still unpaid/unsigned" as the trigger\'s thing not done', () => {
    const plan = parseBrief(
      "When a contract is sent, email it to the client. If it's still unsigned 3 days later, text them; if it's still unsigned after 2 more days, call our CRM webhook.",
    );
    expect(plan.steps[1]).toMatchObject({
      kind: 'wait_event',
      event: 'contract_signed',
      timeout: 'P3D',
      onTimeout: [
        { kind: 'send', channel: 'sms' },
        { kind: 'wait_event', event: 'contract_signed', timeout: 'P2D' },
      ],
    });
    expect(
      parseBrief('When an invoice is issued, email it. If it remains unpaid after a week, text them.')
        .steps[1],
    ).toMatchObject({ kind: 'wait_event', event: 'invoice_paid', timeout: 'P7D' });
  });
});

describe('who the journey is for, named in other ways', () => {
  it('takes any word for a person as the subject of an opening lapse ("a listener")', () => {
    expect(parseCondition("a listener hasn't played anything in 30 days")?.expression).toBe(
      'customer.lastPlayedAt < now() - days(30)',
    );
    expect(parseBrief("If a reader hasn't opened the app in 14 days, send them a push.").entry.kind).toBe(
      'segment',
    );
  });

  it('reads a "Target ...:" heading as the audience, not a title', () => {
    expect(
      parseBrief('Spring promo. Target customers tagged gardeners: send an email about seeds.').entry,
    ).toEqual({
      kind: 'segment',
      expression: "hasTag('gardeners')",
      label: 'tagged "gardeners"',
    });
  });

  it('reads "For <people>: right after their first <noun>, ..." as the trigger of making it', () => {
    const plan = parseBrief('For new backers: right after their first pledge, send a thank-you email.');
    expect(plan.entry).toEqual({ kind: 'event', event: 'pledge_made' });
    expect(plan.steps).toMatchObject([{ kind: 'send', channel: 'email' }]);
  });

  it('reads "<people> who <act> must ..." as the trigger, and "2 days after that, if it\'s still not done" as the next window', () => {
    const plan = parseBrief(
      "Tenants who sign a lease must upload their ID. If they haven't uploaded it within 3 days, email a reminder; 2 days after that, if it's still not done, text them.",
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'lease_signed' });
    expect(plan.steps[0]).toMatchObject({
      kind: 'wait_event',
      event: 'uploaded',
      timeout: 'P3D',
      onTimeout: [
        { kind: 'send', channel: 'email' },
        { kind: 'wait_event', timeout: 'P2D', onTimeout: [{ kind: 'send', channel: 'sms' }] },
      ],
    });
  });
});

describe('a fallback and an audience inside a longer sentence', () => {
  it('reads ", and if they still have not after another 3 days, ..." as the next window', () => {
    const plan = parseBrief(
      'When a quote is sent, email it. If they have not accepted it within 2 days, text them, and if they still have not after another 3 days, call our CRM webhook.',
    );
    expect(plan.steps[1]).toMatchObject({
      kind: 'wait_event',
      timeout: 'P2D',
      onTimeout: [
        { kind: 'send', channel: 'sms' },
        { kind: 'wait_event', timeout: 'P3D' },
      ],
    });
  });

  it('reads "for <a name>, meaning people who ..." as the audience defined', () => {
    expect(
      parseBrief(
        "A win-back flow for sleepy readers, meaning people who haven't logged in for 60 days. Email them a digest.",
      ).entry,
    ).toMatchObject({ kind: 'segment', expression: 'customer.lastLoginAt < now() - days(60)' });
  });
});
