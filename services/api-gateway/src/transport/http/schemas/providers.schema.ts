import { z } from 'zod';
import { ZodPipe } from '../zod.pipe';

export const PROVIDER_CHANNELS = ['email', 'sms', 'push', 'whatsapp', 'webhook'] as const;

export const putProviderSchema = z
  .object({
    provider: z.enum(['smtp', 'sendgrid', 'ses', 'twilio', 'messagebird', 'fcm', 'apns', 'http'], {
      errorMap: () => ({
        message:
          'provider must be one of smtp, sendgrid, ses (email); twilio, messagebird (sms); twilio (whatsapp); fcm, apns (push); http (webhook)',
      }),
    }),
    settings: z.record(z.unknown()).default({}),
    credentials: z.record(z.unknown()).default({}),
  })
  .strict();

export type PutProviderDto = z.infer<typeof putProviderSchema>;

export const CHANNEL_PARAM = new ZodPipe(
  z.enum(PROVIDER_CHANNELS, {
    errorMap: () => ({ message: `channel must be one of ${PROVIDER_CHANNELS.join(', ')}` }),
  }),
  'path',
);

export const WEBHOOK_PROVIDERS = ['sendgrid', 'twilio', 'ses', 'messagebird'] as const;

export const WEBHOOK_PROVIDER_PARAM = new ZodPipe(
  z.enum(WEBHOOK_PROVIDERS, {
    errorMap: () => ({ message: `provider must be one of ${WEBHOOK_PROVIDERS.join(', ')}` }),
  }),
  'path',
);

/** MessageBird sends its SMS status reports as GET requests with query parameters. */
export const GET_WEBHOOK_PROVIDER_PARAM = new ZodPipe(
  z.enum(['messagebird'], {
    errorMap: () => ({ message: 'GET is for MessageBird status reports: provider must be messagebird' }),
  }),
  'path',
);
