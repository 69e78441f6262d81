import { z } from 'zod';
import type { SendIntentMessage } from '@kalcifer/contracts';

/**
 * What the channel worker requires of a SendIntentMessage before touching the ledger. The send
 * key becomes part of a Message-ID, so it is limited to characters valid there.
 */
export const sendIntentSchema = z.object({
  workspaceId: z.string().min(1),
  sendKey: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'sendKey must be 1-200 letters, digits, ".", "_" or "-"'),
  instanceId: z.string().min(1),
  journeyId: z.string().min(1),
  version: z.number(),
  nodeId: z.string().min(1),
  customerId: z.string().min(1),
  channel: z.enum(['email', 'sms', 'push', 'whatsapp', 'webhook']),
  config: z.record(z.unknown()),
  customer: z.record(z.unknown()),
  context: z.record(z.unknown()),
  requestedAt: z.number(),
}) satisfies z.ZodType<SendIntentMessage>;

/** A readable one-line reason for a rejected intent. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
}
