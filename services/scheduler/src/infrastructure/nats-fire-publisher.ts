import { publishAll, type Bus, type OutgoingMessage } from '@kalcifer/platform';
import { subjects, type TimerFiredMessage } from '@kalcifer/contracts';
import type { FirePublisher, TracedFire } from '../ports/fire-publisher';

const PING_TIMEOUT_MS = 2_000;

export class NatsFirePublisher implements FirePublisher {
  constructor(private readonly bus: Bus) {}

  async publish(fires: TracedFire[]): Promise<void> {
    const messages: OutgoingMessage[] = fires.map(({ fire, traceparent }) => ({
      subject: subjects.timerFired(fire.workspaceId),
      // JetStream drops a second fire of the same timer inside the duplicate window.
      msgId: `timer:${fire.timerId}`,
      body: fire satisfies TimerFiredMessage,
      // The fire continues the trace of the step that set the timer.
      ...(traceparent !== undefined && { traceparent }),
    }));
    await publishAll(this.bus.js, messages);
  }

  async ping(): Promise<boolean> {
    if (this.bus.nc.isClosed()) return false;
    let timeout: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.bus.nc.flush().then(() => true),
        new Promise<boolean>((resolve) => (timeout = setTimeout(() => resolve(false), PING_TIMEOUT_MS))),
      ]);
    } finally {
      clearTimeout(timeout);
    }
  }
}
