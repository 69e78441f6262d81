/** Domain results to proto messages; Struct fields carry the public JSON shapes. */
import type { aiDesignerGrpc } from '@kalcifer/contracts';
import type { TurnResult } from '../application/design-conversation';

export function turnToProto(turn: TurnResult): aiDesignerGrpc.DesignTurn {
  return {
    sessionId: turn.sessionId,
    turn: turn.turn,
    graph: turn.graph,
    diff: turn.diff,
    summary: turn.summary,
    explanation: turn.explanation,
    designer: turn.designer,
    notes: turn.notes,
  };
}
