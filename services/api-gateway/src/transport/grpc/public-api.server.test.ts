import { Metadata } from '@grpc/grpc-js';
import { addressOf, authorizationOf } from './public-api.server';

const metadata = (entries: Record<string, string>) => {
  const m = new Metadata();
  for (const [k, v] of Object.entries(entries)) m.set(k, v);
  return m;
};

describe('reading a gRPC call', () => {
  it('takes the credential from authorization, else from x-api-key (as a bearer key)', () => {
    expect(authorizationOf(metadata({ authorization: 'Bearer kal_a' }))).toBe('Bearer kal_a');
    expect(authorizationOf(metadata({ 'x-api-key': ' kal_b ' }))).toBe('Bearer kal_b');
    expect(authorizationOf(metadata({ authorization: 'Bearer kal_a', 'x-api-key': 'kal_b' }))).toBe(
      'Bearer kal_a',
    );
    expect(authorizationOf(metadata({ authorization: ' ', 'x-api-key': '' }))).toBeUndefined();
    expect(authorizationOf(new Metadata())).toBeUndefined();
  });

  it('records the caller address without its port, as REST records req.ip', () => {
    expect(addressOf('127.0.0.1:52144')).toBe('127.0.0.1');
    expect(addressOf('ipv4:10.0.0.7:52144')).toBe('10.0.0.7');
    expect(addressOf('[::1]:52144')).toBe('::1');
    expect(addressOf('ipv6:[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(addressOf('unix:/tmp/socket')).toBe('unix:/tmp/socket');
  });
});
