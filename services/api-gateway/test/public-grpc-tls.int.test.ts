/**
 * The public gRPC port as an operator runs it: TLS with the gateway's own certificate (a real
 * handshake; the SDK trusts it through its `ca` option), the standard grpc.health.v1 service
 * following readiness, server reflection listing the API, and every call counted on /metrics.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import mongoose from 'mongoose';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { KalciferClient, KalciferError } from '@kalcifer/sdk';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, memoryLogger, startGateway, unusedPort } from './support';

const DB = `kalcifer_gateway_grpc_tls_${randomBytes(3).toString('hex')}`;
const dir = mkdtempSync(path.join(tmpdir(), 'kalcifer-grpc-tls-'));
const certFile = path.join(dir, 'server.crt');
const keyFile = path.join(dir, 'server.key');

/** A self-signed P-256 certificate for localhost and 127.0.0.1, by Debian's openssl. */
function selfSigned(cert: string, key: string, cn = 'localhost'): void {
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', `/CN=${cn}`,
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'ignore' }); // prettier-ignore
}

const loadOptions = { keepCase: true, enums: String, defaults: true, oneofs: true };
const health = protoLoader.loadSync(healthProtoPath, loadOptions)[
  'grpc.health.v1.Health'
] as protoLoader.ServiceDefinition;
const reflection = protoLoader.loadSync(
  path.join(
    path.dirname(require.resolve('@grpc/reflection')),
    '../proto/grpc/reflection/v1/reflection.proto',
  ),
  loadOptions,
)['grpc.reflection.v1.ServerReflection'] as protoLoader.ServiceDefinition;

let gateway: GatewayHandle;
let orchestrator: FakeOrchestrator;
let connection: mongoose.Connection;
let apiKey: string;
let ca: Buffer;
let address: string;
const tlsCredentials = () => grpc.credentials.createSsl(ca);

function healthCheck(service: string): Promise<{ status: string }> {
  const client = new grpc.Client(address, tlsCredentials());
  const { path: method, requestSerialize, responseDeserialize } = health.Check;
  return new Promise((resolve, reject) =>
    client.makeUnaryRequest<object, object>(
      method,
      requestSerialize,
      responseDeserialize,
      { service },
      { deadline: Date.now() + 5_000 },
      (err, res) => {
        client.close();
        if (err) reject(err);
        else resolve(res as { status: string });
      },
    ),
  );
}

/** One request on a reflection stream (grpc.reflection.v1), its one answer. */
function reflect(request: Record<string, unknown>): Promise<ReflectionAnswer> {
  const client = new grpc.Client(address, tlsCredentials());
  const { path: method, requestSerialize, responseDeserialize } = reflection.ServerReflectionInfo;
  const stream = client.makeBidiStreamRequest<object, object>(method, requestSerialize, responseDeserialize, {
    deadline: Date.now() + 5_000,
  });
  return new Promise((resolve, reject) => {
    stream.once('data', (res: ReflectionAnswer) => {
      stream.end();
      client.close();
      resolve(res);
    });
    stream.once('error', reject);
    stream.write(request);
  });
}
interface ReflectionAnswer {
  list_services_response?: { service: { name: string }[] };
  file_descriptor_response?: { file_descriptor_proto: Buffer[] };
}

beforeAll(async () => {
  selfSigned(certFile, keyFile);
  ca = readFileSync(certFile);
  await dropDatabase(DB);
  orchestrator = await startFakeOrchestrator(memoryLogger().logger);
  gateway = await startGateway(DB, {
    ORCHESTRATOR_GRPC_URL: orchestrator.address,
    CHANNELS_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
    WEBHOOK_DELIVERY: 'off',
    PUBLIC_GRPC_TLS_CERT_FILE: certFile,
    PUBLIC_GRPC_TLS_KEY_FILE: keyFile,
  });
  address = `localhost:${gateway.grpcPort}`;
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  ({ apiKey } = await createWorkspace(new MongoWorkspaceStore(connection), { name: 'gRPC over TLS' }));
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await connection?.dropDatabase();
  await connection?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the public gRPC port with PUBLIC_GRPC_TLS_CERT_FILE / _KEY_FILE', () => {
  it('serves the SDK over TLS when the client trusts the certificate (ca option)', async () => {
    const client = new KalciferClient({ address, apiKey, tls: { ca } });
    try {
      const created = await client.createJourney({ name: 'Over TLS' });
      const listed = await client.listJourneys();
      expect(listed.journeys.map((j) => j.id)).toContain(created.id);
    } finally {
      client.close();
    }
  });

  it('refuses a plaintext client and a client that does not trust the certificate', async () => {
    const attempt = async (tls: boolean | undefined) => {
      const client = new KalciferClient({ address, apiKey, tls, retry: false, deadlineMs: 3_000 });
      try {
        await client.listJourneys();
        return 'answered';
      } catch (err) {
        return err instanceof KalciferError ? grpc.status[err.code] : String(err);
      } finally {
        client.close();
      }
    };
    // Plaintext against TLS: no HTTP/2 connection at all. System roots: the self-signed
    // certificate is not trusted, the handshake fails.
    expect(await attempt(undefined)).toBe('UNAVAILABLE');
    expect(await attempt(true)).toBe('UNAVAILABLE');
  });

  it('answers the standard health check SERVING for the server and for the API service', async () => {
    expect(await healthCheck('')).toEqual({ status: 'SERVING' });
    expect(await healthCheck('kalcifer.api.v1.PublicApiService')).toEqual({ status: 'SERVING' });
    await expect(healthCheck('no.such.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('lists the API and the health service by reflection, and describes the API with its imports', async () => {
    const listed = await reflect({ list_services: '*' });
    const names = listed.list_services_response!.service.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['kalcifer.api.v1.PublicApiService', 'grpc.health.v1.Health']),
    );

    const described = await reflect({ file_containing_symbol: 'kalcifer.api.v1.PublicApiService' });
    const files = described.file_descriptor_response!.file_descriptor_proto.map((b) =>
      Buffer.from(b).toString('latin1'),
    );
    // The API's file, with the method a client calls, and the file it imports (Struct).
    expect(
      files.some((f) => f.includes('kalcifer/api/v1/public_api.proto') && f.includes('EnrollCustomers')),
    ).toBe(true);
    expect(files.some((f) => f.includes('google/protobuf/struct.proto'))).toBe(true);
  });

  it('counts gRPC calls by method and code, with their latency, on /metrics', async () => {
    const anonymous = new KalciferClient({ address, apiKey: 'kal_not_a_key', tls: { ca }, retry: false });
    await expect(anonymous.listJourneys()).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
    anonymous.close();

    const metrics = (await call(gateway, 'GET', '/metrics')).body as string;
    const sample = (name: string, labels: string) =>
      Number(new RegExp(`^${name}\\{[^}]*${labels}[^}]*\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
    const api = 'grpc_service="kalcifer.api.v1.PublicApiService"';
    expect(
      sample(
        'grpc_server_handled_total',
        `${api},grpc_method="CreateJourney",grpc_type="unary",grpc_code="OK"`,
      ),
    ).toBe(1);
    expect(
      sample(
        'grpc_server_handled_total',
        `${api},grpc_method="ListJourneys",grpc_type="unary",grpc_code="OK"`,
      ),
    ).toBe(1);
    expect(
      sample(
        'grpc_server_handled_total',
        `${api},grpc_method="ListJourneys",grpc_type="unary",grpc_code="UNAUTHENTICATED"`,
      ),
    ).toBe(1);
    expect(
      sample(
        'grpc_server_handling_seconds_count',
        `${api},grpc_method="ListJourneys",grpc_type="unary",grpc_code="OK"`,
      ),
    ).toBe(1);
    expect(
      sample(
        'grpc_server_handled_total',
        'grpc_service="grpc.health.v1.Health",grpc_method="Check",grpc_type="unary",grpc_code="OK"',
      ),
    ).toBe(2);
  });

  it('turns NOT_SERVING when the gateway stops being ready (its orchestrator is gone)', async () => {
    await orchestrator.close();
    const deadline = Date.now() + 15_000;
    let status = 'SERVING';
    while (status === 'SERVING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (await healthCheck('')).status;
    }
    expect(status).toBe('NOT_SERVING');
    expect((await call(gateway, 'GET', '/readyz')).status).toBe(503);
  }, 30_000);
});
