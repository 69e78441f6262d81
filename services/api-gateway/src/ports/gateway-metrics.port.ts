import type { Registry } from 'prom-client';

/** Business counters next to the HTTP and gRPC ones (all exposed on GET /metrics). */
export interface GatewayMetrics {
  readonly registry: Registry;
  eventsAccepted(count: number): void;
  enrollmentsAccepted(count: number): void;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
  /** A call of the public gRPC port, with its final status code (`OK`, `INVALID_ARGUMENT`...). */
  observeGrpcCall(call: GrpcCallLabels, seconds: number): void;
}

export interface GrpcCallLabels {
  /** e.g. `kalcifer.api.v1.PublicApiService` */
  service: string;
  /** e.g. `CreateJourney` */
  method: string;
  type: 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';
  code: string;
}
export const GATEWAY_METRICS = Symbol('GatewayMetrics');
