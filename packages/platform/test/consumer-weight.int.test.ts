/**
 * A consumer whose messages carry different numbers of items bounds the items in hand, not the
 * messages (`weigh`): lone items are taken as many at once as the items of batches, and batches
 * are not taken beyond the bound. Against the real JetStream.
 */
import { pino } from 'pino';
import { connectBus, type Bus } from '../src/nats/connection';
import { startConsumer, type RunningConsumer } from '../src/nats/consumer';
import { infra } from '../../../test/support/infra';

const STREAM = 'INT_CONSUMER_WEIGHT';
const SUBJECT = 'int.weight.>';

interface Body {
  items: number;
}

let bus: Bus;

beforeAll(async () => {
  bus = await connectBus(infra.natsUrl, 'consumer-weight-test');
  await bus.jsm.streams.delete(STREAM).catch(() => undefined);
  await bus.jsm.streams.add({ name: STREAM, subjects: [SUBJECT] });
});

afterAll(async () => {
  await bus.jsm.streams.delete(STREAM).catch(() => undefined);
  await bus.nc.close();
});

/** Publishes the bodies, then counts how many items the handlers hold at most at once. */
async function mostInHand(bodies: Body[], capacity: number, weigh?: (b: Body) => number) {
  const durable = `weight_${Math.random().toString(36).slice(2)}`;
  let inHand = 0;
  let most = 0;
  let handled = 0;
  const releases: Array<() => void> = [];
  const consumer: RunningConsumer = await startConsumer<Body>(
    bus.js,
    bus.jsm,
    {
      stream: STREAM,
      durable,
      filterSubject: `int.weight.${durable}`,
      concurrency: capacity,
      prefetch: 8,
      weigh,
      handle: async (body) => {
        inHand += body.items;
        most = Math.max(most, inHand);
        // Held until the test has seen how many are in hand at once.
        await new Promise<void>((resolve) => releases.push(resolve));
        inHand -= body.items;
        handled += 1;
      },
    },
    pino({ level: 'silent' }),
  );
  for (const body of bodies) await bus.js.publish(`int.weight.${durable}`, JSON.stringify(body));
  // Let the consumer take what it will, then release everything in rounds until all are handled.
  const deadline = Date.now() + 20_000;
  while (handled < bodies.length && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    releases.splice(0).forEach((release) => release());
  }
  await consumer.stop();
  return { most, handled };
}

const singles = (n: number) => Array.from({ length: n }, () => ({ items: 1 }));

it('takes lone items up to the bound in items, far beyond a bound in messages', async () => {
  const { most, handled } = await mostInHand(singles(60), 100, (b) => b.items);
  expect(handled).toBe(60);
  expect(most).toBe(60);
});

it('takes batches only while the items in hand stay under the bound', async () => {
  const batches = Array.from({ length: 5 }, () => ({ items: 50 }));
  const { most, handled } = await mostInHand(batches, 100, (b) => b.items);
  expect(handled).toBe(5);
  expect(most).toBe(100);
});

it('without weigh, the bound is in messages', async () => {
  const { most, handled } = await mostInHand(singles(20), 4);
  expect(handled).toBe(20);
  expect(most).toBe(4);
});
