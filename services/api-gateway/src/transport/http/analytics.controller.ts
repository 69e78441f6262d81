import { Controller, Get, Param, Query } from '@nestjs/common';
import { JourneyAnalytics } from '../../application/journey-analytics';
import type { Principal } from '../../application/principal';
import { CurrentPrincipal } from './principal.decorator';
import {
  analyticsQuerySchema,
  funnelQuerySchema,
  type AnalyticsQuery,
  type FunnelQuery,
} from './schemas/analytics.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

/** A journey's analytics over a time range (docs/api.md, "Analytics"; docs/analytics.md). */
@Controller('v1/journeys/:id/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: JourneyAnalytics) {}

  @Get()
  summary(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) journeyId: string,
    @Query(new ZodPipe(analyticsQuerySchema, 'query')) query: AnalyticsQuery,
  ) {
    return this.analytics.summary(p, journeyId, query);
  }

  @Get('nodes')
  nodes(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) journeyId: string,
    @Query(new ZodPipe(analyticsQuerySchema, 'query')) query: AnalyticsQuery,
  ) {
    return this.analytics.nodes(p, journeyId, query);
  }

  @Get('ab-results')
  abResults(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) journeyId: string,
    @Query(new ZodPipe(analyticsQuerySchema, 'query')) query: AnalyticsQuery,
  ) {
    return this.analytics.abResults(p, journeyId, query);
  }

  @Get('funnel')
  funnel(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) journeyId: string,
    @Query(new ZodPipe(funnelQuerySchema, 'query')) query: FunnelQuery,
  ) {
    return this.analytics.funnel(p, journeyId, query, query.path);
  }
}
