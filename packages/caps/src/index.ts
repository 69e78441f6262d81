/** Frequency caps per workspace, customer and channel (docs/frequency-caps.md). */
export * from './cap-policy';
export type { CapDecision, FrequencyCaps, RecentSend } from './frequency-caps';
export type { CapPolicyRepository } from './cap-policy-repository';
export { RedisFrequencyCaps, type RedisFrequencyCapsOptions } from './redis-frequency-caps';
export { RedisCapPolicyRepository } from './redis-cap-policy-repository';
export { DEFAULT_CAP_KEY_PREFIX } from './cap-keys';
