/**
 * Briefs as marketers write them, each with the structure a reader would expect of the journey:
 * the entry, node kinds that must be present (at least that many), and edges written
 * "from_type -output-> to_type" that must exist. Goal and exit criteria when the brief names them.
 */
export interface CorpusCase {
  brief: string;
  entry: string;
  nodes?: Record<string, number>;
  edges?: string[];
  goal?: string;
  goalExits?: boolean;
  exitCriteria?: string;
  /** ISO durations that must each be the length of a wait or of an event window. */
  durations?: string[];
  /** Frequency caps that must be in the graph. */
  caps?: { channel: string; limit: number; window: string }[];
  /** The profile attribute a wait_until must wait for. */
  waitUntil?: string;
  /**
   * Offsets from the date a wait_until waits for, each that of some wait_until: a signed ISO
   * duration, "-P2D" two days before the date, "PT2H" two hours after it.
   */
  waitUntilOffsets?: string[];
  /** Quiet hours: the send window every message node (email, SMS, push, WhatsApp) must carry. */
  sendWindow?: { start: string; end: string };
  /** The days every message node may go out on ("don't send on weekends"), e.g. ['mon', ..., 'fri']. */
  sendDays?: string[];
}

export const BRIEF_CORPUS: CorpusCase[] = [
  {
    brief:
      "When a customer signs up, send a welcome email. Wait 3 days. If they haven't opened it, send an SMS reminder. Otherwise send a product tips email. The goal is a purchase.",
    entry: 'event_entry:signed_up',
    nodes: { send_email: 2, send_sms: 1, wait_for_event: 1 },
    edges: [
      'send_email -next-> wait_for_event',
      'wait_for_event -timeout-> send_sms',
      'wait_for_event -event-> send_email',
    ],
    goal: 'purchase_completed',
  },
  {
    brief:
      "When someone abandons their cart, wait 1 hour and send a reminder email. If they don't purchase within 24 hours, send a 10% discount SMS. Stop as soon as they buy. No more than 3 messages per week.",
    entry: 'event_entry:cart_abandoned',
    nodes: { wait: 1, send_email: 1, send_sms: 1, wait_for_event: 1, frequency_cap: 1 },
    edges: [
      'wait -next-> frequency_cap',
      'frequency_cap -within-> send_email',
      'wait_for_event -timeout-> frequency_cap',
    ],
    goal: 'purchase_completed',
    goalExits: true,
  },
  {
    brief: 'Every Monday at 9am, send the weekly newsletter.',
    entry: 'scheduled_entry',
    nodes: { send_email: 1 },
    edges: ['scheduled_entry -next-> send_email'],
  },
  {
    brief:
      'When a user starts a trial, A/B test the welcome email with a 70/30 split. Two days later send a push notification.',
    entry: 'event_entry:trial_started',
    nodes: { ab_split: 1, send_email: 2, wait: 1, send_push: 1 },
    edges: [
      'ab_split -variant:a-> send_email',
      'ab_split -variant:b-> send_email',
      'send_email -next-> wait',
      'wait -next-> send_push',
    ],
  },
  {
    brief:
      'Send a welcome email, wait 2 days, then send a getting started guide email, wait 5 days, then send a feedback survey email.',
    entry: 'manual_entry',
    nodes: { send_email: 3, wait: 2 },
    edges: ['manual_entry -next-> send_email', 'send_email -next-> wait', 'wait -next-> send_email'],
  },
  {
    brief:
      'When a new customer registers, send them a welcome email. After 1 day, send a push notification inviting them to complete their profile. If they are on the pro plan, send a WhatsApp message from their account manager; otherwise send an upgrade offer email.',
    entry: 'event_entry:signed_up',
    nodes: { send_email: 2, send_push: 1, send_whatsapp: 1, condition: 1, wait: 1 },
    edges: ['condition -true-> send_whatsapp', 'condition -false-> send_email', 'wait -next-> send_push'],
  },
  {
    brief:
      "Once a customer places an order, send an order confirmation email. Wait 7 days, then send a review request email. If they don't leave a review within 3 days, send a reminder SMS.",
    entry: 'event_entry:purchase_completed',
    nodes: { send_email: 2, wait: 1, wait_for_event: 1, send_sms: 1 },
    edges: ['wait -next-> send_email', 'wait_for_event -timeout-> send_sms'],
  },
  {
    brief:
      'For customers on the trial plan, send a tips email every few days: send one now, wait 3 days, send another tips email.',
    entry: 'segment_entry',
    nodes: { send_email: 2, wait: 1 },
    edges: ['segment_entry -next-> send_email', 'wait -next-> send_email'],
  },
  {
    brief:
      'When a customer signs up, send a welcome email and a push notification at the same time. Then wait 2 days and send a product tour email.',
    entry: 'event_entry:signed_up',
    nodes: { parallel: 1, send_email: 2, send_push: 1, wait: 1 },
    edges: [
      'parallel -branch:email-> send_email',
      'parallel -branch:push-> send_push',
      'send_email -next-> wait',
    ],
  },
  {
    brief:
      "When a payment fails, send an email asking them to update their card. If they haven't updated it after 2 days, send an SMS. Exit if they unsubscribe.",
    entry: 'event_entry:payment_failed',
    nodes: { send_email: 1, send_sms: 1 },
    edges: ['send_email -next-> wait_for_event', 'wait_for_event -timeout-> send_sms'],
    exitCriteria: 'customer.unsubscribed == true',
  },
  {
    brief:
      'When someone downloads the app, wait 30 minutes and send a push notification with onboarding tips. Wait for them to complete onboarding or 3 days, whichever comes first, then send a survey email.',
    entry: 'event_entry:app_installed',
    nodes: { wait: 1, send_push: 1, wait_for_event: 1, send_email: 1 },
    edges: ['wait_for_event -event-> send_email', 'wait_for_event -timeout-> send_email'],
  },
  {
    brief:
      'Split customers 50/50 between an email and an SMS. After that, wait 2 days and send a follow-up email. The goal is a purchase; exit when they purchase.',
    entry: 'manual_entry',
    nodes: { ab_split: 1, send_email: 2, send_sms: 1, wait: 1 },
    edges: ['ab_split -variant:a-> send_email', 'ab_split -variant:b-> send_sms', 'send_sms -next-> wait'],
    goal: 'purchase_completed',
    goalExits: true,
  },
  {
    brief:
      'When a customer abandons their cart, send a reminder email after 2 hours. If they still have not purchased after 1 day, send a push notification. If they have not purchased after 2 more days, send a 15% discount email.',
    entry: 'event_entry:cart_abandoned',
    nodes: { send_email: 2, send_push: 1, wait_for_event: 2 },
    edges: ['wait_for_event -timeout-> send_push', 'wait_for_event -timeout-> send_email'],
  },
  {
    brief: 'Every day at 10:00, send an SMS to remind them about their appointment.',
    entry: 'scheduled_entry',
    nodes: { send_sms: 1 },
    edges: ['scheduled_entry -next-> send_sms'],
  },
  {
    brief:
      "When a customer's trial starts, send a welcome email. Tag them as trial_user. After 10 days send an email about upgrading. If they upgrade, tag them as customer and end the journey.",
    entry: 'event_entry:trial_started',
    nodes: { send_email: 2, add_tag: 1, wait: 1 },
    edges: ['send_email -next-> add_tag', 'add_tag -next-> wait'],
  },
  {
    brief:
      'When a customer signs up: 20% get an SMS, the rest get a welcome email. Then wait 3 days and send a product tips email.',
    entry: 'event_entry:signed_up',
    nodes: { ab_split: 1, send_sms: 1, send_email: 2, wait: 1 },
    edges: ['ab_split -variant:a-> send_sms', 'ab_split -variant:b-> send_email'],
  },
  {
    brief:
      'If the customer is a VIP, send a personal WhatsApp message. Otherwise, send a standard email. Then wait 7 days and send a feedback survey by email. At most 2 emails per week.',
    entry: 'manual_entry',
    nodes: { condition: 1, send_whatsapp: 1, send_email: 2, frequency_cap: 1, wait: 1 },
    edges: [
      'condition -true-> send_whatsapp',
      'condition -false-> frequency_cap',
      'frequency_cap -within-> send_email',
    ],
  },
  {
    brief:
      'When someone registers for the webinar, send a confirmation email. Wait until the webinar date. Send a reminder SMS.',
    entry: 'event_entry:webinar_registered',
    nodes: { send_email: 1, wait_until: 1, send_sms: 1 },
    edges: ['send_email -next-> wait_until', 'wait_until -next-> send_sms'],
  },
  {
    brief:
      'Trigger: subscription cancelled. Send a win-back email with 20% off. If they do not come back within 14 days, send a final SMS. Goal: subscription renewed.',
    entry: 'event_entry:subscription_cancelled',
    nodes: { send_email: 1, wait_for_event: 1, send_sms: 1 },
    edges: ['wait_for_event -timeout-> send_sms'],
    goal: 'subscription_renewed',
  },
  {
    brief:
      'When our backend calls the webhook, send an order shipped email and an order shipped SMS at the same time.',
    entry: 'webhook_entry',
    nodes: { parallel: 1, send_email: 1, send_sms: 1 },
    edges: [
      'webhook_entry -next-> parallel',
      'parallel -branch:email-> send_email',
      'parallel -branch:sms-> send_sms',
    ],
  },
  {
    brief:
      'When a customer makes a purchase, wait 1 day, then send a thank-you email. If they spent more than $200, tag them as high_value and send a VIP invitation email. Otherwise send a cross-sell email.',
    entry: 'event_entry:purchase_completed',
    nodes: { wait: 1, send_email: 3, condition: 1, add_tag: 1 },
    edges: ['condition -true-> add_tag', 'add_tag -next-> send_email', 'condition -false-> send_email'],
  },
  {
    brief:
      "Welcome series: when a user signs up, send a welcome email. 2 days later, if they haven't clicked, send a push. 5 days after signup send a case study email.",
    entry: 'event_entry:signed_up',
    nodes: { send_email: 2, send_push: 1 },
    edges: ['wait_for_event -timeout-> send_push'],
  },
  {
    brief:
      'When a lead downloads the whitepaper, send a thank-you email with the download link. Wait 3 days. Send a case study email. Wait 4 days. Call our CRM at https://crm.example.com/hooks/lead to create a sales task.',
    entry: 'event_entry:content_downloaded',
    nodes: { send_email: 2, wait: 2, call_webhook: 1 },
    edges: ['wait -next-> call_webhook'],
  },
  {
    brief:
      'A/B/C test three subject lines for the launch email. Then wait 2 days and send a reminder email to those who did not open it.',
    entry: 'manual_entry',
    nodes: { ab_split: 1, send_email: 4 },
    edges: ['ab_split -variant:c-> send_email'],
  },
  {
    brief: 'When a customer signs up, send a welcome SMS. Non-openers get an email after 2 days.',
    entry: 'event_entry:signed_up',
    nodes: { send_sms: 1, send_email: 1, wait_for_event: 1 },
    edges: ['wait_for_event -timeout-> send_email'],
  },
  {
    brief:
      "When a customer's birthday comes, send a birthday email with a 10% coupon. If they don't open it within 2 days, send a birthday SMS. Limit to 1 SMS per day.",
    entry: 'event_entry:birthday',
    nodes: { send_email: 1, send_sms: 1, wait_for_event: 1, frequency_cap: 1 },
    edges: ['wait_for_event -timeout-> frequency_cap', 'frequency_cap -within-> send_sms'],
  },
  {
    brief:
      'When someone books a demo, send a confirmation email immediately. Wait 1 day, then send a reminder SMS. After the demo, wait 2 days and send a follow-up email from sales.',
    entry: 'event_entry:booking_made',
    nodes: { send_email: 2, send_sms: 1, wait: 2 },
    edges: ['wait -next-> send_sms'],
  },
  {
    brief:
      'Onboarding for new users: when a user signs up, send a welcome email. Wait for them to complete onboarding for up to 5 days. If they complete onboarding, send a congratulations email. Otherwise send a help email and notify our CRM.',
    entry: 'event_entry:signed_up',
    nodes: { send_email: 3, wait_for_event: 1, call_webhook: 1 },
    edges: [
      'wait_for_event -event-> send_email',
      'wait_for_event -timeout-> send_email',
      'send_email -next-> call_webhook',
    ],
  },
  {
    brief:
      'When a customer signs up, if they have a phone number, send a welcome SMS, otherwise send a welcome email. Then wait 3 days and send a tips email.',
    entry: 'event_entry:signed_up',
    nodes: { condition: 1, send_sms: 1, send_email: 2, wait: 1 },
    edges: ['condition -true-> send_sms', 'condition -false-> send_email', 'send_sms -next-> wait'],
  },
  {
    brief:
      'When a subscription is cancelled, wait 7 days and send a "We miss you" email. Then wait 7 more days and send a win-back offer by WhatsApp.',
    entry: 'event_entry:subscription_cancelled',
    nodes: { wait: 2, send_email: 1, send_whatsapp: 1 },
    edges: ['wait -next-> send_email', 'wait -next-> send_whatsapp'],
  },
  {
    brief:
      'Customers enter when they add items to their cart. Wait 4 hours. If they have not checked out, send a push notification. Wait another day. If they still have not bought, send an email with free shipping. Never send more than 2 push notifications per day.',
    entry: 'event_entry:added_to_cart',
    nodes: { send_push: 1, send_email: 1, frequency_cap: 1, wait_for_event: 2 },
    edges: ['wait_for_event -timeout-> frequency_cap', 'frequency_cap -within-> send_push'],
  },
  {
    brief:
      'When a trial ends, if they are from Germany, send a German upgrade email; otherwise send an English upgrade email. The goal is an upgrade.',
    entry: 'event_entry:trial_ended',
    nodes: { condition: 1, send_email: 2 },
    edges: ['condition -true-> send_email', 'condition -false-> send_email'],
    goal: 'plan_upgraded',
  },
  {
    brief:
      'When a customer signs up, send a welcome email. At the same time, add the tag new_customer. Then wait 1 week and send a newsletter.',
    entry: 'event_entry:signed_up',
    nodes: { parallel: 1, send_email: 2, add_tag: 1, wait: 1 },
    edges: ['parallel -branch:email-> send_email', 'parallel -branch:tag-> add_tag'],
  },
  {
    brief:
      'After someone signs up, wait 1 hour, then send an email. Wait 1 day and send a push. Wait 1 day and send an SMS. Wait 1 day and send a WhatsApp message. Max 3 messages per week.',
    entry: 'event_entry:signed_up',
    nodes: { send_email: 1, send_push: 1, send_sms: 1, send_whatsapp: 1, frequency_cap: 4, wait: 4 },
    edges: ['frequency_cap -within-> send_whatsapp', 'frequency_cap -exceeded-> wait'],
  },
  {
    brief:
      'When a customer makes their first purchase, send a thank-you email. If they have more than 3 orders, tag them loyal. Wait 30 days and send a reorder reminder email.',
    entry: 'event_entry:purchase_completed',
    nodes: { send_email: 2, condition: 1, add_tag: 1, wait: 1 },
    edges: ['condition -true-> add_tag'],
  },
  {
    brief:
      'Two hours after signup, send a welcome email. If they click, send a product demo email. If not, send a reminder push after 2 days.',
    entry: 'event_entry:signed_up',
    nodes: { wait: 1, send_email: 2, wait_for_event: 1, send_push: 1 },
    edges: [
      'wait -next-> send_email',
      'wait_for_event -event-> send_email',
      'wait_for_event -timeout-> send_push',
    ],
  },
  {
    brief:
      'When a customer abandons a cart: wait 30 minutes, send a reminder email; wait 1 day, send an SMS with a discount code; wait 2 days, send a last chance email. Exit as soon as they purchase.',
    entry: 'event_entry:cart_abandoned',
    nodes: { wait: 3, send_email: 2, send_sms: 1 },
    edges: ['wait -next-> send_sms'],
    goal: 'purchase_completed',
    goalExits: true,
  },
  {
    brief:
      'For users whose plan is free, send an upgrade email. Wait 3 days. Send a push notification about premium features. Stop when they upgrade.',
    entry: 'segment_entry',
    nodes: { send_email: 1, wait: 1, send_push: 1 },
    edges: ['segment_entry -next-> send_email', 'wait -next-> send_push'],
    goal: 'plan_upgraded',
    goalExits: true,
  },
  {
    brief:
      'When a customer signs up, send a welcome email. Wait 2 days. Send 70% of them a discount email and 30% a free trial extension email. Then set onboarding_stage to done.',
    entry: 'event_entry:signed_up',
    nodes: { ab_split: 1, send_email: 3, update_profile: 1 },
    edges: [
      'ab_split -variant:a-> send_email',
      'ab_split -variant:b-> send_email',
      'send_email -next-> update_profile',
    ],
  },
  {
    brief:
      'When a customer views a product, wait 1 day. If they have not purchased, send a push notification about the product. Remove the tag browsing at the end.',
    entry: 'event_entry:product_viewed',
    nodes: { wait_for_event: 1, send_push: 1, remove_tag: 1 },
    edges: ['wait_for_event -timeout-> send_push'],
  },
  {
    brief:
      'Re-engagement: every month, send a "We have new arrivals" email. If they open it within 2 days, send a push with a coupon; otherwise send an SMS.',
    entry: 'scheduled_entry',
    nodes: { send_email: 1, wait_for_event: 1, send_push: 1, send_sms: 1 },
    edges: ['wait_for_event -event-> send_push', 'wait_for_event -timeout-> send_sms'],
  },
  {
    brief:
      'When someone subscribes to the newsletter, send a welcome email. If they are tagged vip, send them a WhatsApp welcome too.',
    entry: 'event_entry:subscribed',
    nodes: { send_email: 1, condition: 1, send_whatsapp: 1 },
    edges: ['condition -true-> send_whatsapp'],
  },
  {
    brief:
      'After a customer places an order, send a receipt email. Wait 3 days, then send a how-to-use email. Wait 14 days and send a review request. If they leave a review within 7 days, send a thank-you email and tag them reviewer.',
    entry: 'event_entry:purchase_completed',
    nodes: { send_email: 4, wait: 2, wait_for_event: 1, add_tag: 1 },
    edges: ['wait_for_event -event-> send_email'],
  },
  {
    brief:
      'When a customer signs up, send a welcome email. Wait 3 days. If they have not opened it, resend the welcome email with a new subject. Wait 2 more days and send a tips email. Do not send more than 1 email per day.',
    entry: 'event_entry:signed_up',
    nodes: { send_email: 3, wait_for_event: 1, frequency_cap: 3, wait: 1 },
    edges: ['wait_for_event -timeout-> frequency_cap'],
  },
  {
    brief:
      'When a customer logs in for the first time, send a push notification and wait 2 days. Then send an email about our mobile app. If they install the app within 5 days, end the journey. Otherwise send an SMS with the download link.',
    entry: 'event_entry:logged_in',
    nodes: { send_push: 1, wait: 1, send_email: 1, wait_for_event: 1, exit: 1, send_sms: 1 },
    edges: ['wait_for_event -event-> exit', 'wait_for_event -timeout-> send_sms'],
  },
];
