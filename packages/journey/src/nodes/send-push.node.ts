import type { SendWindow } from '../calendar/send-window';
import { defineNode } from './node-definition';
import { SEND_WINDOW_FIELD } from './shared-fields';

export interface SendPushConfig {
  title: string;
  body: string;
  /** Extra key/values delivered to the app with the notification. */
  data?: Record<string, unknown>;
  sendWindow?: SendWindow;
}

export const sendPushNode = defineNode({
  type: 'send_push',
  category: 'channel',
  description: 'Sends a push notification exactly once per visit and continues at once by `next`.',
  outputs: ['next'],
  fields: {
    title: { kind: 'text', required: true, description: 'the notification title' },
    body: { kind: 'text', required: true, description: 'the notification text' },
    data: { kind: 'object', description: 'key/values delivered to the app, e.g. {"screen": "cart"}' },
    sendWindow: SEND_WINDOW_FIELD,
  },
});
