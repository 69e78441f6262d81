/**
 * Effects: what the orchestrator must do after it has stored the stepped instance (outbox).
 * Every effect carries a deterministic id so that re-publishing after a crash is deduplicated.
 */

/** The channel a `send` effect goes out on; one per channel node kind. */
export type SendChannel = 'email' | 'sms' | 'push' | 'whatsapp' | 'webhook';

export type Effect =
  | { kind: 'schedule_timer'; id: string; timerId: string; dueAt: number; tokenId: string; nodeId: string }
  | { kind: 'cancel_timer'; id: string; timerId: string }
  | {
      kind: 'send';
      id: string;
      channel: SendChannel;
      /** hash(instance id, node id, visit): the exactly-once key. Equal to `id`. */
      sendKey: string;
      nodeId: string;
      visit: number;
      /** The node's config (template, subject, url, ...), as published in the version. Not rendered. */
      config: Record<string, unknown>;
    }
  | {
      kind: 'update_profile';
      id: string;
      nodeId: string;
      set?: Record<string, unknown>;
      unset?: string[];
      increment?: Record<string, number>;
    }
  | { kind: 'tag'; id: string; nodeId: string; add?: string[]; remove?: string[] };

export type EffectKind = Effect['kind'];
