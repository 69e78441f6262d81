import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  subjects,
  type EnrollBatchItem,
  type EnrollBatchMessage,
  type EnrollMessage,
} from '@kalcifer/contracts';
import { AppError, batchMsgId, conflict, notFound, type OutgoingMessage } from '@kalcifer/platform';
import { EVENT_PUBLISHER, type EventPublisher } from '../ports/event-publisher.port';
import { GATEWAY_METRICS, type GatewayMetrics } from '../ports/gateway-metrics.port';
import { JOURNEY_LOOKUP, type JourneyLookup } from '../ports/orchestrator.port';
import type { Principal } from './principal';

export interface EnrollmentInput {
  customerId: string;
  context?: Record<string, unknown>;
  attributes?: Record<string, unknown>;
  /** Client-chosen id: enrolling again with the same id enters nobody twice (it names the instance). */
  enrollmentId?: string;
}

export interface EnrollmentReceipt {
  accepted: { enrollmentId: string; customerId: string }[];
}

/**
 * Enrollments of one request travel in messages of this many (one publish per batch, not per
 * customer); the orchestrator enters each on its own, idempotently by enrollment id.
 */
export const ENROLL_BATCH = 50;

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
    const items: EnrollBatchItem[] = enrollments.map((e) => ({
      customerId: e.customerId,
      enrollmentId: e.enrollmentId ?? randomUUID(),
      context: e.context ?? {},
      ...(e.attributes !== undefined && { attributes: e.attributes }),
    }));
    const accepted = items.map(({ enrollmentId, customerId }) => ({ enrollmentId, customerId }));
    const messages: OutgoingMessage[] = [];
    const [only] = items;
    if (only && items.length === 1) {
      const body: EnrollMessage = { workspaceId, journeyId, ...only, acceptedAt };
      messages.push({ subject, msgId: `enroll:${workspaceId}:${body.enrollmentId}`, body });
    } else {
      for (let i = 0; i < items.length; i += ENROLL_BATCH) {
        const chunk = items.slice(i, i + ENROLL_BATCH);
        const body: EnrollBatchMessage = { workspaceId, journeyId, enrollments: chunk, acceptedAt };
        messages.push({
          subject,
          msgId: batchMsgId(
            'enroll-batch',
            workspaceId,
            chunk.map((item) => item.enrollmentId),
          ),
          body,
        });
      }
    }
    await this.publisher.publish(messages, items.length);
    this.metrics.enrollmentsAccepted(items.length);
    return { accepted };
  }
}
