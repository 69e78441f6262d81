import { InvalidArgumentError } from '@nats-io/nats-core';
import { AppError, createLogger, type Bus } from '@kalcifer/platform';
import { JetStreamPublisher } from './jetstream-publisher';

/** A bus whose publish fails as nats.js does for a message over the server's max_payload. */
function busRefusing(err: Error): Bus {
  const nc = {
    info: { max_payload: 1_048_576 },
    isClosed: () => false,
    status: () => ({ [Symbol.asyncIterator]: () => ({ next: () => new Promise(() => undefined) }) }),
  };
  const js = { publish: () => Promise.reject(err) };
  return { nc, js, jsm: {} } as unknown as Bus;
}

const message = { subject: 'kalcifer.ws.events', msgId: 'event:ws:1', body: {} };
const logger = createLogger('test', 'silent');

describe('JetStreamPublisher', () => {
  it('answers a message over max_payload as 413 payload_too_large, not as an outage', async () => {
    const tooBig = InvalidArgumentError.format('payload', 'max_payload size exceeded');
    const publisher = new JetStreamPublisher(busRefusing(tooBig), logger);
    const err = await publisher.publish([message]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ kind: 'invalid', code: 'payload_too_large' });
    expect((err as AppError).message).toContain('1048576 bytes');
  });

  it('still answers a refusal of the bus as 503 service_unavailable', async () => {
    const publisher = new JetStreamPublisher(busRefusing(new Error('stream not found')), logger);
    await expect(publisher.publish([message])).rejects.toMatchObject({ code: 'service_unavailable' });
  });
});
