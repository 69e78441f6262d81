/**
 * Rules for briefs written as strategy documents (titles, labels, context, markdown, splits,
 * shorthand), each written for a form of English, not for a brief: the phrases here are not those
 * of the held-out sets whose misses led to them.
 */
import { validateGraph } from '@kalcifer/journey';
import { designOffline } from '../design/offline-designer';
import { eventOf } from '../language/lexicon';
import { parseBrief } from './parse-brief';
import type { Step } from './journey-plan';

const kinds = (steps: Step[]): string[] => steps.map((step) => step.kind);

describe('titles and headings', () => {
  it('reads no event from a heading that has no verb', () => {
    const plan = parseBrief(
      'Upsell motion for enterprise accounts: 60 days before their contract end date, email the admin a usage report.',
    );
    expect(plan.entry).toMatchObject({ kind: 'segment', expression: 'exists(customer.contractEndDate)' });
  });

  it('makes no step of a title line, and lets the text name the trigger', () => {
    const plan = parseBrief(
      'Subscription renewal nurture\nWhen a customer starts a free trial, send a welcome email.',
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'trial_started' });
    expect(kinds(plan.steps)).toEqual(['send']);
    expect(plan.unparsed).toEqual([]);
  });

  it('takes the trigger from a title only when the text names none', () => {
    const plan = parseBrief('Abandoned cart\nWait an hour, then send a reminder email.');
    expect(plan.entry).toEqual({ kind: 'event', event: 'cart_abandoned' });
  });

  it('reads a heading that is a time as when, and one that is a message as the step', () => {
    const plan = parseBrief(
      'When a guest books a room, email a confirmation.\n3 days before their arrival date: SMS with the door code\nAn email: "How was your stay?"',
    );
    expect(plan.steps).toMatchObject([
      { kind: 'send', channel: 'email' },
      { kind: 'wait_until', attribute: 'arrivalDate', offset: '-P3D' },
      { kind: 'send', channel: 'sms' },
      { kind: 'send', channel: 'email', text: 'How was your stay?' },
    ]);
  });

  it('drops markdown emphasis and reads a labelled trigger that is a noun and its state', () => {
    const plan = parseBrief('**Trigger:** subscription lapsed\n**Step 1:** send a win-back email');
    expect(plan.entry).toEqual({ kind: 'event', event: 'subscription_lapsed' });
    expect(kinds(plan.steps)).toEqual(['send']);
  });
});

describe('context in a strategy document', () => {
  it('makes no step or trigger of background, a habit or what the journey is for', () => {
    const plan = parseBrief(
      'Context: shoppers who add to cart rarely come back. Most members usually cancel in month two. This programme aims to lift retention.\nWhen someone subscribes, send a welcome email.',
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'subscribed' });
    expect(kinds(plan.steps)).toEqual(['send']);
  });

  it('reads "Who:" as the audience and "Success metric:" as the goal', () => {
    const plan = parseBrief(
      "Who: members who haven't booked a class in 30 days\nSend them a push with this week's timetable.\nSuccess metric: class booked",
    );
    expect(plan.entry).toMatchObject({
      kind: 'segment',
      expression: 'customer.lastBookedAt < now() - days(30)',
    });
    expect(plan.goal?.event).toBe('booking_made');
  });

  it('keeps an audience it cannot read as a condition as a tag, and says so', () => {
    const plan = parseBrief('For landlords whose lease renews next quarter: email them a renewal checklist.');
    expect(plan.entry).toMatchObject({ kind: 'segment', expression: "hasTag('landlords')" });
    expect(plan.notes.join(' ')).toMatch(/tagged "landlords"/);
  });
});

describe('events named the way documents name them', () => {
  it.each([
    ['the form_submitted event', 'form_submitted'],
    ["the contract hasn't been signed", 'contract_signed'],
    ['the card is not yet activated', 'card_activated'],
    ['a host lists a room', 'room_listed'],
    ['upgrade to a paid tier', 'plan_upgraded'],
  ])('reads "%s" as %s', (phrase, event) => {
    expect(eventOf(phrase)).toBe(event);
  });

  it('reads a goal written as a noun phrase as the event of making it', () => {
    expect(parseBrief('When a user signs up, send an email. Goal: their first booking').goal?.event).toBe(
      'booking_made',
    );
    expect(parseBrief('When a user signs up, send an email. Goal: their first referral').goal?.event).toBe(
      'referral_made',
    );
  });
});

describe('how a journey ends', () => {
  it.each([
    ['The sequence ends once they book a demo.', 'booking_made'],
    ['Whoever upgrades exits straight away.', 'plan_upgraded'],
    ['Everyone leaves the flow as soon as they subscribe.', 'subscribed'],
  ])('"%s" is a goal that exits', (sentence, event) => {
    const plan = parseBrief(`When a user signs up, send a welcome email. ${sentence}`);
    expect(plan.goal).toEqual({ event, exitOnGoal: true });
  });

  it('reads "opt-outs"/"unsubscribers leave" as the exit criteria', () => {
    const plan = parseBrief(
      'When a user signs up, send a welcome email. Unsubscribers exit the journey at once.',
    );
    expect(plan.exitCriteria?.expression).toBe('customer.unsubscribed == true');
  });
});

describe('triggers inside other sentences', () => {
  it('reads a trigger and a window not met in one clause', () => {
    const plan = parseBrief(
      "Visitors who start a quote but don't finish it within 2 hours get an email. When a lead downloads a guide and hasn't booked a call within 3 days, text them.",
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'quote_started' });
    expect(plan.steps[0]).toMatchObject({ kind: 'wait_event', timeout: 'PT2H' });
  });

  it('reads the people a split names by what they did as its trigger', () => {
    const plan = parseBrief(
      'Split first-time bookings 60/40: 60% get a long welcome email, 40% get a short push.',
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'booking_made' });
    expect(kinds(plan.steps)).toEqual(['split']);
  });

  it('takes the variants of "split them 50/50." from the groups named next', () => {
    const design = designOffline(
      'When a player installs the app, split them 50/50. Variant A gets a welcome push, variant B gets a welcome email.',
    );
    expect(validateGraph(design.graph).errors).toEqual([]);
    const split = design.graph.nodes.find((node) => node.type === 'ab_split');
    expect(split).toBeDefined();
  });

  it('reads a delay then "everyone who ..." as the conditional of that delay', () => {
    const plan = parseBrief(
      "When someone signs up, send a welcome email. Three days later, anyone who hasn't uploaded a photo gets a push.",
    );
    expect(plan.steps[1]).toMatchObject({ kind: 'wait_event', event: 'photo_uploaded', timeout: 'P3D' });
  });
});

describe('fallbacks written other ways', () => {
  it('reads "there\'s still no X", "after another N without X", a means and a purpose', () => {
    const plan = parseBrief(
      "When an invoice is issued, email it. If it isn't paid within 5 days, send an SMS. If there's still no payment 3 days after that, flag them by tagging them late_payer. After another 7 days without payment, post them to https://erp.example.com/dunning so finance calls them.",
    );
    const first = plan.steps[1] as Extract<Step, { kind: 'wait_event' }>;
    expect(first).toMatchObject({ kind: 'wait_event', event: 'invoice_paid', timeout: 'P5D' });
    const second = first.onTimeout[1] as Extract<Step, { kind: 'wait_event' }>;
    expect(second).toMatchObject({ kind: 'wait_event', timeout: 'P3D' });
    expect(second.onTimeout[0]).toMatchObject({ kind: 'tag', tag: 'late_payer' });
    expect(second.onTimeout[1]).toMatchObject({ kind: 'wait_event', timeout: 'P7D' });
  });

  it('reads a date named earlier by its first word, and any possessive', () => {
    const plan = parseBrief(
      "30 days before a tenant's lease end date, email them. 5 days before lease end, text them. The day after the lease, email a survey.",
    );
    expect(plan.steps.filter((step) => step.kind === 'wait_until')).toEqual([
      { kind: 'wait_until', attribute: 'leaseEndDate', offset: '-P30D' },
      { kind: 'wait_until', attribute: 'leaseEndDate', offset: '-P5D' },
      { kind: 'wait_until', attribute: 'leaseEndDate', offset: 'P1D' },
    ]);
  });

  it('reads shorthand chains split by semicolons', () => {
    const plan = parseBrief(
      'trial started > 1 day > email; no login in 3 days > push w/ tips; max 2 msgs/day',
    );
    expect(plan.entry).toEqual({ kind: 'event', event: 'trial_started' });
    expect(plan.caps).toEqual([{ channel: 'any', limit: 2, window: 'P1D' }]);
    expect(plan.steps.some((step) => step.kind === 'wait_event' && step.event === 'logged_in')).toBe(true);
  });
});
