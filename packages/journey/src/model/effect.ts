/**
 * Effects: what the orchestrator must do after it has stored the stepped instance (outbox).
 * Every effect carries a deterministic id so that re-publishing after a crash is deduplicated.
 */

export type Effect =
  | { kind: 'schedule_timer'; id: string; timerId: string; dueAt: number; tokenId: string; nodeId: string }
  | { kind: 'cancel_timer'; id: string; timerId: string }
  | {
      kind: 'send';
      id: string;
      channel: 'email';
      /** hash(instance id, node id, visit): the exactly-once key. Equal to `id`. */
      sendKey: string;
      nodeId: string;
      visit: number;
      /** The node's config (template, subject, ...), as published in the version. */
      config: Record<string, unknown>;
    };

export type EffectKind = Effect['kind'];
