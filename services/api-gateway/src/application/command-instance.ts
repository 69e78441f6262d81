import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { subjects, type InstanceCommandMessage } from '@kalcifer/contracts';
import { conflict, invalid } from '@kalcifer/platform';
import { EVENT_PUBLISHER, type EventPublisher } from '../ports/event-publisher.port';
import { ORCHESTRATOR, type OrchestratorClient } from '../ports/orchestrator.port';
import type { Principal } from './principal';

export type InstanceAction = 'pause' | 'resume' | 'exit';

const ENDED = ['completed', 'exited', 'failed'];

/**
 * `POST /v1/instances/{id}/pause|resume|exit`: one customer's instance. The command is queued
 * (202) and applied by the orchestrator like any signal: once, in order with the others.
 */
@Injectable()
export class CommandInstance {
  constructor(
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
  ) {}

  async execute(
    principal: Principal,
    instanceId: string,
    action: InstanceAction,
    body: unknown,
  ): Promise<{ commandId: string; instanceId: string; action: InstanceAction }> {
    const reason = readReason(body);
    const { workspaceId } = principal;
    // Not found in this workspace -> 404 from the orchestrator.
    const instance = await this.orchestrator.getInstance({ workspaceId, instanceId });
    if (ENDED.includes(instance.status))
      throw conflict(
        'instance_ended',
        `instance "${instanceId}" has ${instance.status}; only a live instance can be paused, resumed or exited`,
        { status: instance.status },
      );
    const commandId = randomUUID();
    const message: InstanceCommandMessage = {
      workspaceId,
      instanceId,
      commandId,
      action,
      ...(reason !== undefined && { reason }),
    };
    await this.publisher.publish([
      { subject: subjects.instanceCommand(workspaceId), msgId: `command:${commandId}`, body: message },
    ]);
    return { commandId, instanceId, action };
  }
}

function readReason(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body))
    throw invalid('invalid_request', 'the body, when given, must be a JSON object such as {"reason": "..."}');
  const reason = (body as Record<string, unknown>).reason;
  if (reason === undefined) return undefined;
  if (typeof reason !== 'string' || reason.length > 500)
    throw invalid('invalid_reason', '"reason" must be a string of at most 500 characters');
  return reason;
}
