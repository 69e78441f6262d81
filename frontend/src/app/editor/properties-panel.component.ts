import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { NodeCatalogueService } from '../catalogue/node-catalogue.service';
import { outputsOf } from '../catalogue/node-outputs';
import { connect, disconnect } from './domain/graph-edits';
import { SchemaFormComponent } from './schema-form/schema-form.component';
import { EditorStore } from './state/editor-store';

/** The selected node: its name, its config (a form from the catalogue's schema), its outputs. */
@Component({
  selector: 'kal-properties-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SchemaFormComponent],
  template: `
    @if (store.selected(); as node) {
      <h2>{{ node.name || node.id }}</h2>
      <p class="muted">
        <code>{{ node.type }}</code> · id <code>{{ node.id }}</code>
      </p>
      @if (kind()?.description; as description) {
        <p class="description">{{ description }}</p>
      }
      @for (issue of nodeIssues(); track $index) {
        <p class="issue" data-testid="node-issue">{{ issue.message }}</p>
      }
      <label class="field">
        <span class="field-name">name</span>
        <input
          data-field="name"
          [value]="node.name ?? ''"
          (change)="store.updateNode(node.id, { name: $any($event.target).value })"
        />
      </label>
      @if (kind(); as kind) {
        <kal-schema-form
          [schema]="kind.configSchema"
          [config]="node.config"
          (configChange)="store.updateNode(node.id, { config: $event })"
        />
      } @else {
        <p class="issue">The gateway's catalogue has no node kind "{{ node.type }}".</p>
      }
      <h3>Outputs</h3>
      @for (out of outputs(); track out.label) {
        <label class="field output-row" [attr.data-output]="out.label">
          <span class="field-name">{{ out.label }} →</span>
          <select [value]="out.target" (change)="setTarget(out.label, $any($event.target).value)">
            <option value="">(not connected)</option>
            @for (other of targets(); track other.id) {
              <option [value]="other.id" [selected]="other.id === out.target">
                {{ other.name || other.id }}
              </option>
            }
          </select>
        </label>
      } @empty {
        <p class="muted">No outputs: customers end here.</p>
      }
      <button type="button" class="danger" (click)="store.removeSelected()">Delete node</button>
    } @else {
      <p class="muted">
        Select a node to edit its settings. Drag from a node's output dot to another node's input to connect
        them.
      </p>
    }
  `,
})
export class PropertiesPanelComponent {
  protected readonly store = inject(EditorStore);
  private readonly catalogue = inject(NodeCatalogueService);

  protected readonly kind = computed(() => {
    const node = this.store.selected();
    return node ? this.catalogue.kind(node.type) : undefined;
  });
  protected readonly nodeIssues = computed(() => {
    const node = this.store.selected();
    return node ? (this.store.issuesByNode().get(node.id) ?? []) : [];
  });
  protected readonly outputs = computed(() => {
    const node = this.store.selected();
    if (!node) return [];
    const edges = this.store.graph().edges.filter((e) => e.from === node.id);
    const labels = [...new Set([...outputsOf(node.type, node.config), ...edges.map((e) => e.output)])];
    return labels.map((label) => ({ label, target: edges.find((e) => e.output === label)?.to ?? '' }));
  });
  protected readonly targets = computed(() => {
    const node = this.store.selected();
    return this.store.graph().nodes.filter((n) => n.id !== node?.id);
  });

  protected setTarget(output: string, to: string): void {
    const node = this.store.selected();
    if (!node) return;
    const current = this.store.graph().edges.find((e) => e.from === node.id && e.output === output);
    if (to) this.store.apply((g) => connect(g, { from: node.id, to, output }));
    else if (current) this.store.apply((g) => disconnect(g, current));
  }
}
