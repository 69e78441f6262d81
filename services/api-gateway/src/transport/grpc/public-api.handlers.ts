import { Injectable } from '@nestjs/common';
import { z, type ZodType, type ZodTypeDef } from 'zod';
import type { publicApiGrpc as api } from '@kalcifer/contracts';
import { ChangeJourneyStatus } from '../../application/change-journey-status';
import { CommandInstance } from '../../application/command-instance';
import { CreateJourney } from '../../application/create-journey';
import { EnrollCustomers } from '../../application/enroll-customers';
import { IngestEvents } from '../../application/ingest-events';
import { InstanceQueries } from '../../application/instance-queries';
import { JourneyQueries } from '../../application/journey-queries';
import type { Principal } from '../../application/principal';
import { PublishVersion } from '../../application/publish-version';
import { StreamJournal, type JournalStream } from '../../application/stream-journal';
import { UpdateDraft } from '../../application/update-draft';
import { idSchema } from '../http/schemas/common.schema';
import { enrollRequestSchema } from '../http/schemas/enrollments.schema';
import { namedErrors } from '../http/schemas/error-map';
import { eventBatchSchema } from '../http/schemas/events.schema';
import { listInstancesQuerySchema } from '../http/schemas/instances.schema';
import {
  JOURNEY_ACTIONS,
  createJourneySchema,
  listJourneysQuerySchema,
  updateDraftSchema,
} from '../http/schemas/journeys.schema';
import { streamQuerySchema } from '../http/schemas/stream.schema';
import { publishVersionSchema, versionNumberSchema } from '../http/schemas/versions.schema';
import { requestError } from '../http/zod.pipe';
import {
  requestBodies,
  str,
  toInstance,
  toJourney,
  toPublishResponse,
  toVersion,
} from './public-api.mapping';

/** Validates a request (as its REST twin's schema does) or throws `invalid_request` naming the fields. */
function parse<T>(schema: ZodType<T, ZodTypeDef, unknown>, value: unknown): T {
  const result = schema.safeParse(value, { errorMap: namedErrors });
  if (result.success) return result.data;
  throw requestError(result.error.issues, 'message');
}

const journeyId = idSchema('journeyId', 'the id of the journey, e.g. jr_AbC123');
const instanceId = idSchema('instanceId', 'the id of the instance');
const statusAction = z.enum(JOURNEY_ACTIONS, {
  errorMap: () => ({ message: `action must be one of ${JOURNEY_ACTIONS.join(', ')}` }),
});
const INSTANCE_ACTIONS = ['pause', 'resume', 'exit'] as const;
const instanceAction = z.enum(INSTANCE_ACTIONS, {
  errorMap: () => ({ message: `action must be one of ${INSTANCE_ACTIONS.join(', ')}` }),
});
const version = versionNumberSchema;

const field = <T>(name: string, schema: ZodType<T, ZodTypeDef, unknown>) => z.object({ [name]: schema });
const one = <T>(name: string, schema: ZodType<T, ZodTypeDef, unknown>, value: unknown): T =>
  (parse(field(name, schema), { [name]: value }) as Record<string, T>)[name];

/**
 * The public gRPC API's operations: each validates its message with the schema its REST route
 * uses and calls the same use case, so both transports share every rule. Access (role, quotas) and
 * audit are the server's (public-api.server.ts).
 */
@Injectable()
export class PublicApiHandlers {
  constructor(
    private readonly createJourneyUseCase: CreateJourney,
    private readonly journeys: JourneyQueries,
    private readonly updateDraftUseCase: UpdateDraft,
    private readonly publishVersionUseCase: PublishVersion,
    private readonly changeStatus: ChangeJourneyStatus,
    private readonly enroll: EnrollCustomers,
    private readonly ingest: IngestEvents,
    private readonly instances: InstanceQueries,
    private readonly command: CommandInstance,
    private readonly journal: StreamJournal,
  ) {}

  async createJourney(p: Principal, r: api.CreateJourneyRequest): Promise<api.CreateJourneyResponse> {
    const dto = parse(createJourneySchema, requestBodies.createJourney(r));
    return { journey: toJourney(await this.createJourneyUseCase.execute(p, dto)) };
  }

  async listJourneys(p: Principal, r: api.ListJourneysRequest): Promise<api.ListJourneysResponse> {
    const query = parse(listJourneysQuerySchema, requestBodies.listJourneys(r));
    const page = await this.journeys.list(p, query);
    return { journeys: page.journeys.map(toJourney), nextCursor: page.nextCursor ?? '' };
  }

  async getJourney(p: Principal, r: api.GetJourneyRequest): Promise<api.GetJourneyResponse> {
    return { journey: toJourney(await this.journeys.get(p, one('journeyId', journeyId, str(r.journeyId)))) };
  }

  async updateDraft(p: Principal, r: api.UpdateDraftRequest): Promise<api.UpdateDraftResponse> {
    const id = one('journeyId', journeyId, str(r.journeyId));
    const dto = parse(updateDraftSchema, requestBodies.updateDraft(r));
    return { journey: toJourney(await this.updateDraftUseCase.execute(p, id, dto)) };
  }

  async publishVersion(p: Principal, r: api.PublishVersionRequest): Promise<api.PublishVersionResponse> {
    const id = one('journeyId', journeyId, str(r.journeyId));
    const dto = parse(publishVersionSchema, requestBodies.publishVersion(r));
    return toPublishResponse(await this.publishVersionUseCase.execute(p, id, dto));
  }

  async listVersions(p: Principal, r: api.ListVersionsRequest): Promise<api.ListVersionsResponse> {
    const id = one('journeyId', journeyId, str(r.journeyId));
    return { versions: (await this.journeys.listVersions(p, id)).versions.map(toVersion) };
  }

  async getVersion(p: Principal, r: api.GetVersionRequest): Promise<api.GetVersionResponse> {
    const { journeyId: id, version: n } = parse(z.object({ journeyId, version }), {
      journeyId: str(r.journeyId),
      version: r.version,
    });
    return { version: toVersion(await this.journeys.getVersion(p, id, n)) };
  }

  async setJourneyStatus(
    p: Principal,
    r: api.SetJourneyStatusRequest,
  ): Promise<api.SetJourneyStatusResponse> {
    const { journeyId: id, action } = parse(z.object({ journeyId, action: statusAction }), {
      journeyId: str(r.journeyId),
      action: str(r.action),
    });
    return { journey: toJourney(await this.changeStatus.execute(p, id, action)) };
  }

  async enrollCustomers(p: Principal, r: api.EnrollCustomersRequest): Promise<api.EnrollCustomersResponse> {
    const id = one('journeyId', journeyId, str(r.journeyId));
    const dto = parse(enrollRequestSchema, requestBodies.enrollCustomers(r));
    return this.enroll.execute(p, id, dto.enrollments);
  }

  async sendEvents(p: Principal, r: api.SendEventsRequest): Promise<api.SendEventsResponse> {
    const dto = parse(eventBatchSchema, requestBodies.sendEvents(r));
    return this.ingest.batch(p, dto.events);
  }

  async listInstances(p: Principal, r: api.ListInstancesRequest): Promise<api.ListInstancesResponse> {
    const query = parse(listInstancesQuerySchema, requestBodies.listInstances(r));
    const page = await this.instances.list(p, query);
    return { instances: page.instances.map(toInstance), nextCursor: page.nextCursor ?? '' };
  }

  async getInstance(p: Principal, r: api.GetInstanceRequest): Promise<api.GetInstanceResponse> {
    const id = one('instanceId', instanceId, str(r.instanceId));
    return { instance: toInstance(await this.instances.get(p, id)) };
  }

  async commandInstance(p: Principal, r: api.CommandInstanceRequest): Promise<api.CommandInstanceResponse> {
    const { instanceId: id, action } = parse(z.object({ instanceId, action: instanceAction }), {
      instanceId: str(r.instanceId),
      action: str(r.action),
    });
    return this.command.execute(p, id, action, r.reason === '' ? undefined : { reason: r.reason });
  }

  /** Subscribed when it resolves: whatever happens from then on is in the stream. */
  async watch(p: Principal, r: api.WatchRequest): Promise<JournalStream> {
    const query = parse(streamQuerySchema, requestBodies.watch(r));
    return this.journal.open(p, {
      journeyId: query.journeyId,
      types: query.types,
      afterSeq: query.lastEventId,
    });
  }
}
