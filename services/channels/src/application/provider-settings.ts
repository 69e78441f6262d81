import { z } from 'zod';
import type { Channel } from '../ports/channel-provider';

/** Every provider adapter, and the channels it serves. */
export const PROVIDERS_BY_CHANNEL: Record<Channel, readonly string[]> = {
  email: ['smtp', 'sendgrid', 'ses'],
  sms: ['twilio', 'messagebird'],
  whatsapp: ['twilio'],
  push: ['fcm', 'apns'],
  webhook: ['http'],
};

const url = z.string().url();
const optionalUrl = url.optional();

/** What each Twilio field is and where its value is found, for the error that names it. */
const TWILIO = {
  from: 'from is the sender: a Twilio number in E.164 (e.g. +14155550100) or, for SMS, an alphanumeric sender id',
  messagingServiceSid:
    'messagingServiceSid is the SID of a Twilio Messaging Service: MG followed by 32 hex digits (Twilio Console > Messaging > Services)',
  accountSid:
    'accountSid is your Twilio Account SID: AC followed by 32 hex digits (Twilio Console > Account info)',
  authToken:
    'authToken is the Auth Token of that Twilio account, 32 characters (Twilio Console > Account info)',
};

/** Per provider: public settings (returned by the API) and credentials (encrypted, never returned). */
export const PROVIDER_SCHEMAS = {
  smtp: {
    settings: z.object({ from: z.string().min(3).optional() }).strict(),
    credentials: z
      .object({ url: z.string().regex(/^smtps?:\/\//, 'must be smtp://user:pass@host:port or smtps://...') })
      .strict(),
  },
  sendgrid: {
    settings: z
      .object({
        from: z.string().min(3).optional(),
        baseUrl: optionalUrl,
        /** The Event Webhook's verification key (public, base64 DER or PEM): enables signature checks. */
        webhookVerificationKey: z.string().min(40).optional(),
      })
      .strict(),
    credentials: z.object({ apiKey: z.string().min(10, 'apiKey is the SendGrid API key (SG....)') }).strict(),
  },
  ses: {
    settings: z
      .object({
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'region must be an AWS region such as eu-west-1'),
        from: z.string().min(3).optional(),
        baseUrl: optionalUrl,
        configurationSetName: z.string().min(1).optional(),
        /** SES notifications through SNS: only messages of this topic are accepted. */
        snsTopicArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/,
            'snsTopicArn must be an SNS topic ARN',
          )
          .optional(),
      })
      .strict(),
    credentials: z
      .object({
        accessKeyId: z
          .string()
          .regex(/^[A-Z0-9]{16,128}$/, 'accessKeyId must be an AWS access key id (AKIA...)'),
        secretAccessKey: z.string().min(16),
      })
      .strict(),
  },
  twilio: {
    settings: z
      .object({
        from: z.string({ invalid_type_error: TWILIO.from }).min(3, TWILIO.from).optional(),
        messagingServiceSid: z
          .string({ invalid_type_error: TWILIO.messagingServiceSid })
          .regex(/^MG[0-9a-fA-F]{32}$/, TWILIO.messagingServiceSid)
          .optional(),
        baseUrl: optionalUrl,
      })
      .strict()
      .refine((s) => s.from !== undefined || s.messagingServiceSid !== undefined, {
        message:
          'set settings.from (a Twilio number in E.164, e.g. +14155550100) or settings.messagingServiceSid (MG...)',
      }),
    credentials: z
      .object({
        accountSid: z
          .string({ required_error: TWILIO.accountSid, invalid_type_error: TWILIO.accountSid })
          .regex(/^AC[0-9a-fA-F]{32}$/, TWILIO.accountSid),
        authToken: z
          .string({ required_error: TWILIO.authToken, invalid_type_error: TWILIO.authToken })
          .min(16, TWILIO.authToken),
      })
      .strict(),
  },
  messagebird: {
    settings: z.object({ originator: z.string().min(1).max(17), baseUrl: optionalUrl }).strict(),
    credentials: z
      .object({
        accessKey: z.string().min(10),
        /** The signing key of MessageBird's dashboard: verifies MessageBird-Signature-JWT on status reports. */
        signingKey: z.string().min(10).optional(),
      })
      .strict(),
  },
  fcm: {
    settings: z.object({ baseUrl: optionalUrl, tokenUri: optionalUrl }).strict(),
    credentials: z
      .object({
        /** The service account key file (JSON) as text. */
        serviceAccountJson: z.string().min(20),
      })
      .strict(),
  },
  apns: {
    settings: z
      .object({
        topic: z.string().min(1, 'topic is the app bundle id'),
        teamId: z.string().regex(/^[A-Z0-9]{10}$/, 'teamId is the 10-character Apple team id'),
        keyId: z.string().regex(/^[A-Z0-9]{10}$/, 'keyId is the 10-character id of the .p8 key'),
        baseUrl: optionalUrl,
      })
      .strict(),
    credentials: z
      .object({
        privateKey: z.string().includes('PRIVATE KEY', { message: 'privateKey is the .p8 key (PEM)' }),
      })
      .strict(),
  },
  http: {
    settings: z
      .object({
        /** call_webhook and outbound webhooks may reach private, loopback and link-local addresses. */
        allowPrivateTargets: z
          .boolean({ invalid_type_error: 'allowPrivateTargets must be true or false' })
          .optional(),
      })
      .strict(),
    credentials: z.object({}).strict(),
  },
} as const;

export type ProviderName = keyof typeof PROVIDER_SCHEMAS;

export class ProviderSettingsError extends Error {
  override name = 'ProviderSettingsError';
  constructor(
    message: string,
    readonly problems: Array<{ field: string; message: string }>,
  ) {
    super(message);
  }
}

export interface ValidProviderConfig {
  provider: ProviderName;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
}

/** Checks a provider configuration for a channel; the error lists every field to fix. */
export function validateProviderConfig(
  channel: string,
  provider: string,
  settings: unknown,
  credentials: unknown,
): ValidProviderConfig {
  const allowed = PROVIDERS_BY_CHANNEL[channel as Channel] as readonly string[] | undefined;
  if (!allowed)
    throw new ProviderSettingsError(`unknown channel "${channel}"`, [
      { field: 'channel', message: `channel must be one of ${Object.keys(PROVIDERS_BY_CHANNEL).join(', ')}` },
    ]);
  if (!allowed.includes(provider))
    throw new ProviderSettingsError(`provider "${provider}" cannot serve ${channel}`, [
      { field: 'provider', message: `for ${channel}, provider must be one of ${allowed.join(', ')}` },
    ]);
  const schema = PROVIDER_SCHEMAS[provider as ProviderName];
  const problems: Array<{ field: string; message: string }> = [];
  const s = schema.settings.safeParse(settings ?? {});
  if (!s.success)
    for (const i of s.error.issues)
      problems.push({ field: ['settings', ...i.path].join('.'), message: i.message });
  const c = schema.credentials.safeParse(credentials ?? {});
  if (!c.success)
    for (const i of c.error.issues)
      problems.push({ field: ['credentials', ...i.path].join('.'), message: i.message });
  if (problems.length > 0 || !s.success || !c.success)
    throw new ProviderSettingsError(
      `invalid ${provider} configuration: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems,
    );
  return {
    provider: provider as ProviderName,
    settings: s.data,
    credentials: c.data,
  };
}

/** `…abcd` for a secret: enough to recognise which key is configured, never enough to use it. */
export function hintOf(secret: string): string {
  return secret.length <= 8 ? '…' : `…${secret.slice(-4)}`;
}
