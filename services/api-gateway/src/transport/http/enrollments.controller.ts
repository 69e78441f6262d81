import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { EnrollCustomers } from '../../application/enroll-customers';
import { CurrentPrincipal } from './principal.decorator';
import { enrollRequestSchema, type EnrollRequestDto } from './schemas/enrollments.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/journeys/:id/enrollments')
export class EnrollmentsController {
  constructor(private readonly enroll: EnrollCustomers) {}

  @Post()
  @HttpCode(202)
  create(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(enrollRequestSchema)) dto: EnrollRequestDto,
  ) {
    return this.enroll.execute(p, id, dto.enrollments);
  }
}
