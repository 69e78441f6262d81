import { randomUUID } from 'node:crypto';
import { subjects, type InstanceCommandMessage } from '@kalcifer/contracts';
import { conflict, invalid } from '@kalcifer/platform';
import type { InstanceStore } from '../ports/instance-store';
import type { JourneyRecord, JourneyStatus, JourneyStore } from '../ports/journey-store';
import type { MessageBus } from '../ports/message-bus';
import type { JourneyCatalog } from './journey-catalog';
import type { ManageJourneys } from './manage-journeys';

const TRANSITIONS: Record<string, { from: JourneyStatus[]; to: JourneyStatus }> = {
  activate: { from: ['draft', 'paused', 'active'], to: 'active' },
  pause: { from: ['active', 'paused'], to: 'paused' },
  resume: { from: ['paused', 'active'], to: 'active' },
  archive: { from: ['draft', 'active', 'paused', 'archived'], to: 'archived' },
};

/**
 * Activate / pause / resume / archive. Pausing stops entries and holds every instance where it
 * stands (the interpreter sees `journeyPaused`); resuming sends each open instance a resume
 * command so that timers that came due meanwhile fire, in deadline order.
 */
export class SetJourneyStatus {
  constructor(
    private readonly journeys: JourneyStore,
    private readonly instances: InstanceStore,
    private readonly manage: ManageJourneys,
    private readonly catalog: JourneyCatalog,
    private readonly bus: MessageBus,
  ) {}

  async execute(workspaceId: string, journeyId: string, action: string): Promise<JourneyRecord> {
    const transition = TRANSITIONS[action];
    if (!transition)
      throw invalid('invalid_action', `Unknown action "${action}": use activate, pause, resume or archive`);
    const journey = await this.manage.get(workspaceId, journeyId);
    if (!transition.from.includes(journey.status)) {
      throw conflict('invalid_transition', `Cannot ${action} a journey that is ${journey.status}`);
    }
    if (transition.to === 'active' && journey.activeVersion === 0) {
      throw conflict('journey_not_published', 'Publish a version of this journey before activating it');
    }
    const changes = { status: transition.to, updatedAt: new Date() };
    if (!(await this.journeys.update(workspaceId, journeyId, journey.updatedAt, changes))) {
      throw conflict('concurrent_update', 'The journey changed meanwhile; retry');
    }
    this.catalog.invalidate(workspaceId, journeyId);
    if (journey.status === 'paused' && transition.to === 'active')
      await this.resumeInstances(workspaceId, journeyId);
    return { ...journey, ...changes };
  }

  private async resumeInstances(workspaceId: string, journeyId: string): Promise<void> {
    const batch = randomUUID();
    const ids = await this.instances.findOpenForJourney(workspaceId, journeyId);
    await this.bus.publish(
      ids.map((instanceId) => {
        const body: InstanceCommandMessage = {
          workspaceId,
          instanceId,
          commandId: `resume:${batch}`,
          action: 'resume',
        };
        return {
          subject: subjects.instanceCommand(workspaceId),
          msgId: `command:${batch}:${instanceId}`,
          body,
        };
      }),
    );
  }
}
