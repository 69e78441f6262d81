import { Body, Controller, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { aiDesignerGrpc } from '@kalcifer/contracts';
import { AppError, invalid } from '@kalcifer/platform';
import { JourneyAnalytics } from '../../application/journey-analytics';
import type { Principal } from '../../application/principal';
import { DEFAULT_SUGGESTION_WINDOW_MS, suggestionFigures } from '../../application/suggestion-figures';
import { AI_DESIGNER, type AiDesignerClient } from '../../ports/ai-designer.port';
import { ORCHESTRATOR, type OrchestratorClient } from '../../ports/orchestrator.port';
import { CurrentPrincipal } from './principal.decorator';
import type { UploadRequest } from './document-upload.middleware';
import { mapError } from './error-mapping';
import { analyticsQuerySchema, type AnalyticsQuery } from './schemas/analytics.schema';
import { PATH_ID } from './schemas/path-params.schema';
import {
  sendMessageSchema,
  startSessionSchema,
  suggestionsSchema,
  type SendMessageDto,
  type StartSessionDto,
  type SuggestionsDto,
} from './schemas/designer.schema';
import { ZodPipe } from './zod.pipe';

/** The turn as the API shows it (docs/api.md, "AI designer"). */
function turnView(turn: aiDesignerGrpc.DesignTurn | undefined) {
  if (turn === undefined) throw new Error('the ai-designer answered without a turn');
  return {
    sessionId: turn.sessionId,
    turn: turn.turn,
    graph: turn.graph,
    ...(turn.diff !== undefined ? { diff: turn.diff } : {}),
    summary: turn.summary,
    explanation: turn.explanation,
    designer: turn.designer,
    notes: turn.notes,
  };
}

/** AI journey design: conversations, documents, explanations and suggestions (ai-designer over gRPC). */
@Controller('v1')
export class DesignerController {
  constructor(
    @Inject(AI_DESIGNER) private readonly designer: AiDesignerClient,
    @Inject(ORCHESTRATOR) private readonly orchestrator: OrchestratorClient,
    private readonly analytics: JourneyAnalytics,
  ) {}

  @Post('designer/sessions')
  @HttpCode(201)
  async start(@CurrentPrincipal() p: Principal, @Body(new ZodPipe(startSessionSchema)) dto: StartSessionDto) {
    return turnView(await this.designer.startSession({ workspaceId: p.workspaceId, brief: dto.brief }));
  }

  @Post('designer/sessions/stream')
  async startStreaming(
    @CurrentPrincipal() p: Principal,
    @Body(new ZodPipe(startSessionSchema)) dto: StartSessionDto,
    @Res() res: Response,
  ) {
    await streamTurn(
      this.designer.streamMessage({ workspaceId: p.workspaceId, sessionId: '', message: dto.brief }),
      res,
      201,
    );
  }

  @Post('designer/sessions/:id/messages')
  @HttpCode(200)
  async send(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) sessionId: string,
    @Body(new ZodPipe(sendMessageSchema)) dto: SendMessageDto,
  ) {
    return turnView(
      await this.designer.sendMessage({ workspaceId: p.workspaceId, sessionId, message: dto.message }),
    );
  }

  @Post('designer/sessions/:id/messages/stream')
  async sendStreaming(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) sessionId: string,
    @Body(new ZodPipe(sendMessageSchema)) dto: SendMessageDto,
    @Res() res: Response,
  ) {
    await streamTurn(
      this.designer.streamMessage({ workspaceId: p.workspaceId, sessionId, message: dto.message }),
      res,
      200,
    );
  }

  @Post('designer/documents')
  @HttpCode(201)
  async upload(
    @CurrentPrincipal() p: Principal,
    @Req() req: UploadRequest,
    @Query('filename') filename?: string,
  ) {
    if (typeof filename !== 'string' || filename.trim() === '' || filename.length > 255) {
      throw invalid(
        'invalid_request',
        'name the document with ?filename=<name>.xlsx|.csv|.docx|.pdf (at most 255 characters)',
      );
    }
    const data = req.rawBody ?? Buffer.alloc(0);
    if (data.length === 0)
      throw new AppError(
        'invalid',
        'corrupt_document',
        `"${filename}" is empty: send the file's bytes as the request body`,
      );
    const result = await this.designer.importDocument({
      workspaceId: p.workspaceId,
      filename,
      contentType: req.headers['content-type'] ?? '',
      data,
    });
    return {
      ...turnView(result.turn),
      format: result.format,
      mapping: result.mapping,
      ignored: result.ignored,
    };
  }

  @Post('journeys/:id/explain')
  @HttpCode(200)
  async explain(@CurrentPrincipal() p: Principal, @Param('id', PATH_ID) journeyId: string) {
    const journey = await this.orchestrator.getJourney({ workspaceId: p.workspaceId, journeyId });
    return this.designer.explainJourney({ workspaceId: p.workspaceId, graph: journey.draft });
  }

  @Post('journeys/:id/suggestions')
  @HttpCode(200)
  async suggestions(
    @CurrentPrincipal() p: Principal,
    @Param('id', PATH_ID) journeyId: string,
    @Body(new ZodPipe(suggestionsSchema)) dto: SuggestionsDto,
    @Query(new ZodPipe(analyticsQuerySchema, 'query')) query: AnalyticsQuery,
  ) {
    if (dto.analytics !== undefined && (query.from !== undefined || query.to !== undefined)) {
      throw invalid(
        'invalid_request',
        'from and to choose the analytics read when the body has no analytics: give one or the other',
      );
    }
    const journey = await this.orchestrator.getJourney({ workspaceId: p.workspaceId, journeyId });
    // Without figures in the body, the journey's own: per node over [from, to), by default the
    // last 30 days (docs/api.md, "suggestions").
    const read =
      dto.analytics === undefined
        ? await this.analytics.nodes(p, journeyId, {
            from: query.from ?? Math.max(0, (query.to ?? Date.now()) - DEFAULT_SUGGESTION_WINDOW_MS),
            to: query.to,
          })
        : undefined;
    const figures = dto.analytics ?? suggestionFigures(read!.nodes);
    const { suggestions } = await this.designer.suggestOptimizations({
      workspaceId: p.workspaceId,
      graph: journey.draft,
      figures: figures.map((figure) => ({
        nodeId: figure.nodeId,
        entered: figure.entered,
        opened: 'opened' in figure ? figure.opened : undefined,
        droppedOff: figure.droppedOff,
      })),
    });
    return {
      suggestions: suggestions.map((s) => ({
        kind: s.kind,
        ...(s.nodeId !== '' ? { nodeId: s.nodeId } : {}),
        title: s.title,
        rationale: s.rationale,
        graph: s.graph,
        diff: s.diff,
      })),
      ...(read !== undefined && { from: read.from, to: read.to, analytics: figures }),
    };
  }
}

/**
 * Server-sent events: `text` events with pieces of the answer as they come, then one `turn`
 * event. The first event is awaited before anything is written, so a refused request (empty
 * brief, unknown session) is an ordinary JSON 4xx; a failure later is an `error` event.
 */
async function streamTurn(
  events: AsyncIterable<aiDesignerGrpc.DesignEvent>,
  res: Response,
  status: number,
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  let next = await iterator.next();
  res.status(status);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-accel-buffering', 'no');
  res.flushHeaders();
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  try {
    while (next.done !== true) {
      const event = next.value;
      if (event.text !== undefined) send('text', { text: event.text });
      if (event.turn !== undefined) send('turn', turnView(event.turn));
      next = await iterator.next();
    }
  } catch (err) {
    send('error', mapError(err, { method: 'POST', path: 'designer stream' }).body.error);
  }
  res.end();
}
