import { nextCronTime, parseDuration } from '@kalcifer/journey';
import { populationTickSubject, type PopulationTickMessage } from '@kalcifer/contracts';
import type { Logger } from '@kalcifer/platform';
import type { JourneyStore } from '../ports/journey-store';
import type { MessageBus } from '../ports/message-bus';
import type { JourneyCatalog } from './journey-catalog';

/** A firing missed while no orchestrator ran is still made up for if it is this recent. */
const CATCH_UP_MS = 10 * 60_000;

/**
 * Publishes population ticks: the cron firings of `scheduled_entry` nodes and the periodic
 * evaluations of `segment_entry` nodes that set `evaluateEvery`. Every replica may publish the
 * same tick; its message id makes JetStream keep one.
 */
export class PopulationTicker {
  private lastCheck = Date.now() - CATCH_UP_MS;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly journeys: JourneyStore,
    private readonly catalog: JourneyCatalog,
    private readonly bus: MessageBus,
    private readonly logger: Logger,
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick(Date.now())
        .catch((err: unknown) => this.logger.error({ err }, 'population tick failed'))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Publishes every tick due in (last check, now]. */
  async tick(now: number): Promise<void> {
    const since = this.lastCheck;
    const messages = [];
    for (const journey of await this.journeys.listActiveEverywhere()) {
      const version = await this.catalog.version(journey.workspaceId, journey.id, journey.activeVersion);
      for (const node of version?.graph.nodes ?? []) {
        // Firings from before the journey was (re)activated or published do not count.
        const from = Math.max(since, journey.updatedAt.getTime());
        const tickAt = this.lastDue(node.type, node.config, from, now);
        if (tickAt === undefined) continue;
        const body: PopulationTickMessage = {
          workspaceId: journey.workspaceId,
          journeyId: journey.id,
          version: journey.activeVersion,
          nodeId: node.id,
          kind: node.type as PopulationTickMessage['kind'],
          tickAt,
        };
        messages.push({
          subject: populationTickSubject(journey.workspaceId),
          msgId: `population:${journey.id}:${node.id}:${tickAt}`,
          body,
        });
      }
    }
    if (messages.length > 0) await this.bus.publish(messages);
    this.lastCheck = now;
  }

  /** The latest firing in (since, now], if any (older missed firings are not replayed one by one). */
  private lastDue(
    type: string,
    config: Record<string, unknown>,
    since: number,
    now: number,
  ): number | undefined {
    try {
      if (type === 'scheduled_entry') {
        const timezone = typeof config.timezone === 'string' ? config.timezone : 'UTC';
        let due: number | undefined;
        for (let t = nextCronTime(String(config.cron), timezone, since); t <= now;) {
          due = t;
          t = nextCronTime(String(config.cron), timezone, t);
        }
        return due;
      }
      if (type === 'segment_entry' && typeof config.evaluateEvery === 'string') {
        const every = parseDuration(config.evaluateEvery);
        const bucket = Math.floor(now / every) * every;
        return bucket > since ? bucket : undefined;
      }
    } catch (err) {
      this.logger.warn({ err, type }, 'entry schedule could not be computed');
    }
    return undefined;
  }
}
