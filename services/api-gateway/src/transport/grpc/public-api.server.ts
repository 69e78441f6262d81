import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
  type sendUnaryData,
} from '@grpc/grpc-js';
import { MAX_JSON_DEPTH, publicApiGrpc } from '@kalcifer/contracts';
import { AppError, invalid, type Logger } from '@kalcifer/platform';
import type { AuditTrail } from '../../application/audit-trail';
import type { AuthenticateApiKey } from '../../application/authenticate-api-key';
import { assertBodyWithinLimits } from '../../application/input-limits';
import { roleAllows, roleNeeded } from '../../application/permissions';
import type { Principal } from '../../application/principal';
import type { Quotas } from '../../application/workspace-quotas';
import type { GatewayMetrics } from '../../ports/gateway-metrics.port';
import { grpcMetricsInterceptor } from './grpc-metrics.interceptor';
import { toPublicStatus } from './grpc-status';
import type { PublicApiHandlers } from './public-api.handlers';
import { toJournalEntry } from './public-api.mapping';
import { RPC_POLICIES, type RpcName } from './rpc-permissions';
import { ReadinessHealth, addReflection } from './standard-services';

const UNREADABLE = Symbol('unreadable');

/**
 * The service with decoders that do not throw: a message protobuf cannot decode (e.g. a Struct
 * nested past the decoder's recursion limit) reaches admit() as a marker, so the caller is
 * authenticated first and then told INVALID_ARGUMENT, not grpc-js's INTERNAL parse failure.
 */
const definition = Object.fromEntries(
  Object.entries(publicApiGrpc.PublicApiServiceService).map(([rpc, method]) => [
    rpc,
    {
      ...method,
      requestDeserialize: (buffer: Buffer): unknown => {
        try {
          return method.requestDeserialize(buffer);
        } catch (err) {
          return { [UNREADABLE]: err instanceof Error ? err.message : String(err) };
        }
      },
    },
  ]),
) as unknown as typeof publicApiGrpc.PublicApiServiceService;

function assertReadable(request: object): void {
  const problem = (request as { [UNREADABLE]?: string })[UNREADABLE];
  if (problem === undefined) return;
  if (/recursion limit/.test(problem))
    throw invalid(
      'body_too_deep',
      `the request nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep; flatten the data`,
    );
  throw invalid('invalid_message', `the request is not a valid protobuf message of this RPC: ${problem}`);
}
type UnaryRpc = Exclude<RpcName, 'watch'>;

export interface PublicGrpcDeps {
  handlers: PublicApiHandlers;
  authenticate: AuthenticateApiKey;
  quotas: Quotas;
  audit: AuditTrail;
  logger: Logger;
  metrics: Pick<GatewayMetrics, 'observeGrpcCall'>;
  /** Whether the gateway is ready (GET /readyz): the grpc.health.v1 status follows it. */
  ready: () => Promise<boolean>;
  /** Serve grpc.reflection (PUBLIC_GRPC_REFLECTION). */
  reflection: boolean;
}

/** `ipv4:10.0.0.7:52144` or `[::1]:52144` -> the address alone, as REST records `req.ip`. */
export function addressOf(peer: string): string {
  const bare = peer.replace(/^ipv[46]:/, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(bare);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(bare);
  return v4 ? v4[1] : bare;
}

/** `CreateJourney`, as clients name the method. */
const methodName = (rpc: RpcName) => definition[rpc].path.split('/').pop() ?? rpc;

/**
 * The credential of a call, as REST reads it: metadata `authorization: Bearer <API key or JWT>`,
 * or `x-api-key: <API key>`.
 */
export function authorizationOf(metadata: Metadata): string | undefined {
  const authorization = metadata.get('authorization')[0];
  if (typeof authorization === 'string' && authorization.trim() !== '') return authorization;
  const apiKey = metadata.get('x-api-key')[0];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return `Bearer ${apiKey.trim()}`;
  return undefined;
}

/**
 * The gateway's public API over gRPC (proto/kalcifer/api/v1/public_api.proto). Each call is
 * authenticated like a REST request, held to its RPC's permission (rpc-permissions.ts) and to the
 * workspace's rate limits and quotas, then handed to the same use cases REST uses; configuration
 * changes are audited like their routes.
 */
export class PublicGrpcServer {
  private readonly server: Server;
  private readonly health: ReadinessHealth;
  private readonly watches = new Set<ServerWritableStream<unknown, unknown>>();

  constructor(private readonly deps: PublicGrpcDeps) {
    this.server = new Server({
      'grpc.max_receive_message_length': 4 * 1024 * 1024,
      // Pings on idle connections: a watch through a proxy stays open, and a client that vanished
      // (no FIN) is noticed within ~40 s, so its journal consumer is closed.
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      interceptors: [grpcMetricsInterceptor(deps.metrics)],
    });
    const impl: Record<string, unknown> = { watch: this.watch.bind(this) };
    for (const rpc of Object.keys(definition) as RpcName[]) if (rpc !== 'watch') impl[rpc] = this.unary(rpc);
    this.server.addService(definition, impl as unknown as publicApiGrpc.PublicApiServiceServer);
    this.health = new ReadinessHealth(deps.ready, deps.logger);
    this.health.addToServer(this.server);
    if (deps.reflection) addReflection(this.server);
  }

  /** Serves on host:port (plaintext unless TLS credentials are given); the bound port. */
  async listen(
    host: string,
    port: number,
    credentials: ServerCredentials = ServerCredentials.createInsecure(),
  ): Promise<number> {
    await this.health.start();
    const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    return new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, credentials, (err, bound) => {
        if (!err) return resolve(bound);
        this.health.stop();
        reject(err);
      }),
    );
  }

  /**
   * Health turns NOT_SERVING, open watches end with UNAVAILABLE (clients resume elsewhere), then
   * unary calls are awaited.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.health.stop();
    for (const call of this.watches)
      this.fail(
        call,
        new AppError(
          'unavailable',
          'shutting_down',
          'the gateway is shutting down; resume with after_sequence',
        ),
        'Watch',
      );
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  /** Who calls, whether their role may, and whether the workspace's limits admit the call. */
  private async admit(
    rpc: RpcName,
    metadata: Metadata,
    request: Record<string, unknown>,
  ): Promise<Principal> {
    const p = await this.deps.authenticate.execute(authorizationOf(metadata));
    const policy = RPC_POLICIES[rpc];
    if (!policy)
      throw new AppError(
        'forbidden',
        'rpc_without_permission',
        `${methodName(rpc)} declares no permission and is refused`,
      );
    if (!roleAllows(p.role, policy.permission))
      throw new AppError(
        'forbidden',
        'insufficient_role',
        `${methodName(rpc)} needs the ${roleNeeded(policy.permission)} role or above; this ${p.actor} has the ${p.role} role`,
        { required: roleNeeded(policy.permission), role: p.role },
      );
    const work =
      rpc === 'sendEvents'
        ? this.deps.quotas.admitEvents(p, Array.isArray(request.events) ? request.events.length : 1)
        : rpc === 'setJourneyStatus' && (request.action === 'activate' || request.action === 'resume')
          ? this.deps.quotas.admitActivation(p, String(request.journeyId))
          : rpc === 'enrollCustomers'
            ? this.deps.quotas.admitEntries(
                p.workspaceId,
                Array.isArray(request.enrollments) ? request.enrollments.length : 1,
              )
            : undefined;
    await Promise.all([this.deps.quotas.admitRequest(p), work]);
    // The limits of every REST body (depth, sizes, characters), for the same reasons.
    assertReadable(request);
    assertBodyWithinLimits(request);
    return p;
  }

  private unary(rpc: UnaryRpc) {
    const handler = this.deps.handlers[rpc].bind(this.deps.handlers) as (
      p: Principal,
      r: unknown,
    ) => Promise<unknown>;
    return (call: ServerUnaryCall<Record<string, unknown>, unknown>, callback: sendUnaryData<unknown>) => {
      (async () => {
        const p = await this.admit(rpc, call.metadata, call.request);
        const response = await handler(p, call.request);
        await this.audit(rpc, p, call, response);
        return response;
      })().then(
        (response) => callback(null, response),
        (err: unknown) => callback(this.status(err, rpc)),
      );
    };
  }

  private async audit(
    rpc: RpcName,
    p: Principal,
    call: ServerUnaryCall<Record<string, unknown>, unknown>,
    response: unknown,
  ): Promise<void> {
    const rule = RPC_POLICIES[rpc].audit;
    const action = typeof rule === 'function' ? rule(call.request) : rule;
    if (!action) return;
    const target: Record<string, string> = {};
    if (typeof call.request.journeyId === 'string' && call.request.journeyId !== '')
      target.id = call.request.journeyId;
    const createdId =
      rpc === 'createJourney' ? (response as publicApiGrpc.CreateJourneyResponse).journey?.id : undefined;
    const entry = {
      workspaceId: p.workspaceId,
      at: new Date(),
      actor: p.actor,
      role: p.role,
      action,
      route: `gRPC ${methodName(rpc)}`,
      target,
      ...(createdId ? { createdId } : {}),
      ip: addressOf(call.getPeer()),
      userAgent: String(call.metadata.get('user-agent')[0] ?? ''),
    };
    // As on REST: the change happened; a failed audit write is logged, not turned into an error.
    await this.deps.audit.record(entry).catch((err: unknown) => {
      this.deps.logger.error({ err, audit: entry }, 'audit entry could not be written');
    });
  }

  private watch(call: ServerWritableStream<publicApiGrpc.WatchRequest, publicApiGrpc.WatchResponse>): void {
    const raw = call as unknown as ServerWritableStream<unknown, unknown>;
    (async () => {
      const p = await this.admit('watch', call.metadata, call.request as unknown as Record<string, unknown>);
      const events = await this.deps.handlers.watch(p, call.request);
      let stopped = false;
      const stop = () => {
        if (stopped) return;
        stopped = true;
        this.watches.delete(raw);
        void events.close();
      };
      this.watches.add(raw);
      call.on('cancelled', stop);
      call.on('close', stop);
      if (call.cancelled) stop();
      // Headers now: the client knows it is subscribed (REST's ': subscribed' comment).
      call.sendMetadata(new Metadata());
      const gap = events.gap;
      if (gap)
        call.write({ gap: { lastSequence: gap.lastEventId, firstAvailableSequence: gap.firstAvailableId } });
      try {
        for await (const event of events) {
          if (stopped) break;
          // A slow reader holds the consumer back instead of growing this process's buffers.
          if (!call.write({ entry: toJournalEntry(event) }) && !stopped)
            await new Promise((resolve) => {
              call.once('drain', resolve);
              call.once('cancelled', resolve);
            });
        }
      } finally {
        stop();
      }
      if (!call.cancelled && !call.writableEnded) call.end();
    })().catch((err: unknown) => this.fail(raw, err, 'Watch'));
  }

  private fail(call: ServerWritableStream<unknown, unknown>, err: unknown, method: string): void {
    this.watches.delete(call);
    if (call.cancelled || call.writableEnded) return;
    call.emit('error', this.status(err, method));
  }

  private status(err: unknown, rpc: string): Partial<ServiceError> {
    return toPublicStatus(err, this.deps.logger, rpc);
  }
}
