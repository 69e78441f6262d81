import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  ElementRef,
  HostListener,
  inject,
  input,
  OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import {
  FCanvasComponent,
  FCreateConnectionEvent,
  FFlowModule,
  FMoveNodesEvent,
  FSelectionChangeEvent,
} from '@foblex/flow';
import type { GraphEdge, GraphNode } from '../api/api-models';
import { DesignerPanelComponent } from '../designer/designer-panel.component';
import { perVersionText, totalAt } from '../live/count-by-node';
import { edgesTaken } from '../live/edge-traffic';
import { FlowAnimation } from '../live/flow-animation';
import { LiveCounts } from '../live/live-counts';
import { NodeCatalogueService } from '../catalogue/node-catalogue.service';
import { categoryOf, isEntry, outputsOf } from '../catalogue/node-outputs';
import { edgeId, inputId, outputId, parseEdgeId, parseInputId, parseOutputId } from './connector-ids';
import { connect, disconnect, moveNodes } from './domain/graph-edits';
import { EnrollDialogComponent } from './enroll-dialog.component';
import { PaletteComponent } from './palette.component';
import { PublishDialogComponent } from './publish-dialog.component';
import { VersionHistoryComponent } from './version-history.component';
import { PropertiesPanelComponent } from './properties-panel.component';
import { EditorStore } from './state/editor-store';

/** The visual editor of one journey's draft. */
@Component({
  selector: 'kal-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    FFlowModule,
    RouterLink,
    PaletteComponent,
    PropertiesPanelComponent,
    PublishDialogComponent,
    VersionHistoryComponent,
    DesignerPanelComponent,
    EnrollDialogComponent,
  ],
  providers: [EditorStore, LiveCounts],
  templateUrl: './editor.page.html',
})
export class EditorPage implements OnInit {
  /** The route's `:id`. */
  readonly id = input.required<string>();
  /** Inside the Web Component: no links to the console's other pages. */
  readonly embedded = input(false);
  protected readonly store = inject(EditorStore);
  protected readonly live = inject(LiveCounts);
  private readonly catalogue = inject(NodeCatalogueService);
  private readonly canvas = viewChild(FCanvasComponent);
  /** Customers moving along the edges while the live overlay is on. */
  private readonly flow = new FlowAnimation(inject<ElementRef<HTMLElement>>(ElementRef).nativeElement);

  protected readonly loadError = signal<string | null>(null);
  protected readonly publishOpen = signal(false);
  protected readonly historyOpen = signal(false);
  protected readonly enrollOpen = signal(false);
  protected readonly designerOpen = signal(false);
  protected readonly inputId = inputId;
  protected readonly outputId = outputId;
  protected readonly edgeId = edgeId;
  protected readonly isEntry = isEntry;
  protected readonly categoryOf = categoryOf;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.live.stop();
      this.flow.clear();
    });
  }

  ngOnInit(): void {
    void this.load();
  }

  protected toggleLive(): void {
    if (this.live.on()) {
      this.live.stop();
      this.flow.clear();
    } else {
      this.live.start(this.id(), (step) => this.flow.travel(edgesTaken(step, this.store.graph().edges)));
    }
  }

  protected liveCount(node: GraphNode): number {
    return totalAt(this.live.counts(), node.id);
  }

  protected liveVersions(node: GraphNode): string {
    return perVersionText(this.live.counts(), node.id);
  }

  private async load(): Promise<void> {
    try {
      await Promise.all([this.catalogue.load(), this.store.open(this.id())]);
    } catch (err) {
      this.loadError.set(err instanceof Error ? err.message : String(err));
    }
  }

  protected outputs(node: GraphNode): string[] {
    return outputsOf(node.type, node.config);
  }

  protected position(node: GraphNode): { x: number; y: number } {
    return node.position ?? { x: 0, y: 0 };
  }

  protected issueCount(node: GraphNode): number {
    return this.store.issuesByNode().get(node.id)?.length ?? 0;
  }

  protected issueTitle(node: GraphNode): string {
    return (this.store.issuesByNode().get(node.id) ?? []).map((i) => i.message).join('\n');
  }

  protected fitToScreen(): void {
    this.canvas()?.fitToScreen({ x: 80, y: 80 }, false);
  }

  protected onAdd(kind: { type: string; config: Record<string, unknown> }): void {
    this.store.addNode(kind.type, kind.config);
  }

  protected onConnect(event: FCreateConnectionEvent): void {
    const source = parseOutputId(event.sourceId);
    const to = event.targetId ? parseInputId(event.targetId) : null;
    if (source && to) this.store.apply((g) => connect(g, { from: source.nodeId, to, output: source.output }));
  }

  protected onMove(event: FMoveNodesEvent): void {
    this.store.apply((g) => moveNodes(g, new Map(event.nodes.map((n) => [n.id, n.position]))));
  }

  private selectedEdges: string[] = [];

  protected onSelection(event: FSelectionChangeEvent): void {
    this.selectedEdges = event.connectionIds;
    if (event.nodeIds.length === 1) this.store.selectedId.set(event.nodeIds[0] ?? null);
    else if (event.nodeIds.length === 0 && event.connectionIds.length === 0) this.store.selectedId.set(null);
  }

  @HostListener('document:keydown', ['$event'])
  protected onKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null;
    if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'z') {
      event.preventDefault();
      if (event.shiftKey) this.store.redo();
      else this.store.undo();
    } else if (mod && event.key.toLowerCase() === 'y') {
      event.preventDefault();
      this.store.redo();
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      this.deleteSelection();
    }
  }

  private deleteSelection(): void {
    const edges = this.selectedEdges
      .map(parseEdgeId)
      .map((key) => this.store.graph().edges.find((e) => e.from === key?.from && e.output === key?.output))
      .filter((e): e is GraphEdge => e !== undefined);
    if (edges.length) {
      this.store.apply((g) => edges.reduce(disconnect, g));
      this.selectedEdges = [];
    } else {
      this.store.removeSelected();
    }
  }
}
