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
 * good; journey status and the event-entry list are cached briefly (`ttlMs`). Entries hold the
 * read itself, so the callers that miss at the same moment (every enrollment of a batch when the
 * status expires) share one read.
 */
export class JourneyCatalog {
  private readonly versions = new Map<string, Promise<PublishedVersion | null>>();
  private readonly journeys = new Map<string, { at: number; journey: Promise<JourneyRecord | null> }>();
  private readonly entries = new Map<string, { at: number; points: Promise<EventEntryPoint[]> }>();

  constructor(
    private readonly store: JourneyStore,
    private readonly ttlMs: number,
  ) {}

  async version(workspaceId: string, journeyId: string, version: number): Promise<PublishedVersion | null> {
    const key = `${workspaceId}:${journeyId}:${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const published = this.store
      .getVersion(workspaceId, journeyId, version)
      .then((record): PublishedVersion | null =>
        record ? { journeyId, version, graph: record.graph } : null,
      );
    this.versions.set(key, published);
    // A missing version (or a failed read) is asked again next time; a found one is immutable.
    published.then(
      (v) => v === null && this.versions.delete(key),
      () => this.versions.delete(key),
    );
    return published;
  }

  async journey(workspaceId: string, journeyId: string): Promise<JourneyRecord | null> {
    const key = `${workspaceId}:${journeyId}`;
    const cached = this.journeys.get(key);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.journey;
    const entry = { at: Date.now(), journey: this.store.get(workspaceId, journeyId) };
    this.journeys.set(key, entry);
    entry.journey.catch(() => this.journeys.get(key) === entry && this.journeys.delete(key));
    return entry.journey;
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
      const entry = { at: Date.now(), points: this.loadEntryPoints(workspaceId) };
      this.entries.set(workspaceId, entry);
      entry.points.catch(() => this.entries.get(workspaceId) === entry && this.entries.delete(workspaceId));
      cached = entry;
    }
    return (await cached.points).filter((p) => p.node.type === type);
  }

  private async loadEntryPoints(workspaceId: string): Promise<EventEntryPoint[]> {
    const points: EventEntryPoint[] = [];
    for (const journey of await this.store.listActive(workspaceId)) {
      const version = await this.version(workspaceId, journey.id, journey.activeVersion);
      if (!version) continue;
      for (const node of version.graph.nodes) {
        if (ENTRY_TYPES.has(node.type)) points.push({ journey, version, node });
      }
    }
    return points;
  }

  /** Forget cached journey state after a local change (other replicas catch up within ttlMs). */
  invalidate(workspaceId: string, journeyId: string): void {
    this.journeys.delete(`${workspaceId}:${journeyId}`);
    this.entries.delete(workspaceId);
  }
}
