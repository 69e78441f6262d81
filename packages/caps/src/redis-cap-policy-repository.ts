/**
 * Cap policies in Redis, one JSON string per workspace beside the counters it governs (no
 * expiry). Redis persistence (AOF/RDB) must be on in production for policies to survive a
 * restart; see docs/frequency-caps.md.
 */
import type { Redis } from '@kalcifer/platform';
import { parseCapPolicy, parseStoredCapPolicy, type CapPolicy } from './cap-policy';
import { CapKeys, DEFAULT_CAP_KEY_PREFIX } from './cap-keys';
import type { CapPolicyRepository } from './cap-policy-repository';

export class RedisCapPolicyRepository implements CapPolicyRepository {
  private readonly keys: CapKeys;

  constructor(
    private readonly redis: Redis,
    options: { keyPrefix?: string } = {},
  ) {
    this.keys = new CapKeys(options.keyPrefix ?? DEFAULT_CAP_KEY_PREFIX);
  }

  async getPolicy(workspaceId: string): Promise<CapPolicy> {
    const key = this.keys.policy(workspaceId);
    const stored = await this.redis.get(key);
    if (stored === null) return { rules: [] };
    // Stored policies were validated on the way in; re-validate so a hand-edited key fails loudly
    // (a webhook rule stored before such rules were refused is left out: it never applied).
    return parseStoredCapPolicy(JSON.parse(stored));
  }

  async setPolicy(workspaceId: string, policy: unknown): Promise<CapPolicy> {
    const key = this.keys.policy(workspaceId);
    const valid = parseCapPolicy(policy);
    await this.redis.set(key, JSON.stringify(valid));
    return valid;
  }
}
