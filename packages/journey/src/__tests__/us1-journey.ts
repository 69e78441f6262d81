/**
 * US-1: welcome email, then wait up to 5 s for the customer to open it; an open leads to the
 * upsell email, no open to a reminder.
 */
import type { JourneyGraph } from '../model/graph';

export const US1_JOURNEY: JourneyGraph = {
  nodes: [
    { id: 'start', type: 'manual_entry', config: {} },
    { id: 'welcome', type: 'send_email', config: { template: 'welcome' } },
    { id: 'wait_open', type: 'wait_for_event', config: { event: 'email_opened', timeout: 'PT5S' } },
    { id: 'upsell', type: 'send_email', config: { template: 'upsell' } },
    { id: 'reminder', type: 'send_email', config: { template: 'reminder' } },
  ],
  edges: [
    { from: 'start', to: 'welcome', output: 'next' },
    { from: 'welcome', to: 'wait_open', output: 'next' },
    { from: 'wait_open', to: 'upsell', output: 'event' },
    { from: 'wait_open', to: 'reminder', output: 'timeout' },
  ],
};
