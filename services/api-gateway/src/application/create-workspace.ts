import { invalid } from '@kalcifer/platform';
import type { WorkspaceStore } from '../ports/workspace-store.port';
import { checkChosenApiKey, generateApiKey, generateWorkspaceId, hashApiKey } from './api-key';

export interface CreateWorkspaceInput {
  name: string;
  /** An admin key chosen by the operator (e.g. KALCIFER_API_KEY); generated when absent. */
  apiKey?: string;
}

export interface CreatedWorkspace {
  workspaceId: string;
  apiKey: string;
  /** False when the given key already belonged to a workspace (nothing was created). */
  created: boolean;
}

/**
 * Creates a workspace with an admin API key. With a chosen key it is idempotent, keyed by the
 * key's hash: running it twice (or twice at once) yields one workspace.
 */
export async function createWorkspace(
  store: WorkspaceStore,
  input: CreateWorkspaceInput,
): Promise<CreatedWorkspace> {
  const name = input.name.trim();
  if (!name) throw invalid('invalid_request', 'a workspace needs a non-empty name');
  if (input.apiKey !== undefined) {
    const problem = checkChosenApiKey(input.apiKey);
    if (problem) throw invalid('invalid_api_key', problem);
  }
  const apiKey = input.apiKey ?? generateApiKey();
  const keyHash = hashApiKey(apiKey);

  const existing = await store.findApiKey(keyHash);
  if (existing) return { workspaceId: existing.workspaceId, apiKey, created: false };

  const now = new Date();
  const workspaceId = generateWorkspaceId();
  await store.insertWorkspace({ id: workspaceId, name, createdAt: now });
  const outcome = await store.insertApiKey({
    keyHash,
    workspaceId,
    name: 'admin',
    role: 'admin',
    createdAt: now,
    // A generated key is listed by its first characters, like one made with POST /v1/api-keys;
    // a key the operator chose is not (part of a secret they may use elsewhere).
    ...(input.apiKey === undefined && { prefix: apiKey.slice(0, 12) }),
  });
  if (outcome === 'inserted') return { workspaceId, apiKey, created: true };

  // Another run inserted the same key between our lookup and insert: its workspace wins.
  await store.deleteWorkspace(workspaceId);
  const winner = await store.findApiKey(keyHash);
  if (!winner) throw new Error('api key reported as duplicate but not found');
  return { workspaceId: winner.workspaceId, apiKey, created: false };
}
