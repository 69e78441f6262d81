import {
  deliveryStatusMsgId,
  populationTickFilter,
  profileUpdateFilter,
  STREAMS,
  subjectFilters,
  type CustomerChangedBatchMessage,
  type CustomerChangedMessage,
  type CustomerEventBatchMessage,
  type CustomerEventMessage,
  type DeliveryStatusMessage,
  type EnrollBatchMessage,
  type EnrollMessage,
  type InstanceCommandMessage,
  type PopulationTickMessage,
  type ProfileUpdateBatchMessage,
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
import { migrateFilter, type MigrateCommandMessage } from '../ports/migrate-command';

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

/**
 * The consumers whose messages may carry a batch (enrollments, events: up to 100 items each) count
 * the items in hand, not the messages, so that lone enrollments and events are taken as many at
 * once as the items of batches (at 32 messages at once, single enrollments through the API topped
 * out under 200/s, each waiting a few group commits). What JetStream hands out ahead of the
 * handlers waits with no heartbeat, so that buffer stays small: a backlog of buffered batches
 * outlived the ack wait and was handed out again (seen by the scale bench as hundreds of
 * redeliveries); a message in a handler, even one waiting for the semaphore, sends its heartbeat.
 */
const BATCH_PREFETCH = 8;
/**
 * Enrollments handled at once per process. An enrollment is a few round trips that wait on group
 * commits, not CPU, so throughput is what is in flight over the latency of one entry: 256 at once
 * left half of the 2 cores idle (docs/benchmarks.md).
 */
const ENROLLMENTS_AT_ONCE = 1024;
/**
 * Events in hand at once: 16 messages of 100 events, as measured best; more queued at the
 * semaphore (256 messages: 25,600 events) cost the orchestrator twice the CPU per event.
 */
const EVENTS_AT_ONCE = 1600;

/** JetStream transport: one durable consumer per signal kind, each a thin hand-off to a use case. */
export async function startSignalConsumers(
  bus: Bus,
  h: SignalHandlers,
  concurrency: number,
  logger: Logger,
  /** Instances being migrated at once (the items of the migrate commands in hand). */
  migrationConcurrency = 1024,
): Promise<RunningConsumer[]> {
  const start = <T>(
    durable: string,
    stream: string,
    filterSubject: string,
    handle: (body: T) => Promise<void>,
    atOnce = concurrency,
    prefetch?: number,
    weigh?: (body: T) => number,
  ) =>
    startConsumer<T>(
      bus.js,
      bus.jsm,
      { stream, durable, filterSubject, concurrency: atOnce, prefetch, handle, weigh },
      logger,
    );

  // The items of batch messages (enrollments, profile updates, customer changes) are handled
  // concurrently (their reads and writes leave in group commits), at most this many at once per
  // kind across all batches in hand. One failure sends the whole batch back; the items already
  // handled are repeats then, which every handler recognises.
  const entering = new Semaphore(Math.max(concurrency * 4, ENROLLMENTS_AT_ONCE));
  const updating = new Semaphore(concurrency * 4);
  const announcing = new Semaphore(concurrency * 4);
  const ingesting = new Semaphore(concurrency * 4);
  const eachOf = async <T>(items: T[], slots: Semaphore, handle: (item: T) => Promise<unknown>) => {
    const results = await Promise.allSettled(items.map((item) => slots.run(() => handle(item))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  const enrollBatch = (m: EnrollBatchMessage) =>
    eachOf(m.enrollments, entering, (e) =>
      h.enroll.execute({
        workspaceId: m.workspaceId,
        journeyId: m.journeyId,
        customerId: e.customerId,
        entryKey: `enroll:${e.enrollmentId}`,
        context: e.context ?? {},
        attributes: e.attributes,
      }),
    );

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
      ENROLLMENTS_AT_ONCE,
      BATCH_PREFETCH,
      (m) => ('enrollments' in m ? m.enrollments.length : 1),
    ),
    start<CustomerEventMessage | CustomerEventBatchMessage>(
      'orchestrator-events',
      STREAMS.events.name,
      subjectFilters.events,
      async (m) => {
        if ('events' in m) await eachOf(m.events, ingesting, (e) => h.ingestEvent.execute(e));
        else await h.ingestEvent.execute(m);
      },
      EVENTS_AT_ONCE,
      BATCH_PREFETCH,
      (m) => ('events' in m ? m.events.length : 1),
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
    start<CustomerChangedMessage | CustomerChangedBatchMessage>(
      'orchestrator-customers',
      STREAMS.signals.name,
      subjectFilters.customerChanged,
      async (m) => {
        const customerChanged = async (c: CustomerChangedMessage) => {
          await h.customerChanged.execute(c);
          await h.segmentsOnChange.execute(c);
        };
        if ('changes' in m) await eachOf(m.changes, announcing, customerChanged);
        else await customerChanged(m);
      },
    ),
    start<PopulationTickMessage>('orchestrator-population', STREAMS.signals.name, populationTickFilter, (m) =>
      h.population.execute(m),
    ),
    start<ProfileUpdateMessage | ProfileUpdateBatchMessage>(
      'orchestrator-profile-updates',
      STREAMS.signals.name,
      profileUpdateFilter,
      async (m) => {
        if ('updates' in m) await eachOf(m.updates, updating, (u) => h.profileChange.execute(u));
        else await h.profileChange.execute(m);
      },
    ),
    start<MigrateCommandMessage>(
      'orchestrator-migrate',
      STREAMS.signals.name,
      migrateFilter,
      async (m) => {
        await h.migrate.execute(m);
      },
      migrationConcurrency,
      BATCH_PREFETCH,
      (m) => m.instanceIds?.length ?? 1,
    ),
  ]);
}
