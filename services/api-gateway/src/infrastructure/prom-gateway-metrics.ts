import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { registerCommandLatencyMetrics, registerConsumerLagMetrics } from '@kalcifer/platform';
import type { GatewayMetrics, GrpcCallLabels } from '../ports/gateway-metrics.port';

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
type GrpcLabel = 'grpc_service' | 'grpc_method' | 'grpc_type' | 'grpc_code';

/** One registry per gateway instance (several can run in one test process). */
export class PromGatewayMetrics implements GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly latency: Histogram<'method' | 'route' | 'status'>;
  private readonly grpcCalls: Counter<GrpcLabel>;
  private readonly grpcLatency: Histogram<GrpcLabel>;
  private readonly events: Counter;
  private readonly enrollments: Counter;

  constructor() {
    this.registry.setDefaultLabels({ service: 'api-gateway' });
    collectDefaultMetrics({ register: this.registry });
    // The journal webhooks worker's consumer.
    registerConsumerLagMetrics(this.registry);
    // MongoDB and Redis latency per command (packages/platform command-latency.ts).
    registerCommandLatencyMetrics(this.registry);
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
      buckets: LATENCY_BUCKETS,
      registers: [this.registry],
    });
    // The public gRPC port, under the names of the usual gRPC server metrics (grpc-ecosystem).
    this.grpcCalls = new Counter({
      name: 'grpc_server_handled_total',
      help: 'gRPC calls completed on the public gRPC port, by service, method, type and status code',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
      registers: [this.registry],
    });
    this.grpcLatency = new Histogram({
      name: 'grpc_server_handling_seconds',
      help: 'gRPC call latency on the public gRPC port (a stream: its whole life), by service, method, type and status code',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
      buckets: LATENCY_BUCKETS,
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

  observeGrpcCall(call: GrpcCallLabels, seconds: number): void {
    const labels = {
      grpc_service: call.service,
      grpc_method: call.method,
      grpc_type: call.type,
      grpc_code: call.code,
    };
    this.grpcCalls.inc(labels);
    this.grpcLatency.observe(labels, seconds);
  }
}
