import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AppError } from '../errors';
import { createLogger } from '../logger';
import { fromServiceError, toServiceError } from './service';

const logger = createLogger('test', 'silent');

/** What the client receives: the server's status, message and metadata. */
const received = (mapped: Partial<ServiceError>) =>
  ({ ...mapped, message: mapped.details, name: 'Error' }) as ServiceError;

describe('gRPC errors across the wire', () => {
  it('carries the code and details of an error that quotes non-ASCII input (it crashed the service)', () => {
    const details = { issues: [{ path: 'rules[0].window', message: 'Invalid duration "😀 ü \u0001"' }] };
    const err = new AppError('invalid', 'invalid_cap_policy', 'the policy is not valid: 😀', details);
    const mapped = toServiceError(err, logger, 'setCapPolicy');
    expect(mapped.code).toBe(status.INVALID_ARGUMENT);
    const back = fromServiceError(received(mapped));
    expect(back).toBeInstanceOf(AppError);
    expect(back).toMatchObject({ code: 'invalid_cap_policy', details });
  });

  it('bounds what it sends: huge details become {truncated: true}, a huge message is cut', () => {
    const huge = 'x'.repeat(100_000);
    const mapped = toServiceError(new AppError('invalid', 'bad', huge, { echo: huge }), logger, 'm');
    const back = fromServiceError(received(mapped)) as AppError;
    expect(back.details).toEqual({ truncated: true });
    expect(back.message.length).toBeLessThan(2_100);
  });

  it('maps an unexpected error to INTERNAL without its message', () => {
    const mapped = toServiceError(new Error('secret detail'), logger, 'm');
    expect(mapped).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
    expect(mapped.metadata).toBeInstanceOf(Metadata);
  });
});
