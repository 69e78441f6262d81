import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { subjects, type EnrollMessage } from '@kalcifer/contracts';
import { invalid } from '@kalcifer/platform';
import { EVENT_PUBLISHER, type EventPublisher } from '../ports/event-publisher.port';
import { GATEWAY_METRICS, type GatewayMetrics } from '../ports/gateway-metrics.port';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import { idProblem } from './input-limits';
import { Quotas } from './workspace-quotas';

export interface WebhookEntryReceipt {
  enrollmentId: string;
  customerId: string;
  journeyId: string;
}

/**
 * `POST /v1/hooks/{journeyId}/{token}` (webhook_entry): no API key; the secret token in the URL
 * is the credential. The JSON payload becomes the instance context; `customerId` says who
 * enters. An `Idempotency-Key` header makes a retried delivery enter once. Counted against the
 * workspace's activeInstances quota like an enrollment.
 */
@Injectable()
export class EnterByWebhook {
  constructor(
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
    private readonly quotas: Quotas,
  ) {}

  async execute(
    journeyId: string,
    token: string,
    payload: unknown,
    idempotencyKey: string | undefined,
  ): Promise<WebhookEntryReceipt> {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
      throw invalid('invalid_payload', 'the webhook body must be a JSON object with a "customerId"');
    const context = payload as Record<string, unknown>;
    const customerId = context.customerId;
    if (typeof customerId !== 'string')
      throw invalid(
        'missing_customer_id',
        'the webhook body needs "customerId": the id of the customer who enters (1-256 characters)',
      );
    const problem = idProblem('customerId', customerId);
    if (problem) throw invalid('missing_customer_id', `the webhook body's ${problem}`);
    const target = await this.orchestrator.resolveWebhookEntry({ journeyId, token });
    // Over the workspace's open-instance quota: 429 + Retry-After, nothing published; the sender
    // keeps the delivery and retries (webhook senders retry on 429).
    await this.quotas.admitEntries(target.workspaceId, 1);
    const enrollmentId = `hook:${idempotencyKey?.trim() || randomUUID()}`;
    const body: EnrollMessage = {
      workspaceId: target.workspaceId,
      journeyId: target.journeyId,
      customerId,
      enrollmentId,
      entryNodeId: target.entryNodeId,
      context,
      acceptedAt: Date.now(),
    };
    await this.publisher.publish([
      {
        subject: subjects.enroll(target.workspaceId),
        msgId: `enroll:${target.workspaceId}:${enrollmentId}`,
        body,
      },
    ]);
    this.metrics.enrollmentsAccepted(1);
    return { enrollmentId, customerId, journeyId: target.journeyId };
  }
}
