import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import type { JsonSchema } from '../../catalogue/json-schema';
import { fieldKind, formatValue, parseInput, type FieldKind } from './field-kind';

interface Field {
  name: string;
  schema: JsonSchema;
  kind: FieldKind;
  required: boolean;
  text: string;
}

/** A form for one node's config, generated from the config's JSON Schema (the node catalogue). */
@Component({
  selector: 'kal-schema-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @for (field of fields(); track field.name) {
      <label class="field" [attr.data-field]="field.name">
        <span class="field-name"
          >{{ field.name }}
          @if (field.required) {
            <b title="required">*</b>
          }
        </span>
        @switch (field.kind) {
          @case ('select') {
            <select [value]="field.text" (change)="commit(field, $any($event.target).value)">
              <option value="">
                (default{{ field.schema.default !== undefined ? ': ' + field.schema.default : '' }})
              </option>
              @for (option of field.schema.enum ?? []; track $index) {
                <option [value]="option" [selected]="field.text === '' + option">{{ option }}</option>
              }
            </select>
          }
          @case ('checkbox') {
            <input
              type="checkbox"
              [checked]="config()[field.name] === true"
              (change)="setValue(field.name, $any($event.target).checked || undefined)"
            />
          }
          @case ('choices') {
            <span class="choices">
              @for (option of field.schema.items?.enum ?? []; track $index) {
                <label
                  ><input
                    type="checkbox"
                    [checked]="isChosen(field.name, option)"
                    (change)="toggleChoice(field.name, option, $any($event.target).checked)"
                  />{{ option }}</label
                >
              }
            </span>
          }
          @case ('textarea') {
            <textarea
              rows="3"
              [value]="field.text"
              (change)="commit(field, $any($event.target).value)"
            ></textarea>
          }
          @case ('json') {
            <textarea
              rows="4"
              class="mono"
              [value]="field.text"
              (change)="commit(field, $any($event.target).value)"
            ></textarea>
          }
          @default {
            <input
              [type]="field.kind === 'number' ? 'number' : 'text'"
              [value]="field.text"
              (change)="commit(field, $any($event.target).value)"
            />
          }
        }
        @if (errors()[field.name]; as error) {
          <span class="field-error">{{ error }}</span>
        }
        @if (field.schema.description) {
          <small>{{ field.schema.description }}</small>
        }
      </label>
    } @empty {
      <p class="muted">This node has no settings.</p>
    }
  `,
})
export class SchemaFormComponent {
  readonly schema = input.required<JsonSchema>();
  readonly config = input.required<Record<string, unknown>>();
  readonly configChange = output<Record<string, unknown>>();
  protected readonly errors = signal<Record<string, string>>({});

  protected readonly fields = computed<Field[]>(() => {
    const schema = this.schema();
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {}).map(([name, fieldSchema]) => {
      const kind = fieldKind(fieldSchema);
      return {
        name,
        schema: fieldSchema,
        kind,
        required: required.has(name),
        text: formatValue(kind, this.config()[name]),
      };
    });
  });

  protected commit(field: Field, text: string): void {
    const parsed = parseInput(field.kind, text);
    if (parsed.error) {
      this.errors.update((e) => ({ ...e, [field.name]: `${field.name}: ${parsed.error}` }));
      return;
    }
    this.errors.update(({ [field.name]: _, ...rest }) => rest);
    this.setValue(field.name, parsed.value);
  }

  protected setValue(name: string, value: unknown): void {
    const { [name]: _, ...rest } = this.config();
    this.configChange.emit(value === undefined ? rest : { ...rest, [name]: value });
  }

  protected isChosen(name: string, option: unknown): boolean {
    const value = this.config()[name];
    return Array.isArray(value) && value.includes(option);
  }

  protected toggleChoice(name: string, option: unknown, on: boolean): void {
    const current = Array.isArray(this.config()[name]) ? (this.config()[name] as unknown[]) : [];
    const next = on ? [...current, option] : current.filter((o) => o !== option);
    this.setValue(name, next.length ? next : undefined);
  }
}
