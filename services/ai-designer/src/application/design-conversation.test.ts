import { DesignError } from '../domain/design/design-error';
import type {
  DesignSession,
  DesignSessionStore,
  DesignTurn,
  SessionKey,
} from '../ports/design-session-store';
import { DesignConversation } from './design-conversation';
import { OfflineJourneyDesigner } from './offline-journey-designer';

class MemorySessions implements DesignSessionStore {
  readonly sessions = new Map<string, DesignSession>();
  create(session: DesignSession): Promise<void> {
    this.sessions.set(`${session.workspaceId}/${session.id}`, structuredClone(session));
    return Promise.resolve();
  }
  get(key: SessionKey): Promise<DesignSession | null> {
    return Promise.resolve(structuredClone(this.sessions.get(`${key.workspaceId}/${key.sessionId}`) ?? null));
  }
  appendTurn(key: SessionKey, expectedTurns: number, turn: DesignTurn): Promise<boolean> {
    const session = this.sessions.get(`${key.workspaceId}/${key.sessionId}`);
    if (session === undefined || session.turns.length !== expectedTurns) return Promise.resolve(false);
    session.turns.push(turn);
    session.graph = turn.graph;
    return Promise.resolve(true);
  }
}

const BRIEF = 'When a customer signs up, send a welcome email. Wait 3 days, then send a tips email.';

describe('a design conversation', () => {
  it('starts from a brief and refines the stored draft turn by turn, each with its diff', async () => {
    const store = new MemorySessions();
    const conversation = new DesignConversation(new OfflineJourneyDesigner(), store);
    const first = await conversation.start('ws-1', BRIEF);
    expect(first.turn).toBe(1);
    const second = await conversation.send(
      { workspaceId: 'ws-1', sessionId: first.sessionId },
      'make the wait 5 days instead of 3',
    );
    expect(second.turn).toBe(2);
    expect(second.diff?.changedNodes.map((n) => n.id)).toEqual(['wait_1']);
    const third = await conversation.send(
      { workspaceId: 'ws-1', sessionId: first.sessionId },
      'add SMS fallback for non-openers',
    );
    // The third turn refines the second turn's draft, not the first.
    expect(third.graph.nodes.find((n) => n.id === 'wait_1')?.config.duration).toBe('P5D');
    const session = await conversation.get({ workspaceId: 'ws-1', sessionId: first.sessionId });
    expect(session.turns.map((t) => t.message)).toEqual([
      BRIEF,
      'make the wait 5 days instead of 3',
      'add SMS fallback for non-openers',
    ]);
  });

  it('keeps sessions per workspace: another workspace cannot see or refine it', async () => {
    const conversation = new DesignConversation(new OfflineJourneyDesigner(), new MemorySessions());
    const { sessionId } = await conversation.start('ws-1', BRIEF);
    await expect(
      conversation.send({ workspaceId: 'ws-2', sessionId }, 'remove the wait'),
    ).rejects.toMatchObject({ code: 'session_not_found' });
  });

  it('stores nothing for a refused brief or instruction', async () => {
    const store = new MemorySessions();
    const conversation = new DesignConversation(new OfflineJourneyDesigner(), store);
    await expect(conversation.start('ws-1', '   ')).rejects.toBeInstanceOf(DesignError);
    expect(store.sessions.size).toBe(0);
    const { sessionId } = await conversation.start('ws-1', BRIEF);
    await expect(conversation.send({ workspaceId: 'ws-1', sessionId }, 'make it pop')).rejects.toMatchObject({
      code: 'instruction_not_understood',
    });
    expect((await conversation.get({ workspaceId: 'ws-1', sessionId })).turns).toHaveLength(1);
  });
});
