import { ChangeDetectionStrategy, Component, computed, inject, output } from '@angular/core';
import type { JsonSchema } from '../catalogue/json-schema';
import { NodeCatalogueService } from '../catalogue/node-catalogue.service';
import type { NodeKind } from '../catalogue/node-kinds';

/** Every node kind of the gateway's catalogue, by category; a click adds one to the canvas. */
@Component({
  selector: 'kal-palette',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (group of groups(); track group.category) {
      <h3>{{ group.category }}</h3>
      @for (kind of group.kinds; track kind.type) {
        <button
          type="button"
          class="palette-item"
          [class]="'cat-' + kind.category"
          [attr.data-kind]="kind.type"
          [title]="kind.description"
          (click)="add.emit({ type: kind.type, config: starterConfig(kind) })"
        >
          {{ kind.type }}
        </button>
      }
    }
  `,
})
export class PaletteComponent {
  private readonly catalogue = inject(NodeCatalogueService);
  readonly add = output<{ type: string; config: Record<string, unknown> }>();

  protected readonly groups = computed(() => {
    const byCategory = new Map<string, NodeKind[]>();
    for (const kind of this.catalogue.kinds()) {
      byCategory.set(kind.category, [...(byCategory.get(kind.category) ?? []), kind]);
    }
    return [...byCategory].map(([category, kinds]) => ({ category, kinds }));
  });

  /** Required fields that have a default start with it; the rest start empty (validation asks for them). */
  protected starterConfig(kind: NodeKind): Record<string, unknown> {
    const config: Record<string, unknown> = {};
    const properties: Record<string, JsonSchema> = kind.configSchema.properties ?? {};
    for (const name of kind.configSchema.required ?? []) {
      const value = properties[name]?.default;
      if (value !== undefined) config[name] = value;
    }
    return config;
  }
}
