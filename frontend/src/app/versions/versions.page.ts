import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type {
  Journey,
  JourneyGraph,
  JourneyVersion,
  MigrationPublishResult,
  VersionDiff,
} from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { DiffCanvasComponent } from '../diff/diff-canvas.component';
import { describeDiff, diffCanvasGraph } from '../diff/graph-diff';
import { MigrationPlannerComponent, type PlannerTarget } from './migration-planner.component';

/** One side of a comparison: a version number or the draft. */
type Side = number | 'draft';

/**
 * A journey's versions: the history, a visual diff between any two (or a version and the draft),
 * rollback to an earlier version and publishing the draft with a migration.
 */
@Component({
  selector: 'kal-versions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DiffCanvasComponent, MigrationPlannerComponent],
  template: `
    <div class="page versions-page">
      <header class="page-header">
        <a [routerLink]="['/journeys', id()]">← Editor</a>
        <h1>{{ journey()?.name ?? 'Journey' }} · versions</h1>
        <span class="spacer"></span>
        <a [routerLink]="['/journeys', id(), 'migrations']">Migrations</a>
        <button type="button" (click)="plan({ kind: 'draft' })">Publish the draft with a migration…</button>
      </header>
      @if (error(); as error) {
        <p class="banner error" data-testid="message">{{ error }}</p>
      }
      @if (notice(); as notice) {
        <p class="banner" data-testid="message">{{ notice }}</p>
      }
      <table class="journeys" data-testid="versions">
        <thead>
          <tr>
            <th>Version</th>
            <th>Published</th>
            <th>By</th>
            <th>Strategy</th>
            <th>Note</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (v of versions(); track v.version) {
            <tr [attr.data-version]="v.version">
              <td>
                v{{ v.version }}
                @if (v.version === journey()?.activeVersion) {
                  <span class="status status-active">active</span>
                }
              </td>
              <td>{{ v.createdAt.slice(0, 16).replace('T', ' ') }}</td>
              <td>{{ v.author }}</td>
              <td>{{ v.strategy }}</td>
              <td>{{ v.note }}</td>
              <td>
                @if (v.version !== journey()?.latestVersion) {
                  <button type="button" (click)="plan({ kind: 'rollback', version: v.version })">
                    Roll back to v{{ v.version }}…
                  </button>
                }
              </td>
            </tr>
          } @empty {
            <tr>
              <td colspan="6" class="muted">Never published.</td>
            </tr>
          }
        </tbody>
      </table>

      @if (target(); as t) {
        <kal-migration-planner
          [journeyId]="id()"
          [target]="t"
          [newNodes]="plannerNodes()"
          (done)="started($event)"
          (closed)="target.set(null)"
        />
      }

      <section class="compare">
        <form class="inline" (submit)="$event.preventDefault(); compare()">
          Compare
          <select name="from" (change)="from.set(side($any($event.target).value))">
            @for (s of sides(); track s) {
              <option [value]="s" [selected]="s === from()">{{ label(s) }}</option>
            }
          </select>
          with
          <select name="to" (change)="to.set(side($any($event.target).value))">
            @for (s of sides(); track s) {
              <option [value]="s" [selected]="s === to()">{{ label(s) }}</option>
            }
          </select>
          <button type="submit">Compare</button>
        </form>
        @if (comparison(); as c) {
          <div class="compare-body">
            <div class="diff-host"><kal-diff-canvas [graph]="c.canvas" /></div>
            <ul class="diff-list" data-testid="version-diff">
              @for (line of c.lines; track $index) {
                <li>{{ line }}</li>
              } @empty {
                <li class="muted">No difference.</li>
              }
            </ul>
          </div>
        }
      </section>
    </div>
  `,
})
export class VersionsPage implements OnInit {
  private readonly gateway = inject(GatewayClient);
  private readonly router = inject(Router);
  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly journey = signal<Journey | null>(null);
  protected readonly versions = signal<JourneyVersion[]>([]);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly from = signal<Side>('draft');
  protected readonly to = signal<Side>('draft');
  protected readonly comparison = signal<{
    canvas: ReturnType<typeof diffCanvasGraph>;
    lines: string[];
  } | null>(null);
  protected readonly target = signal<PlannerTarget | null>(null);
  protected readonly plannerNodes = signal<string[]>([]);
  protected readonly sides = computed<Side[]>(() => [...this.versions().map((v) => v.version), 'draft']);

  ngOnInit(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [journey, versions] = await Promise.all([
        this.gateway.getJourney(this.id()),
        this.gateway.listVersions(this.id()),
      ]);
      this.journey.set(journey);
      this.versions.set([...versions].sort((a, b) => b.version - a.version));
      const latest = journey.latestVersion;
      if (latest) {
        this.from.set(latest > 1 ? latest - 1 : latest);
        this.to.set(latest > 1 ? latest : 'draft');
        await this.compare();
      }
    } catch (err) {
      this.fail(err);
    }
  }

  protected side(value: string): Side {
    return value === 'draft' ? 'draft' : Number(value);
  }

  protected label(side: Side): string {
    return side === 'draft' ? 'the draft' : `v${side}`;
  }

  private graphOf(side: Side): Promise<JourneyGraph> {
    return side === 'draft'
      ? this.gateway.getJourney(this.id()).then((j) => j.draft ?? { nodes: [], edges: [] })
      : this.gateway.getVersion(this.id(), side).then((v) => v.graph);
  }

  protected async compare(): Promise<void> {
    try {
      const [diff, before, after]: [VersionDiff, JourneyGraph, JourneyGraph] = await Promise.all([
        this.gateway.diff(this.id(), this.from(), this.to()),
        this.graphOf(this.from()),
        this.graphOf(this.to()),
      ]);
      this.comparison.set({ canvas: diffCanvasGraph(before, after, diff), lines: describeDiff(diff) });
    } catch (err) {
      this.fail(err);
    }
  }

  protected async plan(target: PlannerTarget): Promise<void> {
    this.target.set(null);
    this.notice.set(null);
    try {
      const graph = await this.graphOf(target.kind === 'rollback' ? target.version : 'draft');
      this.plannerNodes.set(graph.nodes.map((n) => n.id));
      this.target.set(target);
    } catch (err) {
      this.fail(err);
    }
  }

  protected async started(result: MigrationPublishResult): Promise<void> {
    this.target.set(null);
    if (result.migration) {
      await this.router.navigate(['/journeys', this.id(), 'migrations', result.migration.id]);
      return;
    }
    this.notice.set(`Published version ${result.version.version}`);
    await this.load();
  }

  private fail(err: unknown): void {
    this.error.set(err instanceof Error ? err.message : String(err));
  }
}
