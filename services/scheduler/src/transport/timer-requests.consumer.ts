import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { JsMsg } from '@nats-io/jetstream';
import { STREAMS, subjectFilters } from '@kalcifer/contracts';
import {
  PermanentError,
  Semaphore,
  currentTraceparent,
  startConsumer,
  type Bus,
  type RunningConsumer,
} from '@kalcifer/platform';
import { ScheduleTimer } from '../application/schedule-timer';
import { CancelTimer } from '../application/cancel-timer';
import { BUS } from '../infrastructure/connections';
import { LOGGER, type Logger } from '../ports/logger';
import { TRANSPORT_SETTINGS, type TransportSettings } from './transport-settings';

export const TIMER_REQUESTS_DURABLE = 'scheduler-timers';

const id = z.string().min(1);
const scheduleBody = z.object({
  workspaceId: id,
  timerId: id,
  instanceId: id,
  tokenId: z.string(),
  nodeId: z.string(),
  dueAt: z.number().finite(),
  // Only carried on to the fire: a malformed one is dropped, never a reason to refuse the timer.
  traceparent: z
    .string()
    .regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/)
    .optional()
    .catch(undefined),
});
const cancelBody = z.object({ workspaceId: id, timerId: id, instanceId: id });
const batchBody = z.object({
  workspaceId: id,
  schedule: z.array(scheduleBody).max(10_000),
  cancel: z.array(cancelBody).max(10_000),
});

/** Schedule and cancel requests from the orchestrator (`kalcifer.<workspaceId>.timers.<kind>`). */
/** How long a taken timer request may stay unacknowledged before JetStream gives it to another scheduler. */
const TIMER_REQUEST_ACK_WAIT_MS = 2_000;

@Injectable()
export class TimerRequestsConsumer {
  private running: RunningConsumer | undefined;
  /** Requests of batch messages handled at once, across all batches in hand. */
  private readonly batched: Semaphore;

  constructor(
    @Inject(BUS) private readonly bus: Bus,
    private readonly scheduleTimer: ScheduleTimer,
    private readonly cancelTimer: CancelTimer,
    @Inject(TRANSPORT_SETTINGS) private readonly settings: TransportSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.batched = new Semaphore(Math.max(1, settings.consumerConcurrency * 4));
  }

  async start(): Promise<void> {
    this.running = await startConsumer<unknown>(
      this.bus.js,
      this.bus.jsm,
      {
        stream: STREAMS.timers.name,
        durable: TIMER_REQUESTS_DURABLE,
        filterSubject: subjectFilters.timers,
        concurrency: this.settings.consumerConcurrency,
        // A request takes milliseconds. Those a crashed scheduler had taken but not acknowledged
        // come back after this long: with the default 10 s, timers due just after a scheduler
        // restart fired 7-11 s late (measured by the chaos suite).
        ackWaitMs: TIMER_REQUEST_ACK_WAIT_MS,
        handle: (body, msg) => this.handle(body, msg),
      },
      this.logger,
    );
  }

  async stop(): Promise<void> {
    await this.running?.stop();
    this.running = undefined;
  }

  private async handle(body: unknown, msg: JsMsg): Promise<void> {
    const [, subjectWorkspace, , kind] = msg.subject.split('.');
    switch (kind) {
      case 'schedule': {
        const timer = parse(scheduleBody, body, subjectWorkspace, msg.subject);
        // A single request from a publisher that does not put the trace in the body: the message's.
        await this.scheduleTimer.execute({
          ...timer,
          traceparent: timer.traceparent ?? currentTraceparent(),
        });
        return;
      }
      case 'cancel':
        await this.cancelTimer.execute(parse(cancelBody, body, subjectWorkspace, msg.subject));
        return;
      case 'batch':
        await this.handleBatch(parse(batchBody, body, subjectWorkspace, msg.subject), msg.subject);
        return;
      default:
        throw new PermanentError(`unknown timer request subject ${msg.subject}`);
    }
  }

  /**
   * Every request of a batch, each as if it had come alone (idempotent by timer id). One failure
   * sends the whole batch back; the requests already applied are repeats then.
   */
  private async handleBatch(batch: z.infer<typeof batchBody>, subject: string): Promise<void> {
    const foreign = [...batch.schedule, ...batch.cancel].find((r) => r.workspaceId !== batch.workspaceId);
    if (foreign) throw new PermanentError(`${subject} carries a request of workspace ${foreign.workspaceId}`);
    const results = await Promise.allSettled([
      ...batch.schedule.map((t) => this.batched.run(() => this.scheduleTimer.execute(t))),
      ...batch.cancel.map((t) => this.batched.run(() => this.cancelTimer.execute(t))),
    ]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

function parse<T extends { workspaceId: string }>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  body: unknown,
  workspaceId: string,
  subject: string,
): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    throw new PermanentError(
      `invalid ${subject}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  // The subject is what JetStream permissions are granted on: the body may not name another workspace.
  if (result.data.workspaceId !== workspaceId) {
    throw new PermanentError(`${subject} carries workspaceId ${result.data.workspaceId}`);
  }
  return result.data;
}
