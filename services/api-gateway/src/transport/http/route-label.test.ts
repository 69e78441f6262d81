import { routeLabeller } from './route-label';

describe('route labels for metrics', () => {
  const label = routeLabeller([
    '/v1/journeys/{id}',
    '/v1/journeys/{id}/versions/{n}',
    '/v1/events',
    '/v1/events/batch',
    '/healthz',
  ]);

  it('names the template a path belongs to', () => {
    expect(label('/v1/journeys/j_123')).toBe('/v1/journeys/{id}');
    expect(label('/v1/journeys/j_123/versions/2')).toBe('/v1/journeys/{id}/versions/{n}');
    expect(label('/v1/events/batch')).toBe('/v1/events/batch');
    expect(label('/v1/events/')).toBe('/v1/events');
  });

  it('puts every unknown path under one label (bounded series)', () => {
    expect(label('/v1/journeys/a/b/c/d')).toBe('unmatched');
    expect(label('/wp-admin')).toBe('unmatched');
  });
});
