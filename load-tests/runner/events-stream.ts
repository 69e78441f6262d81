/**
 * What the overload run (overload.ts) reads from NATS JetStream: the ids of the events the
 * gateway stored in the events stream, the orchestrator's backlog on it, the stream's last sequence.
 */
import { connect } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';

export const EVENTS_STREAM = 'KALCIFER_EVENTS';
export const EVENTS_CONSUMER = 'orchestrator-events';

/** Ids of the events stored in the events stream from `fromSeq` on, read from the messages' bodies. */
export async function storedEventIds(natsUrl: string, fromSeq: number, prefix: string): Promise<Set<string>> {
  const nc = await connect({ servers: natsUrl });
  const out = new Set<string>();
  try {
    const jsm = await jetstreamManager(nc);
    const last = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    if (last < fromSeq) return out;
    const consumer = await jetstream(nc).consumers.get(EVENTS_STREAM, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: fromSeq,
    });
    const messages = await consumer.consume();
    for await (const m of messages) {
      // A message holds one event or, from a batch, several ({events: [...]}).
      const body = m.json<{ event?: { id: string }; events?: Array<{ event: { id: string } }> }>();
      for (const e of body.events ?? (body.event ? [body] : []))
        if (e.event?.id.startsWith(prefix)) out.add(e.event.id);
      if (m.seq >= last) break;
    }
  } finally {
    await nc.close();
  }
  return out;
}

/** Events the orchestrator has not acknowledged yet (pending plus delivered, unacked). */
export async function eventsBacklog(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    const info = await (await jetstreamManager(nc)).consumers.info(EVENTS_STREAM, EVENTS_CONSUMER);
    return info.num_pending + info.num_ack_pending;
  } finally {
    await nc.close();
  }
}

/** The events stream's last sequence number. */
export async function lastSeq(natsUrl: string): Promise<number> {
  const nc = await connect({ servers: natsUrl });
  try {
    return (await (await jetstreamManager(nc)).streams.info(EVENTS_STREAM)).state.last_seq;
  } finally {
    await nc.close();
  }
}
