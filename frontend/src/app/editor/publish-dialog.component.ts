import { ChangeDetectionStrategy, Component, OnInit, computed, inject, output, signal } from '@angular/core';
import type { PublishStrategy } from '../api/api-models';
import { describeDiff } from '../diff/graph-diff';
import { EditorStore } from './state/editor-store';

/** Publish: a strategy, a note, and a dry run of what the new version changes before it is made. */
@Component({
  selector: 'kal-publish-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form
      class="publish-dialog"
      role="dialog"
      aria-label="Publish"
      (submit)="$event.preventDefault(); publish(note.value)"
    >
      <div class="publish-fields">
        <label
          >Strategy
          <select name="strategy" (change)="choose($any($event.target).value)">
            <option value="new_entries_only">
              new entries only (customers in the journey stay on their version)
            </option>
            <option value="migrate_all">migrate all (every open instance moves to the new version)</option>
          </select>
        </label>
        <label>Note <input #note name="note" placeholder="what changed" /></label>
        <button type="submit" class="primary" [disabled]="!canPublish()">
          {{ store.busy() === 'publishing' ? 'Publishing…' : 'Publish version' }}
        </button>
        <button type="button" (click)="closed.emit()">Cancel</button>
      </div>
      <div class="publish-preview" data-testid="publish-preview">
        @if (store.issues().length > 0) {
          <span class="bad">Fix the {{ store.issues().length }} issue(s) first.</span>
        } @else if (store.preview(); as preview) {
          <p>
            Compared with {{ preview.diff.from ? 'v' + preview.diff.from : 'nothing (first version)' }}:
            @if (changes().length === 0) {
              no change.
            }
          </p>
          <ul>
            @for (change of changes(); track $index) {
              <li>{{ change }}</li>
            }
          </ul>
          @if (preview.plan; as plan) {
            <p data-testid="publish-plan">
              {{ plan.total }} open instance(s):
              @for (outcome of outcomes(); track outcome[0]) {
                {{ outcome[1] }} {{ outcome[0] }}{{ $last ? '' : ',' }}
              }
            </p>
            @for (problem of plan.problems; track $index) {
              <p class="bad">{{ problem.message }}</p>
            }
          }
        } @else {
          <span class="muted">Computing what this version changes…</span>
        }
      </div>
    </form>
  `,
})
export class PublishDialogComponent implements OnInit {
  protected readonly store = inject(EditorStore);
  readonly closed = output<void>();
  private readonly strategy = signal<PublishStrategy>('new_entries_only');

  protected readonly canPublish = computed(
    () =>
      this.store.busy() === null &&
      this.store.issues().length === 0 &&
      !this.store.preview()?.plan?.problems.length,
  );
  protected readonly changes = computed(() => {
    const diff = this.store.preview()?.diff;
    return diff ? describeDiff(diff) : [];
  });
  protected readonly outcomes = computed(() =>
    Object.entries(this.store.preview()?.plan?.outcomes ?? {}).filter(([, count]) => count > 0),
  );

  ngOnInit(): void {
    void this.store.previewPublish(this.strategy());
  }

  protected choose(strategy: PublishStrategy): void {
    this.strategy.set(strategy);
    void this.store.previewPublish(strategy);
  }

  protected async publish(note: string): Promise<void> {
    if (await this.store.publish(this.strategy(), note.trim())) this.closed.emit();
  }
}
