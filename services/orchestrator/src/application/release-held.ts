import { randomUUID } from 'node:crypto';
import { HeldReleaseError, releaseHeld } from '@kalcifer/journey';
import { conflict, invalid, notFound } from '@kalcifer/platform';
import type { AuditLog } from '../ports/audit-log';
import type { InstanceRecord, InstanceStore } from '../ports/instance-store';
import type { ApplySignal } from './apply-signal';

export type ReleaseTarget = { nodeId: string } | { exit: true; reason?: string };

/** An operator releases an instance that a migration held: to a node of its version, or out. */
export class ReleaseHeld {
  constructor(
    private readonly applySignal: ApplySignal,
    private readonly instances: InstanceStore,
    private readonly audit: AuditLog,
  ) {}

  async execute(
    workspaceId: string,
    instanceId: string,
    target: ReleaseTarget,
    actor: string,
  ): Promise<InstanceRecord> {
    const done = await this.applySignal.exclusive(instanceId, () =>
      this.applySignal.transition(workspaceId, instanceId, ({ state, version, now, facts }) => {
        if (state.status !== 'held')
          throw conflict(
            'instance_not_held',
            `instance "${instanceId}" is ${state.status}; only a held instance can be released`,
            {
              status: state.status,
            },
          );
        let result;
        try {
          result = releaseHeld(version, state, target, now, facts, `release:${randomUUID()}`);
        } catch (err) {
          // A target the domain refuses (unknown node, already executed, upstream...): nothing changed.
          if (err instanceof HeldReleaseError) throw invalid(err.code, err.message);
          throw err;
        }
        return { result, outcome: { journeyId: state.journeyId, version: state.version } };
      }),
    );
    if (done === 'unknown_instance')
      throw notFound('instance_not_found', `No instance with id "${instanceId}" in this workspace`);
    await this.audit.append({
      workspaceId,
      journeyId: done.outcome.journeyId,
      at: new Date(),
      actor,
      action: 'instance_released',
      note: 'exit' in target ? (target.reason ?? '') : '',
      details: { instanceId, version: done.outcome.version, ...target },
    });
    const record = await this.instances.get(workspaceId, instanceId);
    if (!record)
      throw notFound('instance_not_found', `No instance with id "${instanceId}" in this workspace`);
    return record;
  }
}
