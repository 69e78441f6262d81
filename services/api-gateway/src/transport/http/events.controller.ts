import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { IngestEvents } from '../../application/ingest-events';
import { CurrentPrincipal } from './principal.decorator';
import {
  customerEventSchema,
  eventBatchSchema,
  type CustomerEventDto,
  type EventBatchDto,
} from './schemas/events.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/events')
export class EventsController {
  constructor(private readonly ingest: IngestEvents) {}

  @Post()
  @HttpCode(202)
  ingestOne(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(customerEventSchema)) dto: CustomerEventDto) {
    return this.ingest.one(p, dto);
  }

  @Post('batch')
  @HttpCode(202)
  ingestBatch(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(eventBatchSchema)) dto: EventBatchDto) {
    return this.ingest.batch(p, dto.events);
  }
}
