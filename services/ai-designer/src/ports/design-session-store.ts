import type { JourneyGraph, VersionDiff } from '@kalcifer/journey';
import type { WorkspaceScoped } from '@kalcifer/platform';

/** One exchange of a design conversation: what the user said and the draft it produced. */
export interface DesignTurn {
  at: Date;
  /** The brief (first turn) or the refinement instruction. */
  message: string;
  /** What the designer did, in a sentence or two. */
  summary: string;
  graph: JourneyGraph;
  /** Against the draft before this turn; absent on the first turn. */
  diff?: VersionDiff;
  designer: 'offline' | 'gemini';
}

export interface DesignSession {
  workspaceId: string;
  id: string;
  createdAt: Date;
  updatedAt: Date;
  /** The current draft: the graph of the last turn. */
  graph: JourneyGraph;
  turns: DesignTurn[];
}

/** Every query names the workspace: a key without one does not compile. */
export type SessionKey = WorkspaceScoped<{ sessionId: string }>;

/** Design conversations, per workspace. */
export interface DesignSessionStore {
  create(session: DesignSession): Promise<void>;
  get(key: SessionKey): Promise<DesignSession | null>;
  /**
   * Appends a turn and makes its graph the draft, only if the session still has `expectedTurns`
   * turns (two messages at once must not both refine the same draft); false when it had moved on.
   */
  appendTurn(key: SessionKey, expectedTurns: number, turn: DesignTurn): Promise<boolean>;
}
