/** Where each workspace's cap policy is kept (the port). */
import type { CapPolicy } from './cap-policy';

export interface CapPolicyRepository {
  /** The workspace's policy; `{ rules: [] }` (no caps) when none was set. */
  getPolicy(workspaceId: string): Promise<CapPolicy>;
  /** Validates `policy` (throws CapPolicyError, storing nothing) and replaces the stored one. */
  setPolicy(workspaceId: string, policy: unknown): Promise<CapPolicy>;
}
