import { Counter, Histogram, type Registry } from 'prom-client';
import type { FinalDeliveryState } from '../ports/delivery-ledger';
import type { InterruptedSendResolution, ProviderCallOutcome, SendMetrics } from '../ports/send-metrics';

/** Prometheus metrics of the channel worker, on the registry its /metrics endpoint serves. */
export class PromSendMetrics implements SendMetrics {
  private readonly sends: Counter<'channel' | 'status'>;
  private readonly latency: Histogram<'provider' | 'outcome'>;
  private readonly interrupted: Counter<'resolution'>;

  constructor(registry: Registry) {
    this.sends = new Counter({
      name: 'kalcifer_channels_sends_total',
      help: 'Sends that reached a final state, by channel and status (sent, failed, unknown).',
      labelNames: ['channel', 'status'],
      registers: [registry],
    });
    this.latency = new Histogram({
      name: 'kalcifer_channels_provider_latency_seconds',
      help: 'Duration of provider calls, by provider and outcome.',
      labelNames: ['provider', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.interrupted = new Counter({
      name: 'kalcifer_channels_interrupted_sends_total',
      help: 'Sends found `sending` after a crash, by how they were resolved.',
      labelNames: ['resolution'],
      registers: [registry],
    });
  }

  finished(channel: string, status: FinalDeliveryState): void {
    this.sends.inc({ channel, status });
  }

  providerCall(provider: string, outcome: ProviderCallOutcome, seconds: number): void {
    this.latency.observe({ provider, outcome }, seconds);
  }

  interruptedSendResolved(resolution: InterruptedSendResolution): void {
    this.interrupted.inc({ resolution });
  }
}
