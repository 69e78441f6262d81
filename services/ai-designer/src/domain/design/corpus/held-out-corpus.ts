/**
 * Briefs written after the offline designer was tuned on brief-corpus.ts and never tuned on:
 * their hit rate is the honest estimate of how it does on a brief it has not seen.
 */
import type { CorpusCase } from './brief-corpus';

export const HELD_OUT_CORPUS: CorpusCase[] = [
  {
    brief:
      'When a customer signs up, send a welcome email. Three days later, send an email with our best sellers.',
    entry: 'event_entry:signed_up',
    nodes: { send_email: 2, wait: 1 },
    edges: ['send_email -next-> wait', 'wait -next-> send_email'],
  },
  {
    brief:
      "When someone abandons their cart, send a push notification after 20 minutes. If they don't buy within 6 hours, send an email reminder.",
    entry: 'event_entry:cart_abandoned',
    nodes: { wait: 1, send_push: 1, wait_for_event: 1, send_email: 1 },
    edges: ['wait_for_event -timeout-> send_email'],
  },
  {
    brief: 'Every Friday at 5pm, send a weekend deals SMS. Limit it to 1 SMS per week.',
    entry: 'scheduled_entry',
    nodes: { send_sms: 1, frequency_cap: 1 },
    edges: ['frequency_cap -within-> send_sms'],
  },
  {
    brief: 'When a user upgrades, send a thank-you email and tag them as premium. The goal is a renewal.',
    entry: 'event_entry:plan_upgraded',
    nodes: { send_email: 1, add_tag: 1 },
    edges: ['send_email -next-> add_tag'],
    goal: 'subscription_renewed',
  },
  {
    brief:
      'If the customer is on the enterprise plan, call our CRM; otherwise send a self-serve guide email.',
    entry: 'manual_entry',
    nodes: { condition: 1, call_webhook: 1, send_email: 1 },
    edges: ['condition -true-> call_webhook', 'condition -false-> send_email'],
  },
  {
    brief: 'When a customer makes a purchase, send a receipt email and a push notification at the same time.',
    entry: 'event_entry:purchase_completed',
    nodes: { parallel: 1, send_email: 1, send_push: 1 },
    edges: ['parallel -branch:email-> send_email', 'parallel -branch:push-> send_push'],
  },
  {
    brief:
      'When a trial starts, send a welcome email. Wait a week. If they have not upgraded, send a 20% off email. If they upgrade at any point, exit.',
    entry: 'event_entry:trial_started',
    nodes: { send_email: 2, wait_for_event: 1 },
    edges: ['wait_for_event -timeout-> send_email'],
    goal: 'plan_upgraded',
    goalExits: true,
  },
  {
    brief: 'Test two versions of the onboarding SMS, 50/50. Wait 1 day and send an email.',
    entry: 'manual_entry',
    nodes: { ab_split: 1, send_sms: 2, wait: 1, send_email: 1 },
    edges: ['ab_split -variant:a-> send_sms', 'ab_split -variant:b-> send_sms'],
  },
  {
    brief:
      'When someone books a stay, send a confirmation WhatsApp message. Wait until their check-in date, then send a welcome SMS.',
    entry: 'event_entry:booking_made',
    nodes: { send_whatsapp: 1, wait_until: 1, send_sms: 1 },
    edges: ['wait_until -next-> send_sms'],
  },
  {
    brief: 'For customers from Spain, send a Spanish newsletter email. Exit if they unsubscribe.',
    entry: 'segment_entry',
    nodes: { send_email: 1 },
    edges: ['segment_entry -next-> send_email'],
    exitCriteria: 'customer.unsubscribed == true',
  },
  {
    brief:
      'When a user signs up, send a welcome email. Openers get a product tour email two days later. Non-openers get an SMS.',
    entry: 'event_entry:signed_up',
    nodes: { send_email: 2, send_sms: 1, wait_for_event: 1 },
    edges: ['wait_for_event -timeout-> send_sms'],
  },
  {
    brief:
      'When a payment fails, notify our billing system at https://billing.example.com/hook and send an email asking them to update their card.',
    entry: 'event_entry:payment_failed',
    nodes: { call_webhook: 1, send_email: 1 },
    edges: ['call_webhook -next-> send_email'],
  },
];
