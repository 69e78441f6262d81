import { status } from '@grpc/grpc-js';
import { AppError, createLogger, invalid } from '@kalcifer/platform';
import { toPublicStatus } from './grpc-status';

const logger = createLogger('test', 'silent');

describe('gRPC status of the public API', () => {
  it('answers a rate limit with RESOURCE_EXHAUSTED and retry-after, as REST answers 429', () => {
    const err = new AppError('unavailable', 'rate_limited', 'more than 10 requests per second', {
      retryAfterSeconds: 2,
    });
    const mapped = toPublicStatus(err, logger, 'sendEvents');
    expect(mapped.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(mapped.details).toBe('more than 10 requests per second');
    expect(mapped.metadata?.get('retry-after')).toEqual(['2']);
    expect(mapped.metadata?.get('x-error-code')).toEqual(['rate_limited']);
  });

  it('keeps the kinds: bad input, missing object, refused role, backpressure', () => {
    const code = (err: AppError) => toPublicStatus(err, logger, 'm').code;
    expect(code(invalid('invalid_request', 'name is required'))).toBe(status.INVALID_ARGUMENT);
    expect(code(new AppError('not_found', 'journey_not_found', 'no such journey'))).toBe(status.NOT_FOUND);
    expect(code(new AppError('forbidden', 'insufficient_role', 'needs editor'))).toBe(
      status.PERMISSION_DENIED,
    );
    expect(code(new AppError('unauthenticated', 'invalid_api_key', 'bad key'))).toBe(status.UNAUTHENTICATED);
    expect(code(new AppError('conflict', 'journey_not_active', 'paused'))).toBe(status.FAILED_PRECONDITION);
    expect(code(new AppError('unavailable', 'backpressure', 'busy'))).toBe(status.UNAVAILABLE);
  });

  it('hides an unexpected error behind an error id that the log line carries too', () => {
    const lines: unknown[] = [];
    const spy = { ...logger, error: (obj: unknown) => lines.push(obj) } as unknown as typeof logger;
    const mapped = toPublicStatus(new Error('secret stack detail'), spy, 'getJourney', () => 'err-1');
    expect(mapped.code).toBe(status.INTERNAL);
    expect(mapped.details).toBe('an unexpected error occurred; quote errorId err-1 when reporting it');
    expect(lines).toEqual([expect.objectContaining({ errorId: 'err-1', method: 'getJourney' })]);
  });
});
