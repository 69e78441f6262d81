import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ForwardProviderWebhook } from '../../application/forward-provider-webhook';
import { GET_WEBHOOK_PROVIDER_PARAM, WEBHOOK_PROVIDER_PARAM } from './schemas/providers.schema';
import { PATH_ID } from './schemas/path-params.schema';

/**
 * Delivery webhooks of providers (`/v1/webhooks/{sendgrid|twilio|ses|messagebird}/{workspaceId}`;
 * MessageBird's status reports also as GET): no API key,
 * the provider's signature is verified by the channels service over the raw body, which
 * `rawWebhookBody` keeps (v1Gate lets `/v1/webhooks/` through without a key).
 */
@Controller('v1/webhooks/:provider/:workspaceId')
export class ProviderWebhooksController {
  constructor(private readonly forward: ForwardProviderWebhook) {}

  @Post()
  @HttpCode(200)
  receive(
    @Param('provider', WEBHOOK_PROVIDER_PARAM) provider: string,
    @Param('workspaceId', PATH_ID) workspaceId: string,
    @Req() req: WebhookRequest,
  ) {
    return this.forwarded(provider, workspaceId, req);
  }

  @Get()
  receiveQuery(
    @Param('provider', GET_WEBHOOK_PROVIDER_PARAM) provider: string,
    @Param('workspaceId', PATH_ID) workspaceId: string,
    @Req() req: WebhookRequest,
  ) {
    return this.forwarded(provider, workspaceId, req);
  }

  private forwarded(provider: string, workspaceId: string, req: WebhookRequest) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
      else if (Array.isArray(value)) headers[name.toLowerCase()] = value.join(', ');
    }
    return this.forward.execute(
      provider,
      workspaceId,
      req.rawBody ?? Buffer.alloc(0),
      headers,
      req.publicUrl ?? '',
    );
  }
}

type WebhookRequest = Request & { rawBody?: Buffer; publicUrl?: string };
