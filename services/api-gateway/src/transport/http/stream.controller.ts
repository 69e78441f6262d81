import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Principal } from '../../application/principal';
import { StreamJournal } from '../../application/stream-journal';
import { CurrentPrincipal } from './principal.decorator';
import { lastEventId, streamQuerySchema, type StreamQuery } from './schemas/stream.schema';
import { mapError } from './error-mapping';
import { ZodPipe, requestError } from './zod.pipe';

/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * GET /v1/stream: server-sent events of the workspace's journey events, one `journal` event per
 * instance step, `id:` = its JetStream sequence. A client that reconnects with `Last-Event-ID`
 * (EventSource does) resumes right after that event.
 */
@Controller('v1/stream')
export class StreamController {
  constructor(private readonly journal: StreamJournal) {}

  @Get()
  async stream(
    @CurrentPrincipal() p: Principal,
    @Query(new ZodPipe(streamQuerySchema, 'query')) query: StreamQuery,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    let afterSeq = query.lastEventId;
    if (lastEventIdHeader !== undefined && lastEventIdHeader !== '') {
      const parsed = lastEventId.safeParse(lastEventIdHeader);
      if (!parsed.success) throw requestError(parsed.error.issues, 'query');
      afterSeq = parsed.data;
    }
    const events = await this.journal.open(p, { journeyId: query.journeyId, types: query.types, afterSeq });
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    res.write(': subscribed\n\n');
    // Said rather than hidden: what came between these ids is no longer kept.
    if (events.gap) res.write(`event: gap\ndata: ${JSON.stringify(events.gap)}\n\n`);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    // The response's close (not the request's: that one fires once its empty body is read) is the
    // client going away: the consumer goes with it.
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      void events.close();
    };
    res.on('close', stop);
    if (res.destroyed) stop();
    try {
      for await (const event of events) {
        const flushed = res.write(`id: ${event.id}\nevent: journal\ndata: ${JSON.stringify(event.data)}\n\n`);
        // A slow reader holds the consumer back instead of growing this process's buffers.
        if (!flushed && !res.destroyed)
          await new Promise((resolve) => {
            res.once('drain', resolve);
            res.once('close', resolve);
          });
      }
    } catch (err) {
      res.write(
        `event: error\ndata: ${JSON.stringify(mapError(err, { method: 'GET', path: '/v1/stream' }).body.error)}\n\n`,
      );
    } finally {
      stop();
      res.end();
    }
  }
}
