import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { subjects, type EnrollMessage } from '@kalcifer/contracts';
import { AppError, conflict, notFound, type OutgoingMessage } from '@kalcifer/platform';
import { EVENT_PUBLISHER, type EventPublisher } from '../ports/event-publisher.port';
import { GATEWAY_METRICS, type GatewayMetrics } from '../ports/gateway-metrics.port';
import { JOURNEY_LOOKUP, type JourneyLookup } from '../ports/orchestrator.port';
import type { Principal } from './principal';

export interface EnrollmentInput {
  customerId: string;
  context?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  /** Client-chosen id: enrolling again with the same id is dropped by JetStream as a duplicate. */
  enrollmentId?: string;
}

export interface EnrollmentReceipt {
  accepted: { enrollmentId: string; customerId: string }[];
}

/**
 * Manual entry into an active journey. Accepted enrollments are published to JetStream; the
 * orchestrator creates the instances asynchronously (hence 202).
 */
@Injectable()
export class EnrollCustomers {
  constructor(
    @Inject(JOURNEY_LOOKUP) private readonly journeys: JourneyLookup,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(GATEWAY_METRICS) private readonly metrics: GatewayMetrics,
  ) {}

  async execute(
    principal: Principal,
    journeyId: string,
    enrollments: EnrollmentInput[],
  ): Promise<EnrollmentReceipt> {
    const { workspaceId } = principal;
    const journey = await this.journeys.get(workspaceId, journeyId).catch((err: unknown) => {
      if (err instanceof AppError && err.kind === 'not_found') {
        throw notFound('journey_not_found', `journey "${journeyId}" does not exist in this workspace`);
      }
      throw err;
    });
    if (journey.status !== 'active') {
      throw conflict(
        'journey_not_active',
        `journey "${journeyId}" is ${journey.status}; customers can only enroll into an active journey (POST /v1/journeys/${journeyId}/activate)`,
        { status: journey.status },
      );
    }
    const subject = subjects.enroll(workspaceId);
    const acceptedAt = Date.now();
    const accepted: EnrollmentReceipt['accepted'] = [];
    const messages: OutgoingMessage[] = enrollments.map((e) => {
      const enrollmentId = e.enrollmentId ?? randomUUID();
      const body: EnrollMessage = {
        workspaceId,
        journeyId,
        customerId: e.customerId,
        enrollmentId,
        context: e.context ?? {},
        ...(e.attributes !== undefined && { attributes: e.attributes }),
        acceptedAt,
      };
      accepted.push({ enrollmentId, customerId: e.customerId });
      return { subject, msgId: `enroll:${workspaceId}:${enrollmentId}`, body };
    });
    await this.publisher.publish(messages);
    this.metrics.enrollmentsAccepted(messages.length);
    return { accepted };
  }
}
