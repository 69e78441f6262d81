/**
 * Redis key names of the frequency caps. Every key carries the workspace id; the keys of one
 * customer share a hash tag (`{workspace/customer}`) so a script touching them runs on one
 * Redis Cluster slot. Ids are URI-encoded so that `:`, `{`, `}` or `/` inside them cannot make
 * two customers' keys collide.
 */
import type { CapChannel } from './cap-policy';

export const DEFAULT_CAP_KEY_PREFIX = 'kalcifer:caps';
const MAX_ID_LENGTH = 512;

export function checkId(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`${what} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  if (value.length > MAX_ID_LENGTH) throw new TypeError(`${what} is longer than ${MAX_ID_LENGTH} characters`);
  return value;
}

export class CapKeys {
  constructor(private readonly prefix: string = DEFAULT_CAP_KEY_PREFIX) {}

  private customer(workspaceId: string, customerId: string): string {
    const ws = encodeURIComponent(checkId('workspaceId', workspaceId));
    const customer = encodeURIComponent(checkId('customerId', customerId));
    return `${this.prefix}:{${ws}/${customer}}`;
  }

  /** ZSET of the customer's sends on one channel: member = send key, score = send time (ms). */
  channelSends(workspaceId: string, customerId: string, channel: CapChannel): string {
    return `${this.customer(workspaceId, customerId)}:sends:${channel}`;
  }

  /** ZSET of the customer's sends on every channel: member = `<channel>:<send key>`, score = send time. */
  allSends(workspaceId: string, customerId: string): string {
    return `${this.customer(workspaceId, customerId)}:sends:all`;
  }

  /** The remembered decision for one send key (so a retry gets the same answer). */
  decision(workspaceId: string, customerId: string, sendKey: string): string {
    return `${this.customer(workspaceId, customerId)}:decision:${encodeURIComponent(checkId('sendKey', sendKey))}`;
  }

  /** The workspace's policy (JSON string, no expiry). */
  policy(workspaceId: string): string {
    return `${this.prefix}:{${encodeURIComponent(checkId('workspaceId', workspaceId))}}:policy`;
  }
}
