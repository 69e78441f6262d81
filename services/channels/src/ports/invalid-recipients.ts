import type { Channel } from './channel-provider';

/** An address a provider declared dead (an unregistered push token), and why. */
export interface InvalidRecipient {
  workspaceId: string;
  channel: Channel;
  /** The adapter that reported it (`fcm`, `apns`). */
  provider: string;
  /** The address as sent (the device token). */
  address: string;
  /** The provider's reason code (`UNREGISTERED`, `Unregistered`...). */
  reason: string;
  at: Date;
}

/**
 * Addresses a provider reported invalid, per workspace: a send to one is skipped without a
 * provider call. Workspace-scoped: every method takes the workspace id.
 */
export interface InvalidRecipients {
  mark(recipient: InvalidRecipient): Promise<void>;
  find(workspaceId: string, channel: Channel, address: string): Promise<InvalidRecipient | null>;
}

export const INVALID_RECIPIENTS = Symbol('InvalidRecipients');
