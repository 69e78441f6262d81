/**
 * Design conversations: a session starts from a brief and each message refines the current
 * draft, returning the new graph and its diff against the previous one. A refused message
 * (empty, not understood, unknown session) throws before anything is stored.
 */
import { randomUUID } from 'node:crypto';
import type { JourneyGraph, VersionDiff } from '@kalcifer/journey';
import { DesignError } from '../domain/design/design-error';
import type { Design } from '../domain/design/offline-designer';
import type { DesignSession, DesignSessionStore, SessionKey } from '../ports/design-session-store';
import type { JourneyDesigner } from '../ports/journey-designer';

export interface TurnResult {
  sessionId: string;
  turn: number;
  graph: JourneyGraph;
  diff?: VersionDiff;
  summary: string;
  explanation: string;
  designer: 'offline' | 'gemini';
  notes: string[];
}

const MAX_CONFLICT_RETRIES = 3;

export class DesignConversation {
  constructor(
    private readonly designer: JourneyDesigner,
    private readonly sessions: DesignSessionStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(workspaceId: string, brief: string, onText?: (text: string) => void): Promise<TurnResult> {
    const design = await this.designer.design(brief, onText);
    return this.store(workspaceId, brief, design, 'Designed the journey from the brief.');
  }

  /** Stores a design made elsewhere (from a document) as turn 1 of a new session. */
  async store(workspaceId: string, message: string, design: Design, summary: string): Promise<TurnResult> {
    const at = this.now();
    const session: DesignSession = {
      workspaceId,
      id: randomUUID(),
      createdAt: at,
      updatedAt: at,
      graph: design.graph,
      turns: [
        {
          at,
          message,
          summary,
          graph: design.graph,
          designer: design.designer,
        },
      ],
    };
    await this.sessions.create(session);
    return {
      sessionId: session.id,
      turn: 1,
      graph: design.graph,
      summary,
      explanation: design.explanation,
      designer: design.designer,
      notes: design.notes,
    };
  }

  async send(key: SessionKey, message: string, onText?: (text: string) => void): Promise<TurnResult> {
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const session = await this.sessions.get(key);
      if (session === null) {
        throw new DesignError(
          'session_not_found',
          `There is no design session ${key.sessionId} in this workspace; start one with POST /v1/designer/sessions`,
        );
      }
      const refinement = await this.designer.refine(session.graph, message, onText);
      const turn = {
        at: this.now(),
        message,
        summary: refinement.summary,
        graph: refinement.graph,
        diff: refinement.diff,
        designer: refinement.designer,
      };
      if (await this.sessions.appendTurn(key, session.turns.length, turn)) {
        return {
          sessionId: key.sessionId,
          turn: session.turns.length + 1,
          graph: refinement.graph,
          diff: refinement.diff,
          summary: refinement.summary,
          explanation: refinement.explanation,
          designer: refinement.designer,
          notes: refinement.notes,
        };
      }
      // Another message changed the draft meanwhile: refine the newer draft instead.
    }
    throw new DesignError(
      'instruction_not_understood',
      'The draft kept changing while this message was applied; send it again',
    );
  }

  async get(key: SessionKey): Promise<DesignSession> {
    const session = await this.sessions.get(key);
    if (session === null)
      throw new DesignError(
        'session_not_found',
        `There is no design session ${key.sessionId} in this workspace`,
      );
    return session;
  }
}
