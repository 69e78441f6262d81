import type { MemberStore } from '../ports/member-store.port';
import type { Role } from './permissions';
import { TtlCache } from './ttl-cache';

/**
 * A JWT's member role, looked up per request and remembered for a few seconds (as API keys are).
 * A change of members through this gateway is seen at once; through another replica, as soon as its
 * notice arrives (ReplicaNotices), or within the cache time if the notice is lost.
 */
export class MemberDirectory {
  private readonly cache: TtlCache<string, Role | null>;
  private readonly generations = new Map<string, number>();

  constructor(
    private readonly store: Pick<MemberStore, 'findMember'>,
    cacheMs: number,
  ) {
    this.cache = new TtlCache<string, Role | null>(() => cacheMs);
  }

  /** The role of the member the token's subject (or else email) names; null: not a member. */
  roleOf(workspaceId: string, subject: string, email?: string): Promise<Role | null> {
    const generation = this.generations.get(workspaceId) ?? 0;
    const key = JSON.stringify([workspaceId, generation, subject, email ?? null]);
    return this.cache.get(key, async () => {
      const member = await this.store.findMember(workspaceId, {
        subject,
        ...(email !== undefined && { email }),
      });
      return member?.role ?? null;
    });
  }

  /** Forgets what is remembered of the workspace's members (they changed). */
  forget(workspaceId: string): void {
    this.generations.set(workspaceId, (this.generations.get(workspaceId) ?? 0) + 1);
  }
}
