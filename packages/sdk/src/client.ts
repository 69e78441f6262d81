import { randomUUID } from 'node:crypto';
import {
  ChannelCredentials,
  Metadata,
  credentials as grpcCredentials,
  type CallOptions as GrpcCallOptions,
  type ChannelOptions,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import * as api from './generated/kalcifer/api/v1/public_api';
import { KalciferError } from './errors';
import { DEFAULT_RETRY, abortError, backoffMs, isRetryable, sleep, type RetryPolicy } from './retry';
import { WatchStream, type WatchOptions } from './watch';

export interface KalciferClientOptions {
  /** The gateway's gRPC address, e.g. `localhost:50061` (its PUBLIC_GRPC_PORT). */
  address: string;
  /** A workspace API key (`kal_...`), sent as `authorization: Bearer <key>`. */
  apiKey?: string;
  /** Or a JWT (console users); a function is asked before every attempt, so it may refresh it. */
  token?: string | (() => string | Promise<string>);
  /**
   * TLS: `true` trusts the system's roots; `{ ca }` trusts this PEM certificate authority instead
   * (a private CA, or a self-signed gateway certificate: the gateway's PUBLIC_GRPC_TLS_CERT_FILE);
   * or any grpc-js credentials. Default: plaintext.
   */
  tls?: boolean | TlsOptions | ChannelCredentials;
  /** Deadline of each call, retries included (default 10 s); per call: `{deadlineMs}`. */
  deadlineMs?: number;
  /** Retries of UNAVAILABLE and RESOURCE_EXHAUSTED for idempotent calls; false: none. */
  retry?: Partial<RetryPolicy> | false;
  /** Passed to the grpc-js channel (keepalive, message sizes...). */
  channelOptions?: ChannelOptions;
}

export interface TlsOptions {
  /** PEM certificate(s) of the authority that signed the gateway's certificate. */
  ca: string | Buffer;
}

export interface CallOptions {
  /** This call's deadline, retries included. */
  deadlineMs?: number;
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy> | false;
}

/** What `enroll` takes: `enrollmentId` is the idempotency key (the SDK makes one when absent). */
export interface EnrollmentInput {
  customerId: string;
  context?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  enrollmentId?: string;
}

/** What `sendEvent(s)` takes: `id` is the idempotency key (the SDK makes one when absent). */
export interface EventInput {
  customerId: string;
  name: string;
  properties?: Record<string, unknown>;
  /** When it happened: epoch milliseconds or a Date (default: when received). */
  timestamp?: number | Date;
  id?: string;
}

export interface PublishInput {
  strategy?: 'new_entries_only' | 'migrate_all' | 'gradual';
  note?: string;
  dryRun?: boolean;
  mapping?: Record<string, string | { policy: 'skip' | 'exit' | 'hold' }>;
  removedNodePolicy?: 'skip' | 'exit' | 'hold';
  rollout?: { percent: number; schedule?: { percent: number; at: string }[] };
}

/** A watch outlives a gateway restart: 30 attempts in a row, backoff up to 5 s (about 1-2 minutes). */
const WATCH_RECONNECT: RetryPolicy = { ...DEFAULT_RETRY, maxAttempts: 30 };

type Service = typeof api.PublicApiServiceService;
/** The unary methods of the service (all but watch), with their request and response types. */
type UnaryMethod = Exclude<keyof Service, 'watch'>;
type RequestOf<M extends UnaryMethod> = ReturnType<Service[M]['requestDeserialize']>;
type ResponseOf<M extends UnaryMethod> = ReturnType<Service[M]['responseDeserialize']>;

/**
 * A typed client of Kalcifer's public gRPC API. Reads, enrollments and events are retried on
 * UNAVAILABLE and RESOURCE_EXHAUSTED (enrollments and events carry idempotency keys, so a retry is
 * never counted twice); creating, publishing and status changes are not retried. Every call has
 * a deadline. `watch` streams the workspace's journey events and resumes where it stopped.
 */
export class KalciferClient {
  private readonly client: api.PublicApiServiceClient;
  private readonly deadlineMs: number;
  private readonly retry: RetryPolicy | false;

  constructor(private readonly options: KalciferClientOptions) {
    if (!options.apiKey && !options.token)
      throw new TypeError('KalciferClient needs an apiKey or a token (JWT)');
    const tls = options.tls;
    const creds =
      tls === true
        ? grpcCredentials.createSsl()
        : tls instanceof ChannelCredentials
          ? tls
          : tls
            ? grpcCredentials.createSsl(typeof tls.ca === 'string' ? Buffer.from(tls.ca) : tls.ca)
            : grpcCredentials.createInsecure();
    this.client = new api.PublicApiServiceClient(options.address, creds, options.channelOptions);
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.retry = options.retry === false ? false : { ...DEFAULT_RETRY, ...options.retry };
  }

  close(): void {
    this.client.close();
  }

  // Journeys

  async createJourney(
    input: { name: string; description?: string; graph?: Record<string, unknown> },
    options?: CallOptions,
  ): Promise<api.Journey> {
    const req: api.CreateJourneyRequest = {
      name: input.name,
      description: input.description ?? '',
      graph: input.graph,
    };
    return (await this.call('createJourney', req, false, options)).journey!;
  }

  listJourneys(
    input: { status?: string; limit?: number; cursor?: string } = {},
    options?: CallOptions,
  ): Promise<api.ListJourneysResponse> {
    const req: api.ListJourneysRequest = {
      status: input.status ?? '',
      limit: input.limit ?? 0,
      cursor: input.cursor ?? '',
    };
    return this.call('listJourneys', req, true, options);
  }

  async getJourney(journeyId: string, options?: CallOptions): Promise<api.Journey> {
    return (await this.call('getJourney', { journeyId }, true, options)).journey!;
  }

  /** Replaces the draft graph (a PUT: the same call twice leaves the same draft, so it is retried). */
  async updateDraft(
    journeyId: string,
    input: { graph: Record<string, unknown>; name?: string; description?: string },
    options?: CallOptions,
  ): Promise<api.Journey> {
    const req: api.UpdateDraftRequest = {
      journeyId,
      graph: input.graph,
      name: input.name ?? '',
      description: input.description ?? '',
    };
    return (await this.call('updateDraft', req, true, options)).journey!;
  }

  publishVersion(
    journeyId: string,
    input: PublishInput = {},
    options?: CallOptions,
  ): Promise<api.PublishVersionResponse> {
    const req: api.PublishVersionRequest = {
      journeyId,
      strategy: input.strategy ?? '',
      note: input.note ?? '',
      dryRun: input.dryRun ?? false,
      mapping: input.mapping,
      removedNodePolicy: input.removedNodePolicy ?? '',
      rollout: input.rollout && { percent: input.rollout.percent, schedule: input.rollout.schedule ?? [] },
    };
    return this.call('publishVersion', req, false, options);
  }

  async listVersions(journeyId: string, options?: CallOptions): Promise<api.JourneyVersion[]> {
    return (await this.call('listVersions', { journeyId }, true, options)).versions;
  }

  async getVersion(journeyId: string, version: number, options?: CallOptions): Promise<api.JourneyVersion> {
    return (await this.call('getVersion', { journeyId, version }, true, options)).version!;
  }

  activateJourney(journeyId: string, options?: CallOptions): Promise<api.Journey> {
    return this.setJourneyStatus(journeyId, 'activate', options);
  }

  pauseJourney(journeyId: string, options?: CallOptions): Promise<api.Journey> {
    return this.setJourneyStatus(journeyId, 'pause', options);
  }

  resumeJourney(journeyId: string, options?: CallOptions): Promise<api.Journey> {
    return this.setJourneyStatus(journeyId, 'resume', options);
  }

  archiveJourney(journeyId: string, options?: CallOptions): Promise<api.Journey> {
    return this.setJourneyStatus(journeyId, 'archive', options);
  }

  private async setJourneyStatus(
    journeyId: string,
    action: 'activate' | 'pause' | 'resume' | 'archive',
    options?: CallOptions,
  ): Promise<api.Journey> {
    return (await this.call('setJourneyStatus', { journeyId, action }, false, options)).journey!;
  }

  // Enrollments and events (idempotency keys filled in here, so retries are safe)

  async enroll(
    journeyId: string,
    enrollments: EnrollmentInput | EnrollmentInput[],
    options?: CallOptions,
  ): Promise<api.AcceptedEnrollment[]> {
    const list = Array.isArray(enrollments) ? enrollments : [enrollments];
    const req: api.EnrollCustomersRequest = {
      journeyId,
      enrollments: list.map((e) => ({
        customerId: e.customerId,
        context: e.context,
        attributes: e.attributes,
        enrollmentId: e.enrollmentId ?? randomUUID(),
      })),
    };
    return (await this.call('enrollCustomers', req, true, options)).accepted;
  }

  /** Sends one event; resolves to its id. */
  async sendEvent(event: EventInput, options?: CallOptions): Promise<string> {
    const { ids } = await this.sendEvents([event], options);
    return ids[0];
  }

  sendEvents(events: EventInput[], options?: CallOptions): Promise<api.SendEventsResponse> {
    const req: api.SendEventsRequest = {
      events: events.map((e) => ({
        customerId: e.customerId,
        name: e.name,
        properties: e.properties,
        timestamp: e.timestamp instanceof Date ? e.timestamp.getTime() : e.timestamp,
        id: e.id ?? randomUUID(),
      })),
    };
    return this.call('sendEvents', req, true, options);
  }

  // Instances

  listInstances(
    input: { journeyId?: string; customerId?: string; status?: string; limit?: number; cursor?: string } = {},
    options?: CallOptions,
  ): Promise<api.ListInstancesResponse> {
    const req: api.ListInstancesRequest = {
      journeyId: input.journeyId ?? '',
      customerId: input.customerId ?? '',
      status: input.status ?? '',
      limit: input.limit ?? 0,
      cursor: input.cursor ?? '',
    };
    return this.call('listInstances', req, true, options);
  }

  async getInstance(instanceId: string, options?: CallOptions): Promise<api.Instance> {
    return (await this.call('getInstance', { instanceId }, true, options)).instance!;
  }

  pauseInstance(
    instanceId: string,
    reason = '',
    options?: CallOptions,
  ): Promise<api.CommandInstanceResponse> {
    return this.call('commandInstance', { instanceId, action: 'pause', reason }, false, options);
  }

  resumeInstance(
    instanceId: string,
    reason = '',
    options?: CallOptions,
  ): Promise<api.CommandInstanceResponse> {
    return this.call('commandInstance', { instanceId, action: 'resume', reason }, false, options);
  }

  exitInstance(instanceId: string, reason = '', options?: CallOptions): Promise<api.CommandInstanceResponse> {
    return this.call('commandInstance', { instanceId, action: 'exit', reason }, false, options);
  }

  // Live journey events

  /**
   * The workspace's journey events as an async iterator, one entry per instance step. Resumes
   * after `afterSequence` when given (the last `sequence` your code handled), else starts with
   * what happens from now on. On UNAVAILABLE (a gateway restarting) it reconnects by itself after
   * the last entry it yielded, so nothing is lost or repeated. `close()` ends it.
   */
  watch(
    filter: { journeyId?: string; types?: string[]; afterSequence?: number } = {},
    options: WatchOptions = {},
  ): WatchStream {
    return new WatchStream(
      (afterSequence, metadata) =>
        this.client.watch(
          { journeyId: filter.journeyId ?? '', types: filter.types ?? [], afterSequence },
          metadata,
        ),
      () => this.metadata(),
      filter.afterSequence,
      { retry: WATCH_RECONNECT, reconnect: this.retry !== false, ...options },
    );
  }

  private async metadata(): Promise<Metadata> {
    const metadata = new Metadata();
    const { apiKey, token } = this.options;
    const credential = apiKey ?? (typeof token === 'function' ? await token() : token);
    metadata.set('authorization', `Bearer ${credential}`);
    return metadata;
  }

  private async call<M extends UnaryMethod>(
    method: M,
    request: RequestOf<M>,
    idempotent: boolean,
    options: CallOptions = {},
  ): Promise<ResponseOf<M>> {
    const deadline = Date.now() + (options.deadlineMs ?? this.deadlineMs);
    const policy =
      options.retry === false ? false : options.retry ? { ...DEFAULT_RETRY, ...options.retry } : this.retry;
    const maxAttempts = idempotent && policy ? policy.maxAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(method, request, deadline, options.signal);
      } catch (err) {
        if (!policy || attempt >= maxAttempts || !isRetryable(err)) throw err;
        const wait = backoffMs(policy, attempt, err);
        // A retry that could not finish before the deadline is not worth starting.
        if (Date.now() + wait >= deadline) throw err;
        await sleep(wait, options.signal);
      }
    }
  }

  private async attempt<M extends UnaryMethod>(
    method: M,
    request: unknown,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<ResponseOf<M>> {
    if (signal?.aborted) throw abortError();
    const metadata = await this.metadata();
    return new Promise((resolve, reject) => {
      const fn = (this.client as unknown as Record<string, unknown>)[method] as (
        request: unknown,
        metadata: Metadata,
        options: Partial<GrpcCallOptions>,
        callback: (error: ServiceError | null, response: ResponseOf<M>) => void,
      ) => ClientUnaryCall;
      const onAbort = () => call.cancel();
      const call = fn.call(this.client, request, metadata, { deadline: new Date(deadline) }, (err, res) => {
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(signal?.aborted ? abortError() : KalciferError.fromServiceError(err));
        else resolve(res);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
