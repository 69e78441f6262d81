/** Signals move instances (DESIGN.md §3). Every signal has an id; a processed id is ignored. */

export interface CustomerEvent {
  id: string;
  name: string;
  properties: Record<string, unknown>;
  /** epoch ms */
  timestamp: number;
}

/** `delayed`: a frequency cap holds the send until `retryAt`; it is then sent (or capped again). */
export type DeliveryStatus =
  'sent' | 'delivered' | 'opened' | 'clicked' | 'bounced' | 'failed' | 'unknown' | 'capped' | 'delayed';

/** The workspace frequency-cap rule that capped or delayed a send (docs/frequency-caps.md). */
export interface CapRuleRef {
  /** Its position in the policy's `rules`. */
  index: number;
  channel: string;
  limit: number;
  window: string;
}

export type Signal =
  | { kind: 'enter'; id: string; entryNodeId: string; context: Record<string, unknown> }
  | { kind: 'timer_fired'; id: string; timerId: string }
  | { kind: 'event'; id: string; event: CustomerEvent }
  | {
      kind: 'delivery_status';
      id: string;
      sendKey: string;
      nodeId: string;
      status: DeliveryStatus;
      /** The send's channel (email, sms...), for the journal; absent from older messages. */
      channel?: string;
      detail?: string;
      /** `delayed`: when the send is tried again (epoch ms). */
      retryAt?: number;
      /** `capped` / `delayed`: the rule that decided. */
      capRule?: CapRuleRef;
    }
  | { kind: 'profile_changed'; id: string }
  | { kind: 'pause'; id: string }
  | { kind: 'resume'; id: string }
  | { kind: 'exit'; id: string; reason: string };

export type SignalKind = Signal['kind'];
