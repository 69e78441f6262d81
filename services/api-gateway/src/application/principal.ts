import type { Role } from './permissions';

/** Who is calling: resolved from an API key or a JWT by the auth middleware, handed to every use case. */
export interface Principal {
  workspaceId: string;
  role: Role;
  /** Recorded as the actor of changes (audit): `api_key:<key name>` or `user:<jwt sub>`. */
  actor: string;
  /** The credential, for per-key rate limits: `key_<id>` or `jwt:<sub>`. */
  credentialId?: string;
}
