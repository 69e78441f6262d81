import { NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AppError, conflict, invalid, notFound } from '@kalcifer/platform';
import { mapError } from './error-mapping';

const request = { method: 'GET', path: '/v1/somewhere' };
const fixedId = () => 'err-1';

describe('error mapping', () => {
  it.each([
    [invalid('invalid_request', 'bad'), 400],
    [new AppError('unauthenticated', 'invalid_api_key', 'nope'), 401],
    [new AppError('forbidden', 'forbidden', 'no'), 403],
    [notFound('journey_not_found', 'no journey'), 404],
    [conflict('journey_not_active', 'paused'), 409],
    [new AppError('unavailable', 'service_unavailable', 'orchestrator down'), 503],
  ])('maps %p by its kind to %i, keeping code and message', (err, status) => {
    const mapped = mapError(err, request, fixedId);
    expect(mapped.status).toBe(status);
    expect(mapped.body).toEqual({ error: { code: err.code, message: err.message } });
    expect(mapped.errorId).toBeUndefined();
  });

  it('keeps the details of an error (e.g. graph issues from the orchestrator)', () => {
    const details = {
      errors: [{ code: 'unknown_node_type', nodeId: 'a', message: 'Node "a" has unknown type' }],
    };
    expect(mapError(invalid('invalid_graph', 'bad graph', details), request).body.error.details).toEqual(
      details,
    );
  });

  it('puts a bare list of problems under details.issues, the shape of every other 400', () => {
    const issues = [{ path: 'rules[0].window', message: 'Invalid duration "1 day"' }];
    const mapped = mapError(invalid('invalid_cap_policy', 'Invalid frequency-cap policy', issues), request);
    expect(mapped.body.error.details).toEqual({ issues });
  });

  it('answers 413 for a batch that is too large', () => {
    expect(mapError(invalid('batch_too_large', 'too many'), request).status).toBe(413);
  });

  it('maps a body that is not JSON to malformed_json', () => {
    const parserError = Object.assign(new SyntaxError('Unexpected token } in JSON at position 1'), {
      type: 'entity.parse.failed',
      status: 400,
    });
    const mapped = mapError(parserError, request);
    expect(mapped.status).toBe(400);
    expect(mapped.body.error.code).toBe('malformed_json');
    expect(mapped.body.error.message).toContain('not valid JSON');
  });

  it('maps a body over the size limit to payload_too_large (413)', () => {
    const parserError = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
      limit: 100,
    });
    const mapped = mapError(parserError, request);
    expect(mapped.status).toBe(413);
    expect(mapped.body.error.code).toBe('payload_too_large');
  });

  it('maps an unknown route to route_not_found and points at the spec', () => {
    const mapped = mapError(new NotFoundException('Cannot GET /v1/somewhere'), request);
    expect(mapped.status).toBe(404);
    expect(mapped.body.error).toEqual({
      code: 'route_not_found',
      message: 'there is no route GET /v1/somewhere; the API is described at /openapi.json',
    });
  });

  it('maps a known path asked with another method to 405 method_not_allowed, with the methods it allows', () => {
    const mapped = mapError(new NotFoundException('Cannot DELETE /v1/journeys/jr_1'), {
      method: 'DELETE',
      path: '/v1/journeys/jr_1',
    });
    expect(mapped).toEqual({
      status: 405,
      allow: ['GET'],
      body: {
        error: {
          code: 'method_not_allowed',
          message:
            'DELETE is not allowed on /v1/journeys/jr_1: it answers GET; the API is described at /openapi.json',
        },
      },
    });
    expect(
      mapError(new NotFoundException(), { method: 'GET', path: '/v1/instances/in_1/pause' }).allow,
    ).toEqual(['POST']);
  });

  it('maps other Nest HTTP errors by status', () => {
    expect(mapError(new PayloadTooLargeException(), request)).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    });
  });

  it('hides unexpected errors behind a 500 with an error id to quote', () => {
    const mapped = mapError(new TypeError('cannot read properties of undefined'), request, fixedId);
    expect(mapped.status).toBe(500);
    expect(mapped.errorId).toBe('err-1');
    expect(mapped.body.error).toEqual({
      code: 'internal_error',
      message: 'an unexpected error occurred; quote errorId err-1 when reporting it',
      errorId: 'err-1',
    });
    expect(JSON.stringify(mapped.body)).not.toContain('cannot read');
  });

  it('gives each unexpected error its own id', () => {
    const a = mapError(new Error('x'), request).errorId;
    const b = mapError(new Error('x'), request).errorId;
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });
});
