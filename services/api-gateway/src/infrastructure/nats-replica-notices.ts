import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from '@kalcifer/platform';
import type { ReplicaNoticeHandlers, ReplicaNotices } from '../ports/replica-notices.port';

/**
 * Core NATS (not JetStream: a notice matters only to the replicas running now):
 * `kalcifer.<workspaceId>.gateway.members` and `kalcifer.<workspaceId>.gateway.api-key-revoked`.
 * Outside every stream's subjects (contracts' jetstream/streams.ts), so a publish is not captured.
 */
const subject = (workspaceId: string, kind: 'members' | 'api-key-revoked') =>
  `kalcifer.${workspaceId}.gateway.${kind}`;
const ALL = 'kalcifer.*.gateway.*';

export class NatsReplicaNotices implements ReplicaNotices {
  private subscription: Subscription | undefined;

  constructor(
    private readonly nc: NatsConnection,
    private readonly logger: Logger,
  ) {}

  membersChanged(workspaceId: string): void {
    this.publish(subject(workspaceId, 'members'), {});
  }

  apiKeyRevoked(workspaceId: string, keyHash: string): void {
    this.publish(subject(workspaceId, 'api-key-revoked'), { keyHash });
  }

  /** Acts on every replica's notices; resolves once the server has the subscription. */
  async listen(handlers: ReplicaNoticeHandlers): Promise<void> {
    this.subscription = this.nc.subscribe(ALL, {
      callback: (err, msg) => {
        if (err) return this.logger.warn({ err }, 'replica notices subscription failed');
        const [, workspaceId, , kind] = msg.subject.split('.');
        try {
          if (kind === 'members') handlers.membersChanged(workspaceId);
          else if (kind === 'api-key-revoked') {
            const { keyHash } = msg.json<{ keyHash?: unknown }>();
            if (typeof keyHash === 'string') handlers.apiKeyRevoked(keyHash);
          }
        } catch (e) {
          this.logger.warn({ err: e, subject: msg.subject }, 'unreadable replica notice ignored');
        }
      },
    });
    await this.nc.flush();
  }

  close(): void {
    this.subscription?.unsubscribe();
  }

  private publish(to: string, body: object): void {
    try {
      this.nc.publish(to, JSON.stringify(body));
    } catch (err) {
      // Closed or draining connection: the other replicas fall back to their cache time.
      this.logger.warn({ err, subject: to }, 'replica notice not sent');
    }
  }
}
