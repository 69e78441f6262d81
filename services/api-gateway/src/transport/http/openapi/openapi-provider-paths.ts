import { ref } from './openapi-schemas';

/** /v1/providers (provider configuration) and /v1/webhooks (provider delivery webhooks). */

type Json = Record<string, unknown>;

const err = (name: string) => ({ $ref: `#/components/responses/${name}` });
const forbidden = {
  description: 'Code: admin_key_required (changing providers needs an admin API key)',
  content: { 'application/json': { schema: ref('Error') } },
};
const channelParam = {
  name: 'channel',
  in: 'path',
  required: true,
  description: 'The channel the provider serves',
  schema: { type: 'string', enum: ['email', 'sms', 'push', 'whatsapp', 'webhook'] },
};

export const providerSchemas: Record<string, Json> = {
  PutProviderRequest: {
    type: 'object',
    required: ['provider'],
    additionalProperties: false,
    properties: {
      provider: {
        type: 'string',
        enum: ['smtp', 'sendgrid', 'ses', 'twilio', 'messagebird', 'fcm', 'apns', 'http'],
        description:
          'email: smtp, sendgrid, ses; sms: twilio, messagebird; whatsapp: twilio; push: fcm, apns; webhook: http. Settings and credentials per provider: docs/providers.md',
      },
      settings: {
        type: 'object',
        additionalProperties: true,
        description:
          'Public settings (returned by GET). webhook/http: {"allowPrivateTargets": true} lets call_webhook and outbound webhooks reach private, loopback and link-local addresses (refused by default)',
      },
      credentials: {
        type: 'object',
        additionalProperties: { type: 'string' },
        description: 'Secrets: stored encrypted (AES-256-GCM), never returned',
      },
    },
  },
  ProviderConfig: {
    type: 'object',
    required: ['channel', 'provider', 'settings', 'credentials', 'updatedAt'],
    properties: {
      channel: { type: 'string' },
      provider: { type: 'string' },
      settings: { type: 'object', additionalProperties: true },
      credentials: {
        type: 'object',
        description: 'One entry per stored credential: never its value',
        additionalProperties: {
          type: 'object',
          properties: {
            configured: { type: 'boolean' },
            hint: { type: 'string', description: 'The last 4 characters, e.g. "…wxyz"' },
          },
        },
      },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  ProviderList: {
    type: 'object',
    required: ['providers'],
    properties: { providers: { type: 'array', items: ref('ProviderConfig') } },
  },
  ProviderDeleted: { type: 'object', required: ['deleted'], properties: { deleted: { type: 'boolean' } } },
  WebhookIngested: {
    type: 'object',
    required: ['accepted', 'ignored'],
    properties: {
      accepted: { type: 'integer', description: 'Status reports routed to an instance' },
      ignored: { type: 'integer', description: 'Reports of no interest or for unknown deliveries' },
    },
  },
};

const json = (schema: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(schema) } },
});

export const providerPaths: Record<string, Json> = {
  '/v1/providers': {
    get: {
      operationId: 'listProviders',
      tags: ['providers'],
      summary: "The workspace's channel providers (credentials shown as configured + last 4 characters)",
      responses: {
        '200': json('ProviderList', 'OK'),
        '401': err('Unauthorized'),
        '503': err('ServiceUnavailable'),
      },
    },
  },
  '/v1/providers/{channel}': {
    put: {
      operationId: 'putProvider',
      tags: ['providers'],
      summary: 'Configure the provider of a channel (replaces the previous one)',
      description:
        'Validated per provider; every field to fix is listed in details.problems ({field, message}). Needs KALCIFER_ENCRYPTION_KEY on the channels service (503 encryption_key_missing otherwise).',
      parameters: [channelParam],
      requestBody: { required: true, content: { 'application/json': { schema: ref('PutProviderRequest') } } },
      responses: {
        '200': json('ProviderConfig', 'Stored'),
        '400': err('BadRequest'),
        '401': err('Unauthorized'),
        '403': forbidden,
        '503': err('ServiceUnavailable'),
      },
    },
    delete: {
      operationId: 'deleteProvider',
      tags: ['providers'],
      summary: 'Remove the provider of a channel (email falls back to the server SMTP relay)',
      parameters: [channelParam],
      responses: {
        '200': json('ProviderDeleted', 'Removed (deleted: false when none was configured)'),
        '400': err('BadRequest'),
        '401': err('Unauthorized'),
        '403': forbidden,
        '503': err('ServiceUnavailable'),
      },
    },
  },
  '/v1/webhooks/{provider}/{workspaceId}': {
    post: {
      operationId: 'providerWebhook',
      tags: ['providers'],
      summary:
        'Delivery statuses from a provider (SendGrid Event Webhook, Twilio status callback, SES through SNS, MessageBird status report)',
      description:
        'No API key: SendGrid requests are verified with the signed-webhook ECDSA signature when the workspace configured settings.webhookVerificationKey; Twilio requests with X-Twilio-Signature (HMAC-SHA1 with the auth token); SES notifications are SNS messages (text/plain JSON) whose signature is verified with the certificate at SigningCertURL (https, amazonaws.com), a SubscriptionConfirmation is confirmed by visiting its SubscribeURL; MessageBird reports carry MessageBird-Signature-JWT (HS256 with credentials.signingKey). A signature that does not verify is a 401 and changes nothing. Statuses become delivery statuses of the instance and customer events named <channel>.<status> (email.opened, sms.delivered; an SES complaint only the event email.complained).',
      security: [],
      parameters: [
        {
          name: 'provider',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: ['sendgrid', 'twilio', 'ses', 'messagebird'] },
        },
        { name: 'workspaceId', in: 'path', required: true, schema: { type: 'string' } },
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'array', items: { type: 'object' } } },
          'application/x-www-form-urlencoded': { schema: { type: 'object' } },
          'text/plain': { schema: { type: 'string', description: 'An SNS message (JSON)' } },
        },
      },
      responses: {
        '200': json('WebhookIngested', 'Processed'),
        '400': err('BadRequest'),
        '401': err('Unauthorized'),
        '404': err('NotFound'),
        '503': err('ServiceUnavailable'),
      },
    },
    get: {
      operationId: 'providerWebhookQuery',
      tags: ['providers'],
      summary: 'MessageBird SMS status report (GET with query parameters)',
      description:
        'No API key: verified with MessageBird-Signature-JWT (HS256 with the workspace credentials.signingKey; url_hash covers the full URL with its query). status delivered -> delivered, delivery_failed -> bounced, expired -> failed; reference is our send key.',
      security: [],
      parameters: [
        { name: 'provider', in: 'path', required: true, schema: { type: 'string', enum: ['messagebird'] } },
        { name: 'workspaceId', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'id', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'reference', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'status', in: 'query', required: false, schema: { type: 'string' } },
        { name: 'statusDatetime', in: 'query', required: false, schema: { type: 'string' } },
      ],
      responses: {
        '200': json('WebhookIngested', 'Processed'),
        '400': err('BadRequest'),
        '401': err('Unauthorized'),
        '404': err('NotFound'),
        '503': err('ServiceUnavailable'),
      },
    },
  },
};
