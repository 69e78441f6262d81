import { Inject, Injectable } from '@nestjs/common';
import { invalid, notFound } from '@kalcifer/platform';
import { WORKSPACE_STORE, type ApiKeyRecord, type WorkspaceStore } from '../ports/workspace-store.port';
import { REPLICA_NOTICES, type ReplicaNotices } from '../ports/replica-notices.port';
import { generateApiKey, hashApiKey } from './api-key';
import { API_KEY_CACHE, type ApiKeyCache } from './authenticate-api-key';
import type { Role } from './permissions';
import type { Principal } from './principal';

/** A key's public id: derived from its hash (80 of 256 bits), so legacy keys have one too. */
export function apiKeyId(keyHash: string): string {
  return `key_${keyHash.slice(0, 20)}`;
}

export interface CreateApiKeyInput {
  name: string;
  role: Role;
  /** ISO timestamp; the key is refused from then on. */
  expiresAt?: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  role: Role;
  /** The key's first characters, to recognise it (`kal_AbCd1234`); null for operator-chosen keys. */
  prefix: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export function toApiKeyView(k: ApiKeyRecord, now = new Date()): ApiKeyView {
  return {
    id: apiKeyId(k.keyHash),
    name: k.name,
    role: k.role,
    prefix: k.prefix ?? null,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    expiresAt: iso(k.expiresAt),
    revokedAt: iso(k.revokedAt),
    status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= now ? 'expired' : 'active',
  };
}

/** Admins create (the key is shown once), list and revoke their workspace's API keys. */
@Injectable()
export class ApiKeys {
  constructor(
    @Inject(WORKSPACE_STORE) private readonly store: WorkspaceStore,
    @Inject(API_KEY_CACHE) private readonly cache: ApiKeyCache,
    @Inject(REPLICA_NOTICES) private readonly replicas: ReplicaNotices,
  ) {}

  async create(p: Principal, input: CreateApiKeyInput): Promise<ApiKeyView & { key: string }> {
    const now = new Date();
    let expiresAt: Date | undefined;
    if (input.expiresAt !== undefined) {
      expiresAt = new Date(input.expiresAt);
      if (expiresAt <= now)
        throw invalid('invalid_request', `expiresAt (${input.expiresAt}) must be in the future`);
    }
    const key = generateApiKey();
    const record: ApiKeyRecord = {
      keyHash: hashApiKey(key),
      workspaceId: p.workspaceId,
      name: input.name.trim(),
      role: input.role,
      createdAt: now,
      prefix: key.slice(0, 12),
      expiresAt,
    };
    // 190 random bits: a duplicate hash does not happen; treat it as a failure if it does.
    if ((await this.store.insertApiKey(record)) !== 'inserted') throw new Error('generated API key collided');
    return { ...toApiKeyView(record, now), key };
  }

  async list(p: Principal): Promise<{ keys: ApiKeyView[] }> {
    const now = new Date();
    return { keys: (await this.store.listApiKeys(p.workspaceId)).map((k) => toApiKeyView(k, now)) };
  }

  async revoke(p: Principal, id: string): Promise<ApiKeyView> {
    const hashPrefix = /^key_([0-9a-f]{20})$/.exec(id)?.[1];
    const revoked = hashPrefix ? await this.store.revokeApiKey(p.workspaceId, hashPrefix, new Date()) : null;
    if (!revoked) throw notFound('api_key_not_found', `API key ${id} does not exist in this workspace`);
    this.cache.delete(revoked.keyHash);
    this.replicas.apiKeyRevoked(p.workspaceId, revoked.keyHash);
    return toApiKeyView(revoked);
  }
}
