/** Journey fixtures shared by end-to-end tests and benchmarks. */

/** US-1: welcome email -> wait for `email_opened` or a timeout -> upsell if opened, else reminder. */
export function us1Journey(timeout: string) {
  return {
    nodes: [
      { id: 'entry', type: 'manual_entry', config: {} },
      {
        id: 'welcome',
        type: 'send_email',
        config: { template: 'welcome', subject: 'Welcome {{ customer.firstName }}' },
      },
      { id: 'wait_open', type: 'wait_for_event', config: { event: 'email_opened', timeout } },
      {
        id: 'upsell',
        type: 'send_email',
        config: { template: 'upsell', subject: 'Upsell for {{ customer.firstName }}' },
      },
      {
        id: 'reminder',
        type: 'send_email',
        config: { template: 'reminder', subject: 'Reminder for {{ customer.firstName }}' },
      },
    ],
    edges: [
      { from: 'entry', to: 'welcome', output: 'next' },
      { from: 'welcome', to: 'wait_open', output: 'next' },
      { from: 'wait_open', to: 'upsell', output: 'event' },
      { from: 'wait_open', to: 'reminder', output: 'timeout' },
    ],
  };
}
