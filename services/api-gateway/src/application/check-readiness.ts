import { Inject, Injectable } from '@nestjs/common';
import { READINESS_CHECKS, type ReadinessCheck } from '../ports/readiness.port';

export interface ReadinessView {
  status: 'ready' | 'not_ready';
  checks: Record<string, boolean>;
}

/** Ready when every dependency answers (NATS, MongoDB, the orchestrator's gRPC port). */
@Injectable()
export class CheckReadiness {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  async execute(): Promise<ReadinessView> {
    const results = await Promise.all(this.checks.map((c) => c.check().catch(() => false)));
    const checks = Object.fromEntries(this.checks.map((c, i) => [c.name, results[i]]));
    return { status: results.every(Boolean) ? 'ready' : 'not_ready', checks };
  }
}
