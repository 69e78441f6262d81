import type { Server } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, service as healthService } from 'grpc-health-check';
import { PUBLIC_API_DESCRIPTOR_SET } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';

/** The service's full name, as health checks and reflection name it. */
export const PUBLIC_API_SERVICE = 'kalcifer.api.v1.PublicApiService';
export const HEALTH_SERVICE = 'grpc.health.v1.Health';

/** The encoded FileDescriptorProtos of a FileDescriptorSet (`repeated FileDescriptorProto file = 1`). */
export function fileDescriptorProtos(set: Buffer): Buffer[] {
  const files: Buffer[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = set[at++];
      if (byte === undefined) throw new Error('truncated FileDescriptorSet');
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < set.length) {
    const tag = varint();
    if (tag !== 0x0a) throw new Error(`unexpected field tag ${tag} in a FileDescriptorSet`);
    const length = varint();
    files.push(set.subarray(at, at + length));
    at += length;
  }
  return files;
}

/**
 * Server reflection (grpc.reflection.v1 and v1alpha) of the public API and the health service,
 * from the descriptors built with the generated code (no .proto file read at run time).
 */
export function addReflection(server: Server): void {
  const descriptors = {
    [PUBLIC_API_SERVICE]: {
      fileDescriptorProtos: fileDescriptorProtos(Buffer.from(PUBLIC_API_DESCRIPTOR_SET, 'base64')),
    },
    [HEALTH_SERVICE]: { fileDescriptorProtos: healthService.Check.requestType.fileDescriptorProtos },
  } as unknown as ConstructorParameters<typeof ReflectionService>[0];
  new ReflectionService(descriptors).addToServer(server);
}

/**
 * The standard gRPC health service (grpc.health.v1.Health) answering what GET /readyz answers:
 * SERVING while the gateway's dependencies (NATS, MongoDB, the orchestrator) answer, NOT_SERVING
 * otherwise and from the start of a shutdown. Readiness is probed every `intervalMs`, so Check is
 * as cheap as a map lookup and Watch streams each change.
 */
export class ReadinessHealth {
  private readonly health = new HealthImplementation({
    '': 'NOT_SERVING',
    [PUBLIC_API_SERVICE]: 'NOT_SERVING',
  });
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private stopped = false;
  private serving: boolean | undefined;

  constructor(
    private readonly ready: () => Promise<boolean>,
    private readonly logger: Logger,
    private readonly intervalMs = 2_000,
  ) {}

  addToServer(server: Server): void {
    this.health.addToServer(server);
  }

  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  /** NOT_SERVING from now on: balancers stop sending new calls while open ones finish. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.set(false);
  }

  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    try {
      const ready = await this.ready().catch(() => false);
      if (!this.stopped) this.set(ready);
    } finally {
      this.probing = false;
    }
  }

  private set(serving: boolean): void {
    if (serving === this.serving) return;
    if (this.serving !== undefined)
      this.logger.info({ serving }, `public gRPC health: ${serving ? 'SERVING' : 'NOT_SERVING'}`);
    this.serving = serving;
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    this.health.setStatus(PUBLIC_API_SERVICE, status);
  }
}
