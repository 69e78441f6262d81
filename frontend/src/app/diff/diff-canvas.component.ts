import { ChangeDetectionStrategy, Component, computed, effect, input, viewChild } from '@angular/core';
import { FCanvasComponent, FFlowModule } from '@foblex/flow';
import { categoryOf, isEntry } from '../catalogue/node-outputs';
import { edgeId, inputId, outputId } from '../editor/connector-ids';
import type { DiffCanvasGraph } from './graph-diff';

/** A read-only canvas of a diff: added nodes green, removed red, changed amber. */
@Component({
  selector: 'kal-diff-canvas',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FFlowModule],
  template: `
    <div class="diff-legend">
      <span class="diff-added">added</span> <span class="diff-removed">removed</span>
      <span class="diff-changed">changed</span>
    </div>
    <f-flow class="diff-flow" (fLoaded)="fit()">
      <f-background><f-circle-pattern /></f-background>
      <f-canvas fZoom>
        @for (edge of graph().edges; track edgeId(edge) + edge.to) {
          <f-connection
            [fConnectionId]="'diff-' + edgeId(edge) + '-' + edge.to"
            [fOutputId]="outputId(edge.from, edge.output + (edge.mark === 'removed' ? '~' : ''))"
            [fInputId]="inputId(edge.to)"
            fType="bezier"
            fBehavior="fixed"
            [class]="'diff-edge diff-' + edge.mark"
          >
            <div fConnectionContent position="0.5" class="edge-label">{{ edge.output }}</div>
          </f-connection>
        }
        @for (node of graph().nodes; track node.id) {
          <div
            fNode
            [fNodeId]="'diff-' + node.id"
            [fNodePosition]="node.position!"
            [fNodeDraggingDisabled]="true"
            [class]="'node diff-' + node.mark"
            [attr.data-category]="categoryOf(node.type)"
            [attr.data-diff-node]="node.id"
            [attr.data-mark]="node.mark"
          >
            @if (!isEntry(node.type)) {
              <div
                fNodeInput
                [fInputId]="inputId(node.id)"
                fInputMultiple="true"
                fInputConnectableSide="left"
                class="left"
              ></div>
            }
            <div class="node-type">{{ node.type }}</div>
            <div class="node-title">{{ node.name || node.id }}</div>
            <div class="outputs">
              @for (out of outputsOf(node.id); track out) {
                <div class="output">
                  {{ out.replace('~', '') }}
                  <span
                    fNodeOutput
                    [fOutputId]="outputId(node.id, out)"
                    fOutputConnectableSide="right"
                    class="right"
                  ></span>
                </div>
              }
            </div>
          </div>
        }
      </f-canvas>
    </f-flow>
  `,
})
export class DiffCanvasComponent {
  readonly graph = input.required<DiffCanvasGraph>();
  private readonly canvas = viewChild(FCanvasComponent);
  protected readonly edgeId = edgeId;
  // Own connector ids, apart from those of an editor canvas on the same page.
  protected readonly inputId = (nodeId: string) => `diff-${inputId(nodeId)}`;
  protected readonly outputId = (nodeId: string, output: string) => `diff-${outputId(nodeId, output)}`;
  protected readonly isEntry = isEntry;
  protected readonly categoryOf = categoryOf;

  /** A node's outputs as its edges use them; a removed edge gets its own connector ("~"), as an output may be reused. */
  private readonly outputs = computed(() => {
    const byNode = new Map<string, string[]>();
    for (const e of this.graph().edges) {
      const out = e.output + (e.mark === 'removed' ? '~' : '');
      const list = byNode.get(e.from) ?? [];
      if (!list.includes(out)) list.push(out);
      byNode.set(e.from, list);
    }
    return byNode;
  });

  constructor() {
    // A new comparison is fitted too, once foblex has measured its nodes.
    effect(() => {
      this.graph();
      setTimeout(() => this.fit(), 50);
    });
  }

  protected outputsOf(id: string): string[] {
    return this.outputs().get(id) ?? [];
  }

  fit(): void {
    this.canvas()?.fitToScreen({ x: 40, y: 40 }, false);
  }
}
