/**
 * The journey graph: the public JSON shape shared by the API, the database, the AI designer and
 * the editor (DESIGN.md §8). A version is an immutable snapshot of one of these.
 */

/** Every node kind of the public contract (DESIGN.md §8), grouped by category. */
export const NODE_TYPES = [
  // entries
  'manual_entry',
  'event_entry',
  'segment_entry',
  'webhook_entry',
  'scheduled_entry',
  // channels
  'send_email',
  'send_sms',
  'send_push',
  'send_whatsapp',
  'call_webhook',
  // logic
  'wait',
  'wait_until',
  'wait_for_event',
  'condition',
  'ab_split',
  'frequency_cap',
  'parallel',
  // data
  'update_profile',
  'add_tag',
  'remove_tag',
  'custom_code',
  // exits
  'goal_reached',
  'exit',
  'end',
] as const;

export type NodeType = (typeof NODE_TYPES)[number];

export interface JourneyNode {
  id: string;
  type: NodeType;
  /** Kind-specific settings; each node kind validates its own (see src/nodes/). */
  config: Record<string, unknown>;
  /** Display name for the console; not used by the engine. */
  name?: string;
  /** Canvas position for the editor; not used by the engine. */
  position?: { x: number; y: number };
}

export interface JourneyEdge {
  from: string;
  to: string;
  /** Output label of `from` this edge leaves by: `next`, `true`/`false`, `event`/`timeout`... */
  output: string;
}

export interface JourneyGoal {
  /** Event name that counts as a conversion whenever it arrives. */
  event: string;
  /** Exit the instance when the goal is reached. Default false. */
  exitOnGoal?: boolean;
}

export interface JourneyGraph {
  nodes: JourneyNode[];
  edges: JourneyEdge[];
  /** Expression (see src/expression/); true => the instance exits at once. */
  exitCriteria?: string;
  goal?: JourneyGoal;
}
