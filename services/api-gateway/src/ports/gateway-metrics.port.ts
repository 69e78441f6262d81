import type { Registry } from 'prom-client';

/** Business counters next to the HTTP ones (all exposed on GET /metrics). */
export interface GatewayMetrics {
  readonly registry: Registry;
  eventsAccepted(count: number): void;
  enrollmentsAccepted(count: number): void;
  observeRequest(method: string, route: string, status: number, seconds: number): void;
}
export const GATEWAY_METRICS = Symbol('GatewayMetrics');
