import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '@kalcifer/platform';
import { publicGrpcCredentials } from './public-grpc-tls';

const dir = mkdtempSync(path.join(tmpdir(), 'kalcifer-tls-unit-'));
const file = (name: string) => path.join(dir, name);

/** A self-signed P-256 certificate and its key, by Debian's openssl. */
function selfSigned(name: string): { cert: string; key: string } {
  const cert = file(`${name}.crt`);
  const key = file(`${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
  ], { stdio: 'ignore' }); // prettier-ignore
  return { cert, key };
}

const problemOf = (config: Parameters<typeof publicGrpcCredentials>[0]): string => {
  try {
    publicGrpcCredentials(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems.join('\n');
  }
  throw new Error('no error');
};

const a = selfSigned('a');
const b = selfSigned('b');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the public gRPC port credentials', () => {
  it('are plaintext when neither file is set, TLS when both are', () => {
    expect(publicGrpcCredentials({}).tls).toBe(false);
    expect(
      publicGrpcCredentials({ PUBLIC_GRPC_TLS_CERT_FILE: a.cert, PUBLIC_GRPC_TLS_KEY_FILE: a.key }).tls,
    ).toBe(true);
  });

  it('stop the start, saying what to fix, when a file is missing, unreadable as PEM or of another pair', () => {
    expect(problemOf({ PUBLIC_GRPC_TLS_CERT_FILE: a.cert })).toMatch(
      /go together: set both .*only the certificate is set/,
    );
    expect(problemOf({ PUBLIC_GRPC_TLS_KEY_FILE: a.key })).toMatch(/only the key is set/);
    expect(
      problemOf({ PUBLIC_GRPC_TLS_CERT_FILE: file('absent.crt'), PUBLIC_GRPC_TLS_KEY_FILE: a.key }),
    ).toBe(`PUBLIC_GRPC_TLS_CERT_FILE: cannot read ${file('absent.crt')} (ENOENT)`);
    writeFileSync(file('junk.crt'), 'not a certificate');
    expect(
      problemOf({ PUBLIC_GRPC_TLS_CERT_FILE: file('junk.crt'), PUBLIC_GRPC_TLS_KEY_FILE: a.key }),
    ).toMatch(/are not a PEM certificate chain and its private key/);
    // A key that belongs to another certificate.
    expect(problemOf({ PUBLIC_GRPC_TLS_CERT_FILE: a.cert, PUBLIC_GRPC_TLS_KEY_FILE: b.key })).toMatch(
      /not a PEM certificate chain and its private key \(.*key values mismatch/,
    );
  });
});
