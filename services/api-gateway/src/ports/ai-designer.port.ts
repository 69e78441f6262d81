import type { aiDesignerGrpc } from '@kalcifer/contracts';
import type { PromiseClient } from '@kalcifer/platform';

type Unary = Omit<typeof aiDesignerGrpc.AiDesignerService, 'streamMessage'>;

/**
 * The ai-designer designs journeys (proto/kalcifer/v1/ai_designer.proto). Failures arrive as
 * AppErrors (kind + code); the streaming call yields text pieces, then the turn.
 */
export type AiDesignerClient = Omit<PromiseClient<Unary>, 'close'> & {
  streamMessage(request: aiDesignerGrpc.StreamMessageRequest): AsyncIterable<aiDesignerGrpc.DesignEvent>;
};
export const AI_DESIGNER = Symbol('AiDesignerClient');
