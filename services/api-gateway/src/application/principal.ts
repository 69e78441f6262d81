import type { ApiKeyRole } from '../ports/workspace-store.port';

/** Who is calling: resolved from the API key by the auth middleware, handed to every use case. */
export interface Principal {
  workspaceId: string;
  role: ApiKeyRole;
  /** Recorded as the actor of changes (audit): `api_key:<key name>`. */
  actor: string;
}
