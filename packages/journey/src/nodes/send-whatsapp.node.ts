import type { SendWindow } from '../calendar/send-window';
import { defineNode } from './node-definition';
import { SEND_WINDOW_FIELD } from './shared-fields';

export interface SendWhatsappConfig {
  /** Free-form text (only inside WhatsApp's 24-hour customer-service window). */
  body?: string;
  /** An approved WhatsApp template name. */
  template?: string;
  /** The profile attribute holding the phone number; default `phone`. */
  to?: string;
  sendWindow?: SendWindow;
}

export const sendWhatsappNode = defineNode({
  type: 'send_whatsapp',
  category: 'channel',
  description:
    'Sends a WhatsApp message (an approved template, or free text) exactly once per visit and continues by `next`.',
  outputs: ['next'],
  fields: {
    body: { kind: 'text', description: 'free-form message text' },
    template: { kind: 'text', description: 'an approved WhatsApp template name, e.g. "order_update"' },
    to: {
      kind: 'property',
      default: 'phone',
      description: 'the profile attribute that holds the phone number, e.g. mobile',
    },
    sendWindow: SEND_WINDOW_FIELD,
  },
  crossCheck: (config) =>
    config.body === undefined && config.template === undefined
      ? [{ field: 'body', message: 'set "template" (an approved template) or "body" (free text)' }]
      : [],
  schemaExtra: { anyOf: [{ required: ['body'] }, { required: ['template'] }] },
});
