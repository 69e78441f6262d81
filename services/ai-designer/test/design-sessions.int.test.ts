import { connectMongo } from '@kalcifer/platform';
import type { Connection } from 'mongoose';
import { dropDatabase, infra } from '../../../test/support/infra';
import { designOffline } from '../src/domain/design/offline-designer';
import { refineDraft } from '../src/domain/refine/refine-draft';
import { MongoDesignSessionStore } from '../src/infrastructure/mongo-design-session-store';

const DB = 'kalcifer_ai_designer_sessions_test';

describe('design sessions in MongoDB', () => {
  let conn: Connection;
  let store: MongoDesignSessionStore;

  beforeAll(async () => {
    await dropDatabase(DB);
    conn = await connectMongo(infra.mongoUrl, DB);
    store = new MongoDesignSessionStore(conn);
    await store.init();
  });
  afterAll(async () => {
    await conn.close();
  });

  it('stores a session, appends turns by compare-and-set, and scopes reads by workspace', async () => {
    const design = designOffline(
      'When a customer signs up, send a welcome email. Wait 3 days, then send a tips email.',
    );
    const at = new Date('2026-01-01T00:00:00Z');
    await store.create({
      workspaceId: 'ws-a',
      id: 's-1',
      createdAt: at,
      updatedAt: at,
      graph: design.graph,
      turns: [{ at, message: 'brief', summary: 'designed', graph: design.graph, designer: 'offline' }],
    });
    const refined = refineDraft(design.graph, 'make the wait 5 days instead of 3');
    const turn = {
      at: new Date('2026-01-01T00:01:00Z'),
      message: 'wait 5',
      summary: refined.summary,
      graph: refined.graph,
      diff: refined.diff,
      designer: 'offline' as const,
    };
    expect(await store.appendTurn({ workspaceId: 'ws-a', sessionId: 's-1' }, 1, turn)).toBe(true);
    // A second append that read the same draft loses the race.
    expect(await store.appendTurn({ workspaceId: 'ws-a', sessionId: 's-1' }, 1, turn)).toBe(false);
    const read = await store.get({ workspaceId: 'ws-a', sessionId: 's-1' });
    expect(read?.turns).toHaveLength(2);
    expect(read?.graph).toEqual(refined.graph);
    expect(read?.turns[1]?.diff).toEqual(refined.diff);
    expect(read?.turns[1]?.at).toEqual(turn.at);
    expect(await store.get({ workspaceId: 'ws-b', sessionId: 's-1' })).toBeNull();
    expect(await store.appendTurn({ workspaceId: 'ws-b', sessionId: 's-1' }, 2, turn)).toBe(false);
  });
});
