import type { NextFunction, Request, Response } from 'express';
import { loadGatewayConfig } from '../../config';
import { cors } from './cors.middleware';

/** A request and a response recording what the middleware did with them. */
function run(allowed: string[], method: string, headers: Record<string, string>) {
  const set: Record<string, string> = {};
  let status: number | undefined;
  let ended = false;
  const res = {
    setHeader: (name: string, value: string) => (set[name] = value),
    append: (name: string, value: string) => (set[name] = value),
    status: (code: number) => ((status = code), res),
    end: () => (ended = true),
  } as unknown as Response;
  let passed = false;
  const next: NextFunction = () => (passed = true);
  cors(allowed)({ method, headers } as Request, res, next);
  return { set, status, ended, passed };
}

const PAGE = 'https://shop.example';

describe('cors', () => {
  it('answers a preflight from an allowed origin itself, before authentication', () => {
    const r = run([PAGE], 'OPTIONS', { origin: PAGE, 'access-control-request-method': 'PUT' });
    expect(r).toMatchObject({ status: 204, ended: true, passed: false });
    expect(r.set).toMatchObject({
      'access-control-allow-origin': PAGE,
      'access-control-allow-methods': expect.stringContaining('PUT'),
      'access-control-allow-headers': expect.stringContaining('authorization'),
      vary: 'Origin',
    });
  });

  it('names an allowed origin on an ordinary request and lets it through', () => {
    const r = run([PAGE], 'GET', { origin: PAGE });
    expect(r).toMatchObject({ passed: true, ended: false });
    expect(r.set['access-control-allow-origin']).toBe(PAGE);
  });

  it('adds nothing for another origin, no origin, or when no origin is allowed', () => {
    for (const r of [
      run([PAGE], 'OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'GET' }),
      run([PAGE], 'GET', {}),
      run([], 'GET', { origin: PAGE }),
    ]) {
      expect(r).toMatchObject({ passed: true, ended: false });
      expect(r.set).toEqual({});
    }
  });
});

describe('CORS_ALLOWED_ORIGINS', () => {
  const load = (value: string) => loadGatewayConfig({ CORS_ALLOWED_ORIGINS: value }).CORS_ALLOWED_ORIGINS;

  it('is a list of origins, none by default', () => {
    expect(loadGatewayConfig({}).CORS_ALLOWED_ORIGINS).toEqual([]);
    expect(load(' https://shop.example, http://127.0.0.1:8081 ')).toEqual([
      'https://shop.example',
      'http://127.0.0.1:8081',
    ]);
  });

  it('refuses at boot what is not an origin, saying what to write', () => {
    for (const bad of ['https://shop.example/', 'shop.example', 'https://shop.example/app', '*']) {
      expect(() => load(bad)).toThrow(/CORS_ALLOWED_ORIGINS must be origins like https:\/\/shop\.example/);
    }
  });
});
