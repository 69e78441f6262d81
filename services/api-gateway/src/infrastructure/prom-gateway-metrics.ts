import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerConsumerLagMetrics } from '@kalcifer/platform';
import type { GatewayMetrics } from '../ports/gateway-metrics.port';

/** One registry per gateway instance (several can run in one test process). */
export class PromGatewayMetrics implements GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly events: Counter;
  private readonly enrollments: Counter;

  constructor() {
    this.registry.setDefaultLabels({ service: 'api-gateway' });
    collectDefaultMetrics({ register: this.registry });
    // The journal webhooks worker's consumer.
    registerConsumerLagMetrics(this.registry);
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.latency = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.events = new Counter({
      name: 'kalcifer_gateway_events_accepted_total',
      help: 'Customer events published to JetStream',
      registers: [this.registry],
    });
    this.enrollments = new Counter({
      name: 'kalcifer_gateway_enrollments_accepted_total',
      help: 'Enrollments published to JetStream',
      registers: [this.registry],
    });
  }

  eventsAccepted(count: number): void {
    this.events.inc(count);
  }

  enrollmentsAccepted(count: number): void {
    this.enrollments.inc(count);
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.latency.observe(labels, seconds);
  }
}
