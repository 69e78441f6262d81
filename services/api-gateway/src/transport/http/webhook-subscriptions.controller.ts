import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { WebhookSubscriptions } from '../../application/webhook-subscriptions';
import { CurrentPrincipal } from './principal.decorator';
import { PATH_ID } from './schemas/path-params.schema';
import {
  createSubscriptionSchema,
  listDeliveriesQuerySchema,
  updateSubscriptionSchema,
  type CreateSubscriptionDto,
  type ListDeliveriesQuery,
  type UpdateSubscriptionDto,
} from './schemas/webhooks.schema';
import { rotateSecretSchema, type RotateSecretDto } from './schemas/webhook-secret.schema';
import { ZodPipe } from './zod.pipe';

/** Outbound webhooks: the workspace's subscriptions to journey events and their delivery logs. */
@Controller('v1/webhook-subscriptions')
export class WebhookSubscriptionsController {
  constructor(private readonly subscriptions: WebhookSubscriptions) {}

  @Post()
  @HttpCode(201)
  create(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(createSubscriptionSchema)) dto: CreateSubscriptionDto,
  ) {
    return this.subscriptions.create(p, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.subscriptions.list(p);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.subscriptions.get(p, id);
  }

  @Patch(':id')
  update(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(updateSubscriptionSchema)) dto: UpdateSubscriptionDto,
  ) {
    return this.subscriptions.update(p, id, dto);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  rotateSecret(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(rotateSecretSchema)) dto: RotateSecretDto,
  ) {
    return this.subscriptions.rotateSecret(p, id, dto.graceSeconds);
  }

  @Delete(':id')
  delete(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.subscriptions.delete(p, id);
  }

  @Get(':id/deliveries')
  deliveries(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Query(new ZodPipe(listDeliveriesQuerySchema, 'query')) query: ListDeliveriesQuery,
  ) {
    return this.subscriptions.deliveries(p, id, query);
  }
}
