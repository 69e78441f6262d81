import { ServerInterceptingCall, status as Status, type ServerInterceptor } from '@grpc/grpc-js';
import type { GatewayMetrics } from '../../ports/gateway-metrics.port';

export type GrpcCallType = 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';

/** `INVALID_ARGUMENT` for 3, as gRPC's own tooling names codes. */
export const codeName = (code: number): string => Status[code] ?? String(code);

/**
 * Counts every call the server handles (the public API, health, reflection) by method and final
 * code, and times it, like the HTTP middleware does for REST. A call the client cancels counts as
 * CANCELLED; a Watch is timed from its start to its end.
 */
export function grpcMetricsInterceptor(metrics: Pick<GatewayMetrics, 'observeGrpcCall'>): ServerInterceptor {
  return (descriptor, call) => {
    const started = process.hrtime.bigint();
    const [, service = '', method = descriptor.path] = descriptor.path.split('/');
    const type: GrpcCallType = descriptor.requestStream
      ? descriptor.responseStream
        ? 'bidi_stream'
        : 'client_stream'
      : descriptor.responseStream
        ? 'server_stream'
        : 'unary';
    let observed = false;
    const observe = (code: number) => {
      if (observed) return;
      observed = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeGrpcCall({ service, method, type, code: codeName(code) }, seconds);
    };
    return new ServerInterceptingCall(call, {
      start: (next) => next({ onCancel: () => observe(Status.CANCELLED) }),
      sendStatus: (status, next) => {
        observe(status.code ?? Status.UNKNOWN);
        next(status);
      },
    });
  };
}
