import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import type {
  MappingTarget,
  MigrationOptions,
  MigrationPublishResult,
  PublishStrategy,
  RemovedNodePolicy,
} from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { describeDiff } from '../diff/graph-diff';

/** What the planner publishes: the saved draft, or an earlier version again (a rollback). */
export type PlannerTarget = { kind: 'draft' } | { kind: 'rollback'; version: number };

const POLICIES: RemovedNodePolicy[] = ['skip', 'exit', 'hold'];

/** A choice in the mapping editor's select: '' keeps the proposal, `node:<id>` or `policy:<p>`. */
function toTarget(choice: string): MappingTarget | undefined {
  if (choice.startsWith('node:')) return choice.slice(5);
  if (choice.startsWith('policy:')) return { policy: choice.slice(7) as RemovedNodePolicy };
  return undefined;
}

const targetText = (t: MappingTarget | undefined) =>
  t === undefined ? 'no counterpart' : typeof t === 'string' ? t : `policy ${t.policy}`;

/**
 * Publishing with a migration: strategy, the node mapping (the gateway's proposal, editable for
 * the old nodes that have no same-id counterpart), a dry run of where the open instances would
 * go, then the real publish or rollback, which starts the migration.
 */
@Component({
  selector: 'kal-migration-planner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="migration-planner" data-testid="migration-planner">
      <h2>
        {{ target().kind === 'rollback' ? 'Roll back to v' + rollbackVersion() : 'Publish the draft' }}
      </h2>
      <div class="publish-fields">
        <label
          >Strategy
          <select name="strategy" (change)="strategy.set($any($event.target).value); dryRun()">
            <option value="migrate_all">migrate all open instances</option>
            <option value="gradual">gradual (a share now, raised later)</option>
            <option value="new_entries_only">new entries only</option>
          </select>
        </label>
        @if (strategy() === 'gradual') {
          <label
            >Percent now
            <input
              name="percent"
              type="number"
              min="1"
              max="100"
              [value]="percent()"
              (change)="percent.set(+$any($event.target).value); dryRun()"
            />
          </label>
        }
        @if (strategy() !== 'new_entries_only') {
          <label
            >Removed nodes
            <select name="removedNodePolicy" (change)="policy.set($any($event.target).value); dryRun()">
              <option value="">map each (no default)</option>
              @for (p of policies; track p) {
                <option [value]="p">{{ p }}</option>
              }
            </select>
          </label>
        }
        <label>Note <input #note name="note" (input)="noteText.set(note.value)" placeholder="why" /></label>
        <button type="button" (click)="dryRun()" [disabled]="busy()">Dry run</button>
      </div>
      @if (error(); as error) {
        <p class="bad" data-testid="planner-error">{{ error }}</p>
      }
      @if (result(); as r) {
        <div class="planner-body">
          <div>
            <h3>
              Changes (v{{ r.diff.from ?? '–' }} → {{ r.diff.to === 'draft' ? 'draft' : 'v' + r.diff.to }})
            </h3>
            <ul data-testid="planner-diff">
              @for (line of changes(); track $index) {
                <li>{{ line }}</li>
              } @empty {
                <li class="muted">no change</li>
              }
            </ul>
          </div>
          @if (r.plan; as plan) {
            <div>
              <h3>Mapping of the old nodes</h3>
              <table class="mapping-editor" data-testid="mapping-editor">
                <thead>
                  <tr>
                    <th>Old node</th>
                    <th>Proposed</th>
                    <th>Customers go to</th>
                  </tr>
                </thead>
                <tbody>
                  @for (row of rows(); track row.id) {
                    <tr [attr.data-old-node]="row.id" [class.removed]="row.removed">
                      <td>{{ row.id }}</td>
                      <td>{{ row.proposed }}</td>
                      <td>
                        <select [name]="'map-' + row.id" (change)="remap(row.id, $any($event.target).value)">
                          <option value="" [selected]="!edits()[row.id]">(as proposed)</option>
                          @for (n of newNodes(); track n) {
                            <option [value]="'node:' + n" [selected]="edits()[row.id] === 'node:' + n">
                              {{ n }}
                            </option>
                          }
                          @for (p of policies; track p) {
                            <option [value]="'policy:' + p" [selected]="edits()[row.id] === 'policy:' + p">
                              policy: {{ p }}
                            </option>
                          }
                        </select>
                      </td>
                    </tr>
                  } @empty {
                    <tr>
                      <td colspan="3" class="muted">Every old node keeps its counterpart.</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            <div data-testid="dry-run">
              <h3>Dry run</h3>
              <p data-testid="dry-run-summary">
                {{ plan.total }} open instance(s):
                @for (o of outcomes(); track o[0]) {
                  {{ o[1] }} {{ o[0] }}{{ $last ? '' : ',' }}
                }
              </p>
              <table class="moves">
                @for (m of plan.moves; track $index) {
                  <tr [attr.data-move]="m.from">
                    <td>{{ m.from }}</td>
                    <td>→</td>
                    <td>{{ m.to ?? '—' }}</td>
                    <td>{{ m.outcome }}</td>
                    <td>{{ m.count }}</td>
                  </tr>
                }
              </table>
              @for (p of plan.problems; track $index) {
                <p class="bad" data-testid="plan-problem">{{ p.message }}</p>
              }
            </div>
          }
        </div>
      }
      <div class="planner-actions">
        <button type="button" class="primary" (click)="start()" [disabled]="!canStart()">
          {{
            strategy() !== 'new_entries_only'
              ? 'Start migration'
              : target().kind === 'rollback'
                ? 'Roll back'
                : 'Publish'
          }}
        </button>
        <button type="button" (click)="closed.emit()">Cancel</button>
      </div>
    </section>
  `,
})
export class MigrationPlannerComponent {
  private readonly gateway = inject(GatewayClient);
  readonly journeyId = input.required<string>();
  readonly target = input.required<PlannerTarget>();
  /** The node ids of the version being published, offered as mapping targets. */
  readonly newNodes = input.required<string[]>();
  readonly done = output<MigrationPublishResult>();
  readonly closed = output<void>();

  protected readonly policies = POLICIES;
  protected readonly strategy = signal<PublishStrategy>('migrate_all');
  protected readonly policy = signal<RemovedNodePolicy | ''>('');
  protected readonly percent = signal(10);
  protected readonly noteText = signal('');
  /** Old node id -> the select's choice, for the rows the user changed. */
  protected readonly edits = signal<Record<string, string>>({});
  protected readonly result = signal<MigrationPublishResult | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly busy = signal(false);
  private runs = 0;

  protected readonly rollbackVersion = computed(() => {
    const t = this.target();
    return t.kind === 'rollback' ? t.version : null;
  });
  protected readonly changes = computed(() => {
    const r = this.result();
    return r ? describeDiff(r.diff) : [];
  });
  protected readonly outcomes = computed(() =>
    Object.entries(this.result()?.plan?.outcomes ?? {}).filter(([, n]) => n > 0),
  );
  /** The old nodes worth a decision: removed ones, and any the proposal maps elsewhere or the plan complains about. */
  protected readonly rows = computed(() => {
    const r = this.result();
    if (!r?.plan) return [];
    const proposed = new Map<string, MappingTarget>();
    for (const byNode of Object.values(r.plan.mapping ?? {}))
      for (const [id, t] of Object.entries(byNode)) proposed.set(id, t);
    const removed = new Set(r.diff.removedNodes);
    const ids = new Set<string>([
      ...r.diff.removedNodes,
      ...[...proposed].filter(([id, t]) => t !== id).map(([id]) => id),
      ...r.plan.problems.map((p) => p.nodeId).filter((id): id is string => !!id),
      ...Object.keys(this.edits()),
    ]);
    return [...ids].map((id) => ({ id, removed: removed.has(id), proposed: targetText(proposed.get(id)) }));
  });
  protected readonly canStart = computed(
    () => !this.busy() && this.result() !== null && !this.result()?.plan?.problems.length,
  );

  constructor() {
    queueMicrotask(() => void this.dryRun());
  }

  protected remap(id: string, choice: string): void {
    this.edits.update((e) => {
      const next = { ...e };
      if (choice) next[id] = choice;
      else delete next[id];
      return next;
    });
    void this.dryRun();
  }

  private options(): MigrationOptions {
    const options: MigrationOptions = { strategy: this.strategy() };
    if (this.noteText().trim()) options.note = this.noteText().trim();
    if (this.strategy() === 'new_entries_only') return options;
    if (this.strategy() === 'gradual') options.rollout = { percent: this.percent() };
    const mapping: Record<string, MappingTarget> = {};
    for (const [id, choice] of Object.entries(this.edits())) {
      const t = toTarget(choice);
      if (t !== undefined) mapping[id] = t;
    }
    if (Object.keys(mapping).length) options.mapping = mapping;
    const policy = this.policy();
    if (policy) options.removedNodePolicy = policy;
    return options;
  }

  private call(dryRun: boolean): Promise<MigrationPublishResult> {
    const t = this.target();
    return t.kind === 'rollback'
      ? this.gateway.rollback(this.journeyId(), t.version, this.options(), dryRun)
      : this.gateway.publishWithMigration(this.journeyId(), this.options(), dryRun);
  }

  protected async dryRun(): Promise<void> {
    const run = ++this.runs;
    this.busy.set(true);
    this.error.set(null);
    try {
      const result = await this.call(true);
      if (run === this.runs) this.result.set(result);
    } catch (err) {
      if (run === this.runs) {
        this.result.set(null);
        this.error.set(err instanceof Error ? err.message : String(err));
      }
    } finally {
      if (run === this.runs) this.busy.set(false);
    }
  }

  protected async start(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      this.done.emit(await this.call(false));
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    } finally {
      this.busy.set(false);
    }
  }
}
