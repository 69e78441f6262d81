import {
  Metadata,
  Server,
  ServerCredentials,
  credentials,
  makeGenericClientConstructor,
  status,
  type CallOptions,
  type ServiceDefinition,
  type ServiceError,
  type UntypedServiceImplementation,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { AppError, type ErrorKind } from '../errors';
import type { Logger } from '../logger';
import { logContextOf, withLogContext } from '../logger';
import {
  SpanKind,
  activeContext,
  beginOutgoing,
  beginWork,
  endWork,
  extractContext,
  injectContext,
  runInContext,
} from '../telemetry';

/** The shape of a ts-proto `outputServices=grpc-js` service definition. */
type MethodDef = {
  path: string;
  requestSerialize: (value: never) => Buffer;
  requestDeserialize: (value: Buffer) => unknown;
  responseSerialize: (value: never) => Buffer;
  responseDeserialize: (value: Buffer) => unknown;
};
export type ServiceDef = Record<string, MethodDef>;

/** How a generic client calls one unary method (request, metadata, options, callback). */
type UnaryClientMethod = (
  request: unknown,
  metadata: Metadata,
  options: CallOptions,
  callback: (err: ServiceError | null, res: unknown) => void,
) => void;

type Req<M extends MethodDef> = ReturnType<M['requestDeserialize']>;
type Res<M extends MethodDef> = ReturnType<M['responseDeserialize']>;

/** A service implemented with async functions instead of callbacks. */
export type AsyncService<D extends ServiceDef> = {
  [K in keyof D]: (request: Req<D[K]>) => Promise<Res<D[K]>>;
};

const KIND_TO_STATUS: Record<ErrorKind, status> = {
  invalid: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  conflict: status.FAILED_PRECONDITION,
  unauthenticated: status.UNAUTHENTICATED,
  forbidden: status.PERMISSION_DENIED,
  unavailable: status.UNAVAILABLE,
};
const STATUS_TO_KIND = new Map<status, ErrorKind>(
  Object.entries(KIND_TO_STATUS).map(([k, s]) => [s, k as ErrorKind]),
);

/** Error details above this size travel as `{truncated: true}`: metadata is an HTTP/2 header. */
const MAX_DETAILS_BYTES = 8_192;
/** Messages are cut to this many characters (they may quote the input, which can be huge). */
const MAX_MESSAGE_CHARS = 2_000;

const cut = (message: string) =>
  message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}... (cut)` : message;

/**
 * Maps an error to a gRPC status once; AppErrors keep their code and details in metadata. The
 * details go as binary metadata (`-bin`): a text value must be printable ASCII, and grpc-js
 * throws on anything else, which used to crash the service on an error quoting an emoji.
 */
export function toServiceError(err: unknown, logger: Logger, method: string): Partial<ServiceError> {
  const metadata = new Metadata();
  if (err instanceof AppError) {
    metadata.set('x-error-code', err.code);
    if (err.details !== undefined) {
      const json = Buffer.from(JSON.stringify(err.details));
      metadata.set(
        'x-error-details-bin',
        json.length <= MAX_DETAILS_BYTES ? json : Buffer.from(JSON.stringify({ truncated: true })),
      );
    }
    return { code: KIND_TO_STATUS[err.kind], details: cut(err.message), metadata };
  }
  logger.error({ err, method }, 'grpc handler failed');
  metadata.set('x-error-code', 'internal');
  return { code: status.INTERNAL, details: 'internal error', metadata };
}

/** toServiceError that cannot throw: a failure to describe an error must not end the process. */
function safeServiceError(err: unknown, logger: Logger, method: string): Partial<ServiceError> {
  try {
    return toServiceError(err, logger, method);
  } catch (mappingError) {
    logger.error({ err, mappingError, method }, 'grpc error could not be mapped');
    return { code: status.INTERNAL, details: 'internal error' };
  }
}

/** Turns a gRPC failure back into an AppError (or a plain Error for internal/transport faults). */
export function fromServiceError(err: ServiceError): Error {
  const kind = STATUS_TO_KIND.get(err.code);
  const code = err.metadata?.get('x-error-code')[0];
  if (kind && typeof code === 'string') {
    const raw = err.metadata.get('x-error-details-bin')[0];
    const details = Buffer.isBuffer(raw) ? (JSON.parse(raw.toString('utf8')) as unknown) : undefined;
    return new AppError(kind, code, err.details, details);
  }
  if (err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED) {
    return new AppError('unavailable', 'service_unavailable', `upstream service unavailable: ${err.details}`);
  }
  return new Error(`gRPC ${err.code}: ${err.details}`);
}

export type RpcOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Runs one RPC in its caller's trace (W3C traceparent metadata), its log lines carrying the ids
 * its request names (workspace, journey, instance); `settle` runs in the same context once `run`
 * has settled. startGrpcServer uses it for every method; a hand-written server calls it itself.
 */
export function traceRpc<T>(
  method: string,
  call: { metadata: Metadata; request: unknown },
  logger: Logger,
  run: () => Promise<T>,
  settle: (outcome: RpcOutcome<T>) => void,
): void {
  const work = beginWork(
    method,
    SpanKind.SERVER,
    extractContext((key) => {
      const value = call.metadata.get(key)[0];
      return typeof value === 'string' ? value : undefined;
    }),
    { 'rpc.system': 'grpc', 'rpc.method': method },
  );
  runInContext(work.ctx, () =>
    withLogContext(logContextOf(call.request), () => {
      logger.debug({ method }, 'rpc received');
      // A handler that throws before returning its promise is a rejection too.
      new Promise<T>((resolve) => resolve(run())).then(
        (value) => {
          endWork(work.span);
          settle({ ok: true, value });
        },
        (error: unknown) => {
          endWork(work.span, error);
          settle({ ok: false, error });
        },
      );
    }),
  );
}

export async function startGrpcServer<D extends ServiceDef>(
  definition: D,
  impl: AsyncService<D>,
  address: string,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const handlers: UntypedServiceImplementation = {};
  for (const name of Object.keys(definition)) {
    const fn = impl[name as keyof D] as (r: unknown) => Promise<unknown>;
    handlers[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
      traceRpc(
        name,
        call,
        logger,
        () => fn.call(impl, call.request),
        (outcome) =>
          outcome.ok
            ? callback(null, outcome.value)
            : callback(safeServiceError(outcome.error, logger, name)),
      );
  }
  const server = new Server();
  server.addService(definition as unknown as ServiceDefinition, handlers);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  return {
    port,
    close: () => new Promise((resolve) => server.tryShutdown(() => resolve())),
  };
}

export type PromiseClient<D extends ServiceDef> = {
  [K in keyof D]: (request: Req<D[K]>) => Promise<Res<D[K]>>;
} & { close(): void };

/**
 * A promise-returning client. Every call carries a deadline: `deadlineMs`, or the method's own in
 * `methodDeadlinesMs` (calls whose work grows with the data, e.g. a publish that plans a migration
 * over every open instance).
 */
export function createGrpcClient<D extends ServiceDef>(
  definition: D,
  address: string,
  deadlineMs = 10_000,
  methodDeadlinesMs: Partial<Record<keyof D, number>> = {},
): PromiseClient<D> {
  const Ctor = makeGenericClientConstructor(definition as unknown as ServiceDefinition, 'client');
  const client = new Ctor(address, credentials.createInsecure());
  const out: Record<string, unknown> = { close: () => client.close() };
  // Span names: the method's full name (`kalcifer.v1.Orchestrator/GetJourney`).
  const rpcNames = Object.fromEntries(
    Object.entries(definition).map(([name, def]) => [name, def.path.replace(/^\//, '')]),
  );
  for (const name of Object.keys(definition)) {
    out[name] = (request: unknown) =>
      new Promise((resolve, reject) => {
        const method = (client as unknown as Record<string, UnaryClientMethod>)[name];
        const metadata = new Metadata();
        // The active trace goes with the call (W3C traceparent as gRPC metadata); with the SDK,
        // under a CLIENT span of the call, which the server's span hangs below.
        const call = beginOutgoing(rpcNames[name], SpanKind.CLIENT, activeContext(), {
          'rpc.system': 'grpc',
          'rpc.method': name,
          'server.address': address,
        });
        injectContext((key, value) => metadata.set(key, value), call.ctx);
        method.call(
          client,
          request,
          metadata,
          { deadline: Date.now() + (methodDeadlinesMs[name as keyof D] ?? deadlineMs) },
          (err: ServiceError | null, res: unknown) => {
            endWork(call.span, err ?? undefined);
            if (err) reject(fromServiceError(err));
            else resolve(res);
          },
        );
      });
  }
  return out as PromiseClient<D>;
}
