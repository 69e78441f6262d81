import {
  deliveryStatusMsgId,
  populationTickFilter,
  profileUpdateFilter,
  STREAMS,
  subjectFilters,
  type CustomerChangedMessage,
  type CustomerEventMessage,
  type DeliveryStatusMessage,
  type EnrollBatchMessage,
  type EnrollMessage,
  type InstanceCommandMessage,
  type PopulationTickMessage,
  type ProfileUpdateMessage,
  type TimerFiredMessage,
} from '@kalcifer/contracts';
import type { Signal } from '@kalcifer/journey';
import { Semaphore, startConsumer, type Bus, type Logger, type RunningConsumer } from '@kalcifer/platform';
import type { ApplyProfileChange } from '../application/apply-profile-change';
import type { ApplySignal } from '../application/apply-signal';
import type { EnrollCustomer } from '../application/enroll-customer';
import type { IngestEvent } from '../application/ingest-event';
import type { EnterPopulation } from '../application/enter-population';
import type { EnterSegmentsOnChange } from '../application/enter-segments-on-change';
import type { MigrateInstance } from '../application/migrate-instance';
import type { OnCustomerChanged } from '../application/on-customer-changed';
import { MIGRATE_CHUNK, migrateFilter, type MigrateCommandMessage } from '../ports/migrate-command';

export interface SignalHandlers {
  applySignal: ApplySignal;
  enroll: EnrollCustomer;
  ingestEvent: IngestEvent;
  customerChanged: OnCustomerChanged;
  segmentsOnChange: EnterSegmentsOnChange;
  profileChange: ApplyProfileChange;
  population: EnterPopulation;
  migrate: MigrateInstance;
}

/** JetStream transport: one durable consumer per signal kind, each a thin hand-off to a use case. */
export async function startSignalConsumers(
  bus: Bus,
  h: SignalHandlers,
  concurrency: number,
  logger: Logger,
  /** Instances being migrated at once (in commands of MIGRATE_CHUNK). */
  migrationConcurrency = 256,
): Promise<RunningConsumer[]> {
  const start = <T>(
    durable: string,
    stream: string,
    filterSubject: string,
    handle: (body: T) => Promise<void>,
    messagesAtOnce = concurrency,
  ) =>
    startConsumer<T>(
      bus.js,
      bus.jsm,
      { stream, durable, filterSubject, concurrency: messagesAtOnce, handle },
      logger,
    );

  // The enrollments of batch messages are entered concurrently (their reads and writes leave in
  // group commits), at most this many at once across all batches in hand.
  const enrolling = new Semaphore(concurrency * 4);
  const enrollBatch = async (m: EnrollBatchMessage) => {
    const results = await Promise.allSettled(
      m.enrollments.map((e) =>
        enrolling.run(() =>
          h.enroll.execute({
            workspaceId: m.workspaceId,
            journeyId: m.journeyId,
            customerId: e.customerId,
            entryKey: `enroll:${e.enrollmentId}`,
            context: e.context ?? {},
            attributes: e.attributes,
          }),
        ),
      ),
    );
    // One failure sends the whole batch back; the enrollments already entered are duplicates then.
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };

  return Promise.all([
    start<EnrollMessage | EnrollBatchMessage>(
      'orchestrator-enroll',
      STREAMS.signals.name,
      subjectFilters.enroll,
      async (m) => {
        if ('enrollments' in m) {
          await enrollBatch(m);
          return;
        }
        const outcome = await h.enroll.execute({
          workspaceId: m.workspaceId,
          journeyId: m.journeyId,
          customerId: m.customerId,
          entryKey: `enroll:${m.enrollmentId}`,
          context: m.context ?? {},
          attributes: m.attributes,
          entryNodeId: m.entryNodeId,
        });
        logger.debug({ enrollmentId: m.enrollmentId, outcome }, 'enrollment handled');
      },
    ),
    start<CustomerEventMessage>('orchestrator-events', STREAMS.events.name, subjectFilters.events, (m) =>
      h.ingestEvent.execute(m),
    ),
    start<TimerFiredMessage>(
      'orchestrator-timers',
      STREAMS.signals.name,
      subjectFilters.timerFired,
      async (m) => {
        await h.applySignal.execute(m.workspaceId, m.instanceId, {
          kind: 'timer_fired',
          id: `timer:${m.timerId}`,
          timerId: m.timerId,
        });
      },
    ),
    start<DeliveryStatusMessage>(
      'orchestrator-deliveries',
      STREAMS.signals.name,
      subjectFilters.deliveryStatus,
      async (m) => {
        await h.applySignal.execute(m.workspaceId, m.instanceId, {
          kind: 'delivery_status',
          id: deliveryStatusMsgId(m),
          sendKey: m.sendKey,
          nodeId: m.nodeId,
          status: m.status,
          ...(m.channel !== undefined && { channel: m.channel }),
          detail: m.detail,
          ...(m.retryAt !== undefined && { retryAt: m.retryAt }),
          ...(m.capRule !== undefined && { capRule: m.capRule }),
        });
      },
    ),
    start<InstanceCommandMessage>(
      'orchestrator-commands',
      STREAMS.signals.name,
      subjectFilters.instanceCommand,
      async (m) => {
        const id = `command:${m.commandId}`;
        const signal: Signal =
          m.action === 'exit'
            ? { kind: 'exit', id, reason: m.reason ?? 'exited by an operator' }
            : { kind: m.action, id };
        await h.applySignal.execute(m.workspaceId, m.instanceId, signal);
      },
    ),
    start<CustomerChangedMessage>(
      'orchestrator-customers',
      STREAMS.signals.name,
      subjectFilters.customerChanged,
      async (m) => {
        await h.customerChanged.execute(m);
        await h.segmentsOnChange.execute(m);
      },
    ),
    start<PopulationTickMessage>('orchestrator-population', STREAMS.signals.name, populationTickFilter, (m) =>
      h.population.execute(m),
    ),
    start<ProfileUpdateMessage>(
      'orchestrator-profile-updates',
      STREAMS.signals.name,
      profileUpdateFilter,
      (m) => h.profileChange.execute(m),
    ),
    start<MigrateCommandMessage>(
      'orchestrator-migrate',
      STREAMS.signals.name,
      migrateFilter,
      async (m) => {
        await h.migrate.execute(m);
      },
      Math.max(1, Math.ceil(migrationConcurrency / MIGRATE_CHUNK)),
    ),
  ]);
}
