/** What the send path and the orchestrator need from the caps (the port; Redis implements it). */
import type { CapChannel, CapRule, CapRuleChannel } from './cap-policy';

/** The answer to one reservation. `replayed`: the send key had been decided before (a retry). */
export type CapDecision =
  | { allowed: true; replayed: boolean }
  | {
      allowed: false;
      /** The rule that decided; its `onCapped` says what to do (skip: next edge; delay: wait). */
      rule: CapRule;
      /** Its position in the policy's `rules` when the decision was made. */
      ruleIndex: number;
      /** Epoch ms at which the send would fit under every exceeded rule (the next allowed time). */
      retryAt: number;
      replayed: boolean;
    };

export interface RecentSend {
  channel: CapChannel;
  /** Epoch ms of the reservation. */
  at: number;
}

export interface FrequencyCaps {
  /**
   * Checks every rule that applies to `channel` and, if all allow, counts the send. Atomic and
   * idempotent per `sendKey`: the same key gets the same answer and is counted at most once
   * (a `delay` answer holds until its `retryAt`; asking at or after it decides again).
   */
  reserve(
    workspaceId: string,
    customerId: string,
    channel: CapChannel,
    sendKey: string,
    now: number,
    rules: readonly CapRule[],
  ): Promise<CapDecision>;
  /**
   * Uncounts a send that never reached the provider and never will (failed permanently before
   * the provider accepted it). Returns true when a counted send was removed.
   */
  release(workspaceId: string, customerId: string, channel: CapChannel, sendKey: string): Promise<boolean>;
  /** How many counted sends on `channel` (`*`: all channels) are newer than `now - windowMs`; read-only. */
  countRecent(
    workspaceId: string,
    customerId: string,
    channel: CapRuleChannel,
    windowMs: number,
    now: number,
  ): Promise<number>;
  /** The customer's counted sends at or after `sinceMs` (epoch ms), newest first. */
  recentSends(
    workspaceId: string,
    customerId: string,
    sinceMs: number,
    limit?: number,
  ): Promise<RecentSend[]>;
}
