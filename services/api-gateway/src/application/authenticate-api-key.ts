import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppError } from '@kalcifer/platform';
import { WORKSPACE_STORE, type WorkspaceStore } from '../ports/workspace-store.port';
import { TtlCache } from './ttl-cache';
import { hashApiKey } from './api-key';
import { JWT_VERIFIER, looksLikeJwt, type JwtVerifier } from './verify-jwt';
import type { Principal } from './principal';

export const API_KEY_CACHE = Symbol('ApiKeyCache');

/** What a request needs of a key record, remembered for a few seconds. */
export interface CachedKey {
  principal: Principal;
  expiresAt?: Date;
  revokedAt?: Date;
}
export type ApiKeyCache = TtlCache<string, CachedKey | null>;

/** lastUsedAt is written at most once per key per this period (not once per request). */
const TOUCH_EVERY_MS = 60_000;

const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);

/**
 * Resolves `Authorization: Bearer <API key or JWT>` to a principal (workspace, role, actor).
 * Key answers (also "no such key") are cached in memory for a few seconds: the event ingestion
 * path must not hit MongoDB per request. Expiry is checked on every request; a revocation through
 * this gateway clears its cache at once, other replicas' when its notice arrives (ReplicaNotices;
 * within API_KEY_CACHE_MS if the notice is lost).
 */
@Injectable()
export class AuthenticateApiKey {
  private readonly touched = new Map<string, number>();

  constructor(
    @Inject(WORKSPACE_STORE) private readonly store: WorkspaceStore,
    @Inject(API_KEY_CACHE) private readonly cache: ApiKeyCache,
    @Optional() @Inject(JWT_VERIFIER) private readonly jwt?: JwtVerifier,
  ) {}

  async execute(authorization: string | undefined): Promise<Principal> {
    if (!authorization || authorization.trim() === '') {
      throw unauthenticated('missing_api_key', 'send your API key as "Authorization: Bearer <api key>"');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw unauthenticated('invalid_api_key', 'the Authorization header must be "Bearer <api key>"');
    }
    const token = match[1];
    if (this.jwt?.enabled && looksLikeJwt(token)) return this.jwt.verify(token);
    const keyHash = hashApiKey(token);
    const cached = await this.cache.get(keyHash, async () => {
      const record = await this.store.findApiKey(keyHash);
      if (!record) return null;
      return {
        principal: {
          workspaceId: record.workspaceId,
          role: record.role,
          actor: `api_key:${record.name}`,
          credentialId: `key_${keyHash.slice(0, 20)}`,
        },
        expiresAt: record.expiresAt,
        revokedAt: record.revokedAt,
      };
    });
    if (!cached) throw unauthenticated('invalid_api_key', 'this API key is not valid (mistyped or deleted)');
    if (cached.revokedAt)
      throw unauthenticated(
        'api_key_revoked',
        `this API key was revoked at ${cached.revokedAt.toISOString()}; ask an admin of the workspace for a new one`,
      );
    const now = Date.now();
    if (cached.expiresAt && cached.expiresAt.getTime() <= now)
      throw unauthenticated(
        'api_key_expired',
        `this API key expired at ${cached.expiresAt.toISOString()}; ask an admin of the workspace for a new one`,
      );
    this.touch(keyHash, now);
    return cached.principal;
  }

  private touch(keyHash: string, now: number): void {
    const last = this.touched.get(keyHash);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) return;
    if (this.touched.size > 10_000) this.touched.clear();
    this.touched.set(keyHash, now);
    // Best effort, off the request's path: a failed write only leaves lastUsedAt older.
    this.store.touchApiKey(keyHash, new Date(now)).catch(() => this.touched.delete(keyHash));
  }
}
