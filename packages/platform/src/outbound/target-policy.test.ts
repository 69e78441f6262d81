import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardedHttpRequest } from './guarded-http';
import { checkOutboundTarget, embeddedIpv4, isPrivateAddress, OutboundTargetError } from './target-policy';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fe80::1%eth0',
    'fd12:3456::1',
    'fc00::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('accepts the public address %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it('reads the IPv4 address inside mapped and NAT64 IPv6 addresses', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('0:0:0:0:0:ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(embeddedIpv4('2606:4700::1111')).toBeUndefined();
  });
});

describe('checkOutboundTarget', () => {
  const resolvingTo =
    (...addresses: string[]) =>
    () =>
      Promise.resolve(addresses);

  it('refuses a host when any of its addresses is private (IPv4 or IPv6)', async () => {
    await expect(
      checkOutboundTarget('https://hooks.example.com/x', {
        allowPrivate: false,
        resolve: resolvingTo('93.184.216.34', '::ffff:127.0.0.1'),
      }),
    ).rejects.toThrow(/resolves to ::ffff:127.0.0.1, a private, loopback or link-local address/);
    await expect(
      checkOutboundTarget('https://hooks.example.com/x', {
        allowPrivate: false,
        resolve: resolvingTo('fe80::1'),
      }),
    ).rejects.toThrow(OutboundTargetError);
  });

  it('refuses literal private addresses, including bracketed IPv6 and the metadata service', async () => {
    for (const url of [
      'http://127.0.0.1:8080/',
      'http://[::1]/',
      'http://[::ffff:169.254.169.254]/',
      'http://169.254.169.254/latest',
    ])
      await expect(checkOutboundTarget(url, { allowPrivate: false })).rejects.toThrow(OutboundTargetError);
  });

  it('resolves localhost with the system resolver and refuses it', async () => {
    await expect(checkOutboundTarget('http://localhost:1/', { allowPrivate: false })).rejects.toThrow(
      /localhost resolves to/,
    );
  });

  it('refuses other schemes and accepts public hosts', async () => {
    await expect(checkOutboundTarget('file:///etc/passwd', { allowPrivate: false })).rejects.toThrow(/file:/);
    await expect(
      checkOutboundTarget('https://hooks.example.com/x', {
        allowPrivate: false,
        resolve: resolvingTo('93.184.216.34'),
      }),
    ).resolves.toEqual(['93.184.216.34']);
  });

  it('lets a workspace that allows private targets reach them', async () => {
    await expect(checkOutboundTarget('http://127.0.0.1:9/', { allowPrivate: true })).resolves.toEqual([
      '127.0.0.1',
    ]);
  });
});

describe('guardedHttpRequest', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(201, { 'x-request-id': 'r1' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    timeoutMs: 2_000,
  };

  it('does not connect to a refused target', async () => {
    await expect(
      guardedHttpRequest(`http://127.0.0.1:${port}/refused`, post, { allowPrivate: false }),
    ).rejects.toThrow(OutboundTargetError);
    // A name whose DNS answer is private is refused before any connection too.
    await expect(
      guardedHttpRequest(`http://receiver.test:${port}/rebound`, post, {
        allowPrivate: false,
        resolve: () => Promise.resolve(['127.0.0.1']),
      }),
    ).rejects.toThrow(OutboundTargetError);
    expect(hits).toEqual([]);
  });

  it('connects to the checked address when allowed', async () => {
    const res = await guardedHttpRequest(`http://receiver.test:${port}/ok`, post, {
      allowPrivate: true,
      resolve: () => Promise.resolve(['127.0.0.1']),
    });
    expect(res).toMatchObject({ status: 201, text: 'ok' });
    expect(res.headers.get('x-request-id')).toBe('r1');
    expect(hits).toEqual(['/ok']);
  });
});
