import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiError } from '../../api/api-error';
import type {
  GraphIssue,
  GraphNode,
  Journey,
  JourneyGraph,
  PublishPreview,
  PublishStrategy,
} from '../../api/api-models';
import { GatewayClient } from '../../api/gateway-client';
import { outputsOf } from '../../catalogue/node-outputs';
import { autoLayout, needsLayout } from '../domain/auto-layout';
import * as edits from '../domain/graph-edits';
import { History } from './history';

const VALIDATE_DEBOUNCE_MS = 250;

/**
 * The editor's state: the journey, the graph being edited, its history, the selection and the
 * gateway's verdict on it. @foblex/flow only renders it and reports gestures.
 */
@Injectable()
export class EditorStore {
  private readonly gateway = inject(GatewayClient);
  private readonly history = new History<JourneyGraph>();
  private validateTimer: ReturnType<typeof setTimeout> | undefined;
  private validationSeq = 0;

  readonly journey = signal<Journey | null>(null);
  readonly graph = signal<JourneyGraph>({ nodes: [], edges: [] });
  readonly selectedId = signal<string | null>(null);
  readonly issues = signal<GraphIssue[]>([]);
  readonly validating = signal(false);
  readonly dirty = signal(false);
  readonly busy = signal<'saving' | 'publishing' | null>(null);
  readonly preview = signal<PublishPreview | null>(null);
  readonly message = signal<{ kind: 'info' | 'error'; text: string } | null>(null);
  /** Bumped on every history change, so `canUndo`/`canRedo` recompute. */
  private readonly revision = signal(0);

  readonly canUndo = computed(() => (this.revision(), this.history.canUndo));
  readonly canRedo = computed(() => (this.revision(), this.history.canRedo));
  readonly selected = computed(() => this.graph().nodes.find((n) => n.id === this.selectedId()) ?? null);
  readonly issuesByNode = computed(() => {
    const byNode = new Map<string, GraphIssue[]>();
    for (const issue of this.issues()) {
      const ids = issue.nodeIds ?? (issue.nodeId ? [issue.nodeId] : issue.edge ? [issue.edge.from] : []);
      for (const id of ids) byNode.set(id, [...(byNode.get(id) ?? []), issue]);
    }
    return byNode;
  });
  readonly graphIssues = computed(() =>
    this.issues().filter((i) => !i.nodeId && !i.nodeIds?.length && !i.edge),
  );

  async open(journeyId: string): Promise<void> {
    const journey = await this.gateway.getJourney(journeyId);
    let graph = journey.draft ?? { nodes: [], edges: [] };
    // Journeys made through the API may carry no positions: lay them out once, on opening.
    if (needsLayout(graph)) graph = edits.moveNodes(graph, autoLayout(graph));
    this.journey.set(journey);
    this.graph.set(graph);
    this.history.clear();
    this.revision.update((r) => r + 1);
    this.dirty.set(false);
    await this.validateNow();
  }

  /** Applies an edit as one undoable step, then validates the result. */
  apply(edit: (graph: JourneyGraph) => JourneyGraph): void {
    const before = this.graph();
    const after = edits.pruneEdges(edit(before), (n) => outputsOf(n.type, n.config));
    if (after === before) return;
    this.history.record(before);
    this.commit(after);
  }

  undo(): void {
    const previous = this.history.undo(this.graph());
    if (previous) this.commit(previous);
  }

  redo(): void {
    const next = this.history.redo(this.graph());
    if (next) this.commit(next);
  }

  addNode(type: string, config: Record<string, unknown>): string {
    const graph = this.graph();
    const id = edits.newNodeId(graph, type);
    const lowest = Math.max(0, ...graph.nodes.map((n) => n.position?.y ?? 0));
    const anchor = this.selected()?.position;
    const position = anchor ? { x: anchor.x + 320, y: anchor.y + 40 } : { x: 0, y: lowest + 140 };
    this.apply((g) => edits.addNode(g, { id, type, config, position }));
    this.selectedId.set(id);
    return id;
  }

  removeSelected(): void {
    const id = this.selectedId();
    if (!id) return;
    this.apply((g) => edits.removeNode(g, id));
    this.selectedId.set(null);
  }

  layout(): void {
    this.apply((g) => edits.moveNodes(g, autoLayout(g)));
  }

  updateNode(id: string, change: Pick<GraphNode, 'config'> | { name: string }): void {
    this.apply((g) => edits.updateNode(g, id, change));
  }

  async save(): Promise<boolean> {
    const journey = this.journey();
    if (!journey) return false;
    this.busy.set('saving');
    try {
      const saved = await this.gateway.saveDraft(journey.id, this.graph());
      this.journey.set(saved);
      this.dirty.set(false);
      this.message.set({ kind: 'info', text: 'Draft saved' });
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    } finally {
      this.busy.set(null);
    }
  }

  /** A dry run of publishing the draft (saved first if it changed): the diff and, when migrating, the plan. */
  async previewPublish(strategy: PublishStrategy): Promise<void> {
    const journey = this.journey();
    if (!journey) return;
    this.preview.set(null);
    if (this.dirty() && !(await this.save())) return;
    try {
      this.preview.set(await this.gateway.previewPublish(journey.id, strategy));
    } catch (err) {
      this.fail(err);
    }
  }

  /** Saves the draft if it changed, publishes it as a new version and activates a draft journey. */
  async publish(strategy: PublishStrategy, note: string): Promise<boolean> {
    const journey = this.journey();
    if (!journey) return false;
    if (this.dirty() && !(await this.save())) return false;
    this.busy.set('publishing');
    try {
      const result = await this.gateway.publish(journey.id, strategy, note);
      let updated = await this.gateway.getJourney(journey.id);
      if (updated.status === 'draft') updated = await this.gateway.activate(journey.id);
      this.journey.set(updated);
      this.preview.set(null);
      this.message.set({ kind: 'info', text: `Published version ${result.version.version}` });
      return true;
    } catch (err) {
      this.fail(err);
      return false;
    } finally {
      this.busy.set(null);
    }
  }

  private commit(graph: JourneyGraph): void {
    this.graph.set(graph);
    this.revision.update((r) => r + 1);
    this.dirty.set(true);
    this.preview.set(null);
    this.message.set(null);
    clearTimeout(this.validateTimer);
    this.validateTimer = setTimeout(() => void this.validateNow(), VALIDATE_DEBOUNCE_MS);
  }

  private async validateNow(): Promise<void> {
    const journey = this.journey();
    if (!journey) return;
    const seq = ++this.validationSeq;
    this.validating.set(true);
    try {
      const result = await this.gateway.validate(journey.id, this.graph());
      // An answer to an older graph than the one on screen is dropped.
      if (seq === this.validationSeq) this.issues.set(result.errors);
    } catch (err) {
      if (seq === this.validationSeq) this.fail(err);
    } finally {
      if (seq === this.validationSeq) this.validating.set(false);
    }
  }

  private fail(err: unknown): void {
    if (err instanceof ApiError && err.graphIssues().length) this.issues.set(err.graphIssues());
    this.message.set({ kind: 'error', text: err instanceof Error ? err.message : String(err) });
  }
}
