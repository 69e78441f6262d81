import type { SendWindow } from '../calendar/send-window';
import { defineNode } from './node-definition';
import { SEND_WINDOW_FIELD } from './shared-fields';

export interface SendSmsConfig {
  /** Liquid template of the text, rendered by the channel worker. */
  body: string;
  /** The profile attribute holding the phone number; default `phone`. */
  to?: string;
  sendWindow?: SendWindow;
}

export const sendSmsNode = defineNode({
  type: 'send_sms',
  category: 'channel',
  description: 'Sends a text message exactly once per visit and continues at once by `next`.',
  outputs: ['next'],
  fields: {
    body: {
      kind: 'text',
      required: true,
      description: 'the message text, e.g. "Hi {{ customer.firstName }}"',
    },
    to: {
      kind: 'property',
      default: 'phone',
      description: 'the profile attribute that holds the phone number, e.g. mobile',
    },
    sendWindow: SEND_WINDOW_FIELD,
  },
});
