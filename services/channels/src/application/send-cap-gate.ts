import type { CapPolicy, CapPolicyRepository, FrequencyCaps } from '@kalcifer/caps';
import type { DeliveryStatusMessage } from '@kalcifer/contracts';
import type { Channel } from '../ports/channel-provider';

/** The rule that capped or delayed a send, as the delivery status names it. */
export type CapRuleRef = NonNullable<DeliveryStatusMessage['capRule']>;

/** What the workspace's frequency caps say about one send. */
export type CapVerdict =
  | { kind: 'send' }
  | { kind: 'capped'; detail: string; capRule: CapRuleRef }
  | { kind: 'delay'; delayMs: number; retryAt: number; detail: string; capRule: CapRuleRef };

const POLICY_CACHE_MS = 1_000;

/**
 * Global frequency caps at send time (DESIGN.md §4.5, docs/frequency-caps.md): every customer
 * message is reserved atomically in Redis under its send key, so a redelivered intent gets the
 * same answer and is never counted twice. `call_webhook` calls the user's own systems, not the
 * customer: it is neither counted nor capped (a policy rule on `webhook` is refused).
 */
export class SendCapGate {
  private readonly policies = new Map<string, { at: number; policy: CapPolicy }>();

  constructor(
    private readonly caps: FrequencyCaps,
    private readonly repository: CapPolicyRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async check(send: {
    workspaceId: string;
    customerId: string;
    channel: Channel;
    sendKey: string;
  }): Promise<CapVerdict> {
    if (send.channel === 'webhook') return { kind: 'send' };
    const { rules } = await this.policy(send.workspaceId);
    const now = this.now();
    const decision = await this.caps.reserve(
      send.workspaceId,
      send.customerId,
      send.channel,
      send.sendKey,
      now,
      rules,
    );
    if (decision.allowed) return { kind: 'send' };
    const { rule, ruleIndex } = decision;
    const capRule = { index: ruleIndex, channel: rule.channel, limit: rule.limit, window: rule.window };
    const named = `the workspace rule "at most ${rule.limit} ${rule.channel === '*' ? 'messages' : rule.channel} per ${rule.window}" (rules[${ruleIndex}])`;
    if (rule.onCapped === 'skip') return { kind: 'capped', detail: `capped by ${named}`, capRule };
    return {
      kind: 'delay',
      delayMs: Math.max(0, decision.retryAt - now),
      retryAt: decision.retryAt,
      detail: `until ${new Date(decision.retryAt).toISOString()} by ${named}`,
      capRule,
    };
  }

  private async policy(workspaceId: string): Promise<CapPolicy> {
    const cached = this.policies.get(workspaceId);
    if (cached && this.now() - cached.at < POLICY_CACHE_MS) return cached.policy;
    const policy = await this.repository.getPolicy(workspaceId);
    this.policies.set(workspaceId, { at: this.now(), policy });
    return policy;
  }
}
