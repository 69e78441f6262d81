/**
 * Backpressure of the gateway's publisher against the real NATS: messages awaiting JetStream's
 * ack are bounded; a request that would go over is refused whole with 503 (nothing of it
 * published), the others are stored, and once the acks are in the next request is accepted.
 */
import { STREAMS } from '@kalcifer/contracts';
import { AppError, connectBus, createLogger, ensureStreams, type Bus } from '@kalcifer/platform';
import { JetStreamPublisher } from '../src/infrastructure/jetstream-publisher';
import { infra, resetBus } from '../../../test/support/infra';

let bus: Bus;
const logger = createLogger('test', 'silent');
const batch = (tag: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    subject: 'kalcifer.ws_bp.events',
    msgId: `event:ws_bp:${tag}-${i}`,
    body: { tag, i },
  }));

beforeAll(async () => {
  await resetBus();
  bus = await connectBus(infra.natsUrl, 'backpressure-test');
  await ensureStreams(bus.jsm);
});

afterAll(async () => {
  await bus.nc.close();
});

it('refuses a request whole with 503 while too many messages await their acks, then accepts again', async () => {
  const publisher = new JetStreamPublisher(bus, logger, 8_000, 1_000);
  const outcomes = await Promise.all(
    ['a', 'b', 'c'].map((tag) =>
      publisher.publish(batch(tag, 600)).then(
        () => 'accepted',
        (err: unknown) => (err instanceof AppError ? `${err.kind}:${err.code}` : String(err)),
      ),
    ),
  );
  // The first 600 are in flight when the second asks: 1,200 > 1,000.
  expect(outcomes).toEqual([
    'accepted',
    'unavailable:service_unavailable',
    'unavailable:service_unavailable',
  ]);
  const info = await bus.jsm.streams.info(STREAMS.events.name);
  expect(info.state.messages).toBe(600);
  const stored = await bus.jsm.streams.getMessage(STREAMS.events.name, { seq: info.state.last_seq });
  expect(stored?.json<{ tag: string }>().tag).toBe('a');

  await publisher.publish(batch('d', 600));
  expect((await bus.jsm.streams.info(STREAMS.events.name)).state.messages).toBe(1_200);
});

it('lets one request larger than the bound through when nothing else is in flight', async () => {
  const publisher = new JetStreamPublisher(bus, logger, 8_000, 1_000);
  await expect(publisher.publish(batch('big', 1_500))).resolves.toBeUndefined();
});
