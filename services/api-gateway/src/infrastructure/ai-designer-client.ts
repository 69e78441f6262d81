/**
 * The gateway's client of the ai-designer: the platform's promise client for the unary calls,
 * and grpc-js's readable stream, as an async iterable, for StreamMessage.
 */
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { aiDesignerGrpc } from '@kalcifer/contracts';
import {
  activeContext,
  beginOutgoing,
  createGrpcClient,
  endWork,
  fromServiceError,
  injectContext,
  SpanKind,
  type Span,
} from '@kalcifer/platform';
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
    streamMessage: (request) => {
      // The request's trace goes with the call, as with the unary calls (createGrpcClient).
      const metadata = new Metadata();
      const call = beginOutgoing(STREAM_MESSAGE, SpanKind.CLIENT, activeContext(), {
        'rpc.system': 'grpc',
        'rpc.method': 'streamMessage',
        'server.address': address,
      });
      injectContext((key, value) => metadata.set(key, value), call.ctx);
      return iterate(
        streaming.streamMessage(request, metadata, { deadline: Date.now() + deadlineMs }),
        call.span,
      );
    },
    close: () => {
      client.close();
      streaming.close();
    },
  };
}

const STREAM_MESSAGE = aiDesignerGrpc.AiDesignerService.streamMessage.path.replace(/^\//, '');

/** The stream's events; its CLIENT span (with the SDK) ends with the stream. */
async function* iterate(
  stream: AsyncIterable<unknown>,
  span: Span | undefined,
): AsyncIterable<aiDesignerGrpc.DesignEvent> {
  let failure: unknown;
  try {
    for await (const event of stream) yield event as aiDesignerGrpc.DesignEvent;
  } catch (err) {
    failure = err;
    throw typeof (err as ServiceError).code === 'number' ? fromServiceError(err as ServiceError) : err;
  } finally {
    endWork(span, failure);
  }
}
