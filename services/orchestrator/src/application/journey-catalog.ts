import type { JourneyNode, PublishedVersion } from '@kalcifer/journey';
import type { JourneyRecord, JourneyStore } from '../ports/journey-store';

const ENTRY_TYPES = new Set<string>(['event_entry', 'segment_entry', 'scheduled_entry', 'webhook_entry']);

export interface EventEntryPoint {
  journey: JourneyRecord;
  version: PublishedVersion;
  node: JourneyNode;
}

/**
 * Read-side cache of journeys for the hot path. Versions are immutable, so they are cached for
 * good; journey status and the event-entry list are cached briefly (`ttlMs`).
 */
export class JourneyCatalog {
  private readonly versions = new Map<string, PublishedVersion>();
  private readonly journeys = new Map<string, { at: number; journey: JourneyRecord | null }>();
  private readonly entries = new Map<string, { at: number; points: EventEntryPoint[] }>();

  constructor(
    private readonly store: JourneyStore,
    private readonly ttlMs: number,
  ) {}

  async version(workspaceId: string, journeyId: string, version: number): Promise<PublishedVersion | null> {
    const key = `${workspaceId}:${journeyId}:${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const record = await this.store.getVersion(workspaceId, journeyId, version);
    if (!record) return null;
    const published: PublishedVersion = { journeyId, version, graph: record.graph };
    this.versions.set(key, published);
    return published;
  }

  async journey(workspaceId: string, journeyId: string): Promise<JourneyRecord | null> {
    const key = `${workspaceId}:${journeyId}`;
    const cached = this.journeys.get(key);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.journey;
    const journey = await this.store.get(workspaceId, journeyId);
    this.journeys.set(key, { at: Date.now(), journey });
    return journey;
  }

  /** Active journeys of the workspace whose active version starts on `eventName`. */
  async eventEntries(workspaceId: string, eventName: string): Promise<EventEntryPoint[]> {
    return (await this.entryPoints(workspaceId, 'event_entry')).filter(
      (p) => p.node.config.event === eventName,
    );
  }

  /** Entry nodes of one kind in the active versions of the workspace's active journeys. */
  async entryPoints(workspaceId: string, type: JourneyNode['type']): Promise<EventEntryPoint[]> {
    let cached = this.entries.get(workspaceId);
    if (!cached || Date.now() - cached.at >= this.ttlMs) {
      const points: EventEntryPoint[] = [];
      for (const journey of await this.store.listActive(workspaceId)) {
        const version = await this.version(workspaceId, journey.id, journey.activeVersion);
        if (!version) continue;
        for (const node of version.graph.nodes) {
          if (ENTRY_TYPES.has(node.type)) points.push({ journey, version, node });
        }
      }
      cached = { at: Date.now(), points };
      this.entries.set(workspaceId, cached);
    }
    return cached.points.filter((p) => p.node.type === type);
  }

  /** Forget cached journey state after a local change (other replicas catch up within ttlMs). */
  invalidate(workspaceId: string, journeyId: string): void {
    this.journeys.delete(`${workspaceId}:${journeyId}`);
    this.entries.delete(workspaceId);
  }
}
