/**
 * The AiDesigner gRPC service (proto/kalcifer/v1/ai_designer.proto): thin mapping to the use
 * cases. Served with grpc-js directly because StreamMessage is server-streaming, which the
 * platform's unary helper does not serve; errors are mapped by the platform's toServiceError.
 */
import {
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
  type UntypedServiceImplementation,
  type sendUnaryData,
} from '@grpc/grpc-js';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { aiDesignerGrpc } from '@kalcifer/contracts';
import { invalid, toServiceError, traceRpc, type Logger } from '@kalcifer/platform';
import { validateGraph, type JourneyGraph } from '@kalcifer/journey';
import type { DesignConversation } from '../application/design-conversation';
import type { ImportDocument } from '../application/import-document';
import { explainGraph } from '../domain/explain/explain-graph';
import { suggestOptimizations } from '../domain/suggest/suggest-optimizations';
import { toAppError } from './error-mapping';
import { turnToProto } from './grpc-mappers';

type Unary<Req, Res> = (request: Req) => Promise<Res>;

export class AiDesignerGrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private server?: Server;
  private port?: number;

  constructor(
    private readonly address: string,
    private readonly conversation: DesignConversation,
    private readonly importDocument: ImportDocument,
    private readonly logger: Logger,
  ) {}

  get boundPort(): number | undefined {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    const unary =
      <Req, Res>(name: string, fn: Unary<Req, Res>) =>
      (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) =>
        // In the caller's trace (traceparent metadata), like every platform gRPC server.
        traceRpc(
          name,
          call,
          this.logger,
          () => fn(call.request),
          (outcome) =>
            outcome.ok ? callback(null, outcome.value) : callback(this.serviceError(outcome.error, name)),
        );
    const handlers: UntypedServiceImplementation = {
      startSession: unary('startSession', async (r: aiDesignerGrpc.StartSessionRequest) =>
        turnToProto(await this.conversation.start(r.workspaceId, r.brief)),
      ),
      sendMessage: unary('sendMessage', async (r: aiDesignerGrpc.SendMessageRequest) =>
        turnToProto(
          await this.conversation.send({ workspaceId: r.workspaceId, sessionId: r.sessionId }, r.message),
        ),
      ),
      streamMessage: (
        call: ServerWritableStream<aiDesignerGrpc.StreamMessageRequest, aiDesignerGrpc.DesignEvent>,
      ) => {
        const r = call.request;
        const onText = (text: string): void => {
          call.write({ text });
        };
        // In the caller's trace too: the model call below continues it.
        traceRpc(
          'streamMessage',
          call,
          this.logger,
          () =>
            r.sessionId === ''
              ? this.conversation.start(r.workspaceId, r.message, onText)
              : this.conversation.send(
                  { workspaceId: r.workspaceId, sessionId: r.sessionId },
                  r.message,
                  onText,
                ),
          (outcome) => {
            if (outcome.ok) {
              call.write({ turn: turnToProto(outcome.value) });
              call.end();
            }
            // grpc-js sends a server stream's status from an 'error' event.
            else call.emit('error', this.serviceError(outcome.error, 'streamMessage'));
          },
        );
      },
      importDocument: unary('importDocument', async (r: aiDesignerGrpc.ImportDocumentRequest) => {
        const design = await this.importDocument.run(
          r.filename,
          Buffer.from(r.data),
          r.contentType || undefined,
        );
        const turn = await this.conversation.store(
          r.workspaceId,
          `document ${r.filename}`,
          design,
          `Designed the journey from the document "${r.filename}".`,
        );
        return {
          turn: turnToProto(turn),
          format: design.format,
          mapping: design.mapping,
          ignored: design.ignored,
        };
      }),
      explainJourney: unary('explainJourney', (r: aiDesignerGrpc.ExplainJourneyRequest) =>
        Promise.resolve({ explanation: explainGraph(readGraph(r.graph)) }),
      ),
      suggestOptimizations: unary('suggestOptimizations', (r: aiDesignerGrpc.SuggestOptimizationsRequest) => {
        const suggestions = suggestOptimizations(readGraph(r.graph), r.figures);
        return Promise.resolve({
          suggestions: suggestions.map((s) => ({
            kind: s.kind,
            nodeId: s.nodeId ?? '',
            title: s.title,
            rationale: s.rationale,
            graph: s.graph as unknown as Record<string, unknown>,
            diff: s.diff as unknown as Record<string, unknown>,
          })),
        });
      }),
    };
    const server = new Server();
    server.addService(aiDesignerGrpc.AiDesignerService, handlers);
    this.port = await new Promise<number>((resolve, reject) =>
      server.bindAsync(this.address, ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(err) : resolve(port),
      ),
    );
    this.server = server;
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  }

  private serviceError(err: unknown, method: string): Partial<ServiceError> {
    return toServiceError(toAppError(err), this.logger, method);
  }
}

/** A graph to explain or optimise: any journey-shaped JSON, valid or a draft still in progress. */
function readGraph(value: Record<string, unknown> | undefined): JourneyGraph {
  const result = validateGraph(value);
  const broken = result.errors.filter(
    (issue) =>
      issue.code === 'invalid_shape' ||
      issue.code === 'unknown_node_type' ||
      issue.code === 'duplicate_node_id',
  );
  if (value === undefined || broken.length > 0) {
    throw invalid(
      'invalid_graph',
      `The journey graph cannot be read: ${broken.map((issue) => issue.message).join('; ') || 'it is missing'}`,
    );
  }
  return value as unknown as JourneyGraph;
}
