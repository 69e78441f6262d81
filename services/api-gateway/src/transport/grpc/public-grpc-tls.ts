import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ServerCredentials } from '@grpc/grpc-js';
import { ConfigError } from '@kalcifer/platform';
import type { GatewayConfig } from '../../config';

type TlsConfig = Pick<GatewayConfig, 'PUBLIC_GRPC_TLS_CERT_FILE' | 'PUBLIC_GRPC_TLS_KEY_FILE'>;

function readPem(key: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ConfigError([`${key}: cannot read ${file} (${reason})`]);
  }
}

/**
 * The public gRPC port's credentials: TLS when both PUBLIC_GRPC_TLS_CERT_FILE and
 * PUBLIC_GRPC_TLS_KEY_FILE are set, plaintext when neither is. Read and checked at boot (node's own
 * TLS parses the pair), so a missing file, a file that is not PEM or a key of another certificate
 * stops the start saying which, instead of failing every handshake later.
 */
export function publicGrpcCredentials(config: TlsConfig): { credentials: ServerCredentials; tls: boolean } {
  const certFile = config.PUBLIC_GRPC_TLS_CERT_FILE;
  const keyFile = config.PUBLIC_GRPC_TLS_KEY_FILE;
  if (!certFile && !keyFile) return { credentials: ServerCredentials.createInsecure(), tls: false };
  if (!certFile || !keyFile)
    throw new ConfigError([
      `PUBLIC_GRPC_TLS_CERT_FILE and PUBLIC_GRPC_TLS_KEY_FILE go together: set both for TLS, or neither for plaintext (only ${certFile ? 'the certificate' : 'the key'} is set)`,
    ]);
  const cert = readPem('PUBLIC_GRPC_TLS_CERT_FILE', certFile);
  const key = readPem('PUBLIC_GRPC_TLS_KEY_FILE', keyFile);
  try {
    createSecureContext({ cert, key });
  } catch (err) {
    throw new ConfigError([
      `PUBLIC_GRPC_TLS_CERT_FILE / PUBLIC_GRPC_TLS_KEY_FILE: ${certFile} and ${keyFile} are not a PEM certificate chain and its private key (${(err as Error).message})`,
    ]);
  }
  return {
    credentials: ServerCredentials.createSsl(null, [{ cert_chain: cert, private_key: key }], false),
    tls: true,
  };
}
