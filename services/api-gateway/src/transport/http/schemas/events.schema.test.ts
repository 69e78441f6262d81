import { AppError } from '@kalcifer/platform';
import { ZodPipe } from '../zod.pipe';
import { customerEventSchema, eventBatchSchema } from './events.schema';

const one = new ZodPipe(customerEventSchema);
const batch = new ZodPipe(eventBatchSchema);

function rejection(pipe: ZodPipe<unknown>, body: unknown): AppError {
  try {
    pipe.transform(body);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the body to be rejected');
}

describe('customer event schema', () => {
  it('accepts the minimal event and leaves id, timestamp and properties to the use case', () => {
    expect(one.transform({ customerId: 'c1', name: 'email_opened' })).toEqual({
      customerId: 'c1',
      name: 'email_opened',
    });
  });

  it('reads an ISO 8601 timestamp as epoch milliseconds', () => {
    const event = one.transform({ customerId: 'c1', name: 'x', timestamp: '2026-01-31T12:00:00.250Z' });
    expect(event.timestamp).toBe(Date.UTC(2026, 0, 31, 12, 0, 0, 250));
  });

  it('reads a timestamp with a zone offset', () => {
    const event = one.transform({ customerId: 'c1', name: 'x', timestamp: '2026-01-31T13:00:00+01:00' });
    expect(event.timestamp).toBe(Date.UTC(2026, 0, 31, 12));
  });

  it('keeps an epoch-milliseconds timestamp', () => {
    expect(one.transform({ customerId: 'c1', name: 'x', timestamp: 1_700_000_000_000 }).timestamp).toBe(
      1_700_000_000_000,
    );
  });

  it.each([['yesterday'], ['2026-01-31'], [-5], [true]])(
    'refuses the timestamp %p and says which formats work',
    (timestamp) => {
      const err = rejection(one, { customerId: 'c1', name: 'x', timestamp });
      expect(err.code).toBe('invalid_request');
      expect(err.message).toContain('timestamp must be an ISO 8601 date-time');
    },
  );

  it('names customerId when it is missing', () => {
    const err = rejection(one, { name: 'x' });
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('customerId is required');
    expect(err.details).toEqual({ issues: [expect.objectContaining({ path: 'customerId' })] });
  });

  it.each([[''], ['   ']])('refuses a blank customerId %p', (customerId) => {
    expect(rejection(one, { customerId, name: 'x' }).message).toMatch(/customerId must not be (empty|blank)/);
  });

  it('refuses a customerId that is not a string', () => {
    expect(rejection(one, { customerId: 42, name: 'x' }).message).toContain('customerId must be a string');
  });

  it('refuses properties that are not an object', () => {
    expect(rejection(one, { customerId: 'c', name: 'x', properties: [1, 2] }).message).toContain(
      'properties must be a JSON object',
    );
    expect(rejection(one, { customerId: 'c', name: 'x', properties: null }).message).toContain(
      'properties must be a JSON object',
    );
  });

  it('names a misspelled field instead of ignoring it', () => {
    const err = rejection(one, { customer_id: 'c', customerId: 'c', name: 'x' });
    expect(err.message).toContain('unknown field "customer_id"');
  });

  it('refuses an empty client id (omitting it is how to get a generated one)', () => {
    expect(rejection(one, { customerId: 'c', name: 'x', id: '' }).message).toContain('id must not be empty');
  });

  it('asks for a JSON body when there is none', () => {
    const err = rejection(one, undefined);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('Content-Type: application/json');
  });
});

describe('event batch schema', () => {
  const event = { customerId: 'c', name: 'n' };

  it('accepts 1,000 events', () => {
    expect(batch.transform({ events: Array.from({ length: 1000 }, () => event) }).events).toHaveLength(1000);
  });

  it('refuses 1,001 events as batch_too_large (413) without validating them', () => {
    const err = rejection(batch, { events: Array.from({ length: 1001 }, () => ({ bogus: true })) });
    expect(err.code).toBe('batch_too_large');
    expect(err.message).toContain('1001');
    expect(err.message).toContain('at most 1000');
  });

  it('refuses an empty batch', () => {
    expect(rejection(batch, { events: [] }).message).toContain('at least one');
  });

  it('points at the item and field that is wrong', () => {
    const err = rejection(batch, { events: [event, event, { name: 'n' }] });
    expect(err.code).toBe('invalid_request');
    expect(err.message).toContain('events[2]: customerId is required');
    expect(err.details).toEqual({ issues: [{ path: 'events[2].customerId', message: expect.any(String) }] });
  });

  it('says when events is not an array', () => {
    expect(rejection(batch, { events: event }).message).toContain('events must be an array');
  });
});
