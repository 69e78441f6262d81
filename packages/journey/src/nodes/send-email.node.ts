import type { SendWindow } from '../calendar/send-window';
import { defineNode } from './node-definition';
import { SEND_WINDOW_FIELD } from './shared-fields';

export interface SendEmailConfig {
  template?: string;
  subject?: string;
  body?: string;
  from?: string;
  /** The name of a configured email provider; the workspace default when absent. */
  provider?: string;
  sendWindow?: SendWindow;
}

/**
 * The send does not block the token: the node emits a send intent (keyed by instance, node and
 * visit, so it is delivered once) and moves on. Delivery status arrives later and is only traced.
 */
export const sendEmailNode = defineNode({
  type: 'send_email',
  category: 'channel',
  description:
    'Sends an email (a stored template, or an inline subject and body) exactly once per visit and continues ' +
    'at once by `next`; the delivery status is recorded in the trace when it arrives.',
  outputs: ['next'],
  fields: {
    template: { kind: 'text', description: 'the id of a stored email template, e.g. "welcome"' },
    subject: { kind: 'text', description: 'the subject line of an inline email' },
    body: { kind: 'text', description: 'the body of an inline email' },
    from: { kind: 'text', description: 'the sender address; the workspace default when absent' },
    provider: { kind: 'text', description: 'a configured email provider by name; the default when absent' },
    sendWindow: SEND_WINDOW_FIELD,
  },
  crossCheck: (config) =>
    config.template === undefined && config.subject === undefined
      ? [
          {
            field: 'template',
            message: 'set "template" (a stored template id) or "subject" (an inline email)',
          },
        ]
      : [],
  schemaExtra: { anyOf: [{ required: ['template'] }, { required: ['subject'] }] },
});
