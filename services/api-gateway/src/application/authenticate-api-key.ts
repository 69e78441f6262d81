import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@kalcifer/platform';
import { WORKSPACE_STORE, type WorkspaceStore } from '../ports/workspace-store.port';
import { TtlCache } from './ttl-cache';
import { hashApiKey } from './api-key';
import type { Principal } from './principal';

export const API_KEY_CACHE = Symbol('ApiKeyCache');
export type ApiKeyCache = TtlCache<string, Principal | null>;

const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);

/**
 * Resolves `Authorization: Bearer <key>` to a workspace. Answers (also "no such key") are cached
 * in memory for a few seconds: the event ingestion path must not hit MongoDB per request.
 */
@Injectable()
export class AuthenticateApiKey {
  constructor(
    @Inject(WORKSPACE_STORE) private readonly store: WorkspaceStore,
    @Inject(API_KEY_CACHE) private readonly cache: ApiKeyCache,
  ) {}

  async execute(authorization: string | undefined): Promise<Principal> {
    if (!authorization || authorization.trim() === '') {
      throw unauthenticated('missing_api_key', 'send your API key as "Authorization: Bearer <api key>"');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw unauthenticated('invalid_api_key', 'the Authorization header must be "Bearer <api key>"');
    }
    const keyHash = hashApiKey(match[1]);
    const principal = await this.cache.get(keyHash, async () => {
      const record = await this.store.findApiKey(keyHash);
      return record
        ? { workspaceId: record.workspaceId, role: record.role, actor: `api_key:${record.name}` }
        : null;
    });
    if (!principal)
      throw unauthenticated('invalid_api_key', 'this API key is not valid (revoked or mistyped)');
    return principal;
  }
}
