/**
 * The gateway's client of the ai-designer: the platform's promise client for the unary calls,
 * and grpc-js's readable stream, as an async iterable, for StreamMessage.
 */
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { aiDesignerGrpc } from '@kalcifer/contracts';
import { createGrpcClient, fromServiceError } from '@kalcifer/platform';
import type { AiDesignerClient } from '../ports/ai-designer.port';

export function createAiDesignerClient(
  address: string,
  deadlineMs: number,
): AiDesignerClient & { close(): void } {
  const { streamMessage: _streaming, ...unary } = aiDesignerGrpc.AiDesignerService;
  const client = createGrpcClient(unary, address, deadlineMs);
  const streaming = new aiDesignerGrpc.AiDesignerClient(address, credentials.createInsecure());
  return {
    ...client,
    streamMessage: (request) =>
      iterate(streaming.streamMessage(request, new Metadata(), { deadline: Date.now() + deadlineMs })),
    close: () => {
      client.close();
      streaming.close();
    },
  };
}

async function* iterate(stream: AsyncIterable<unknown>): AsyncIterable<aiDesignerGrpc.DesignEvent> {
  try {
    for await (const event of stream) yield event as aiDesignerGrpc.DesignEvent;
  } catch (err) {
    throw typeof (err as ServiceError).code === 'number' ? fromServiceError(err as ServiceError) : err;
  }
}
