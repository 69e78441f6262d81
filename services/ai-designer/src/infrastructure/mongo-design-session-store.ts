import { Schema, type Connection, type Model } from 'mongoose';
import { scoped } from '@kalcifer/platform';
import type {
  DesignSession,
  DesignSessionStore,
  DesignTurn,
  SessionKey,
} from '../ports/design-session-store';

interface SessionDocument extends Omit<DesignSession, 'id'> {
  _id: string;
  /** turns.length, kept beside it so the append is a compare-and-set on one indexed field. */
  turnCount: number;
}

const schema = new Schema<SessionDocument>(
  {
    _id: { type: String, required: true },
    workspaceId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    graph: { type: Schema.Types.Mixed, required: true },
    turns: { type: Schema.Types.Mixed, default: [] },
    turnCount: { type: Number, required: true },
  },
  { collection: 'design_sessions', versionKey: false, strict: true, minimize: false },
);
schema.index({ workspaceId: 1, updatedAt: -1 });

/** Design conversations in the ai-designer's database (`design_sessions`). */
export class MongoDesignSessionStore implements DesignSessionStore {
  private readonly model: Model<SessionDocument>;

  constructor(conn: Connection) {
    this.model = conn.model<SessionDocument>('DesignSession', schema);
  }

  async init(): Promise<void> {
    await this.model.createCollection().catch(() => undefined);
    await this.model.createIndexes();
  }

  async create(session: DesignSession): Promise<void> {
    const { id, ...rest } = session;
    await this.model.create({ _id: id, ...rest, turnCount: session.turns.length });
  }

  async get(key: SessionKey): Promise<DesignSession | null> {
    const doc = await this.model
      .findOne(scoped(key.workspaceId, { _id: key.sessionId }))
      .lean<SessionDocument>()
      .exec();
    if (doc === null) return null;
    const { _id, turnCount: _count, ...rest } = doc;
    return { id: _id, ...rest, turns: rest.turns.map(reviveTurn) };
  }

  async appendTurn(key: SessionKey, expectedTurns: number, turn: DesignTurn): Promise<boolean> {
    const result = await this.model
      .updateOne(scoped(key.workspaceId, { _id: key.sessionId, turnCount: expectedTurns }), {
        $push: { turns: turn },
        $set: { graph: turn.graph, updatedAt: turn.at },
        $inc: { turnCount: 1 },
      })
      .exec();
    return result.modifiedCount === 1;
  }
}

function reviveTurn(turn: DesignTurn): DesignTurn {
  return { ...turn, at: new Date(turn.at) };
}
