import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import type { Principal } from '../../application/principal';
import { CreateJourney } from '../../application/create-journey';
import { JourneyOccupancy } from '../../application/journey-occupancy';
import { JourneyQueries } from '../../application/journey-queries';
import { UpdateDraft } from '../../application/update-draft';
import { ValidateJourney } from '../../application/validate-journey';
import { CurrentPrincipal } from './principal.decorator';
import {
  createJourneySchema,
  listJourneysQuerySchema,
  updateDraftSchema,
  validateJourneySchema,
  type CreateJourneyDto,
  type ListJourneysQuery,
  type UpdateDraftDto,
  type ValidateJourneyDto,
} from './schemas/journeys.schema';
import { PATH_ID } from './schemas/path-params.schema';
import { ZodPipe } from './zod.pipe';

@Controller('v1/journeys')
export class JourneysController {
  constructor(
    private readonly createJourney: CreateJourney,
    private readonly journeys: JourneyQueries,
    private readonly updateDraft: UpdateDraft,
    private readonly validateJourney: ValidateJourney,
    private readonly journeyOccupancy: JourneyOccupancy,
  ) {}

  @Post()
  create(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(createJourneySchema)) dto: CreateJourneyDto) {
    return this.createJourney.execute(p, dto);
  }

  @Get()
  list(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(listJourneysQuerySchema, 'query')) query: ListJourneysQuery,
  ) {
    return this.journeys.list(p, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.journeys.get(p, id);
  }

  @Get(':id/occupancy')
  occupancy(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) id: string) {
    return this.journeyOccupancy.execute(p, id);
  }

  @Put(':id/draft')
  saveDraft(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(updateDraftSchema)) dto: UpdateDraftDto,
  ) {
    return this.updateDraft.execute(p, id, dto);
  }

  @Post(':id/validate')
  @HttpCode(200)
  validate(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) id: string,
    @Body(new ZodPipe(validateJourneySchema)) dto: ValidateJourneyDto,
  ) {
    return this.validateJourney.execute(p, id, dto.graph);
  }
}
