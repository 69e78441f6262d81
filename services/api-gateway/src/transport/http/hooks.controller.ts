import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { EnterByWebhook } from '../../application/enter-by-webhook';
import { PATH_ID } from './schemas/path-params.schema';

/** Webhook entry URLs; v1Gate lets `/v1/hooks/` through without an API key (the token is the key). */
@Controller('v1/hooks/:journeyId/:token')
export class HooksController {
  constructor(private readonly enter: EnterByWebhook) {}

  @Post()
  @HttpCode(202)
  create(
    @Param('journeyId', PATH_ID) journeyId: string,
    @Param('token', PATH_ID) token: string,
    @Body() payload: unknown,
    @Headers('idempotency-key') idempotencyKey?: string,
  ) {
    return this.enter.execute(journeyId, token, payload, idempotencyKey);
  }
}
