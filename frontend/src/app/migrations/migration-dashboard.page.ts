import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Migration } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { isSettled, processedPercent, progressParts } from './migration-progress';

const POLL_MS = 1000;

/** A journey's migrations and the progress of one, polled while it runs. */
@Component({
  selector: 'kal-migration-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page migrations-page">
      <header class="page-header">
        <a [routerLink]="['/journeys', id()]">← Editor</a>
        <h1>Migrations</h1>
        <span class="spacer"></span>
        <a [routerLink]="['/journeys', id(), 'versions']">Versions</a>
      </header>
      @if (error(); as error) {
        <p class="banner error">{{ error }}</p>
      }
      @if (selected(); as m) {
        <section class="migration" data-testid="migration" [attr.data-status]="m.status">
          <h2>
            v{{ m.fromVersions.join(', v') }} → v{{ m.toVersion }}
            <span class="status" [class]="'status migration-' + m.status" data-testid="migration-status">{{
              m.status
            }}</span>
          </h2>
          <p class="muted">
            {{ m.strategy
            }}{{ m.percent !== undefined && m.strategy === 'gradual' ? ' ' + m.percent + '%' : '' }} · by
            {{ m.author }} · started {{ m.createdAt.slice(0, 19).replace('T', ' ') }} · counted
            {{ (m.countedAt ?? m.updatedAt).slice(11, 19) }}
            @if (polling()) {
              · <span data-testid="polling">refreshing every second</span>
            }
          </p>
          <p data-testid="migration-processed">
            {{ processed() }}% processed of {{ m.counts.total }} instance(s)
          </p>
          <div class="progress" aria-label="Progress">
            @for (part of parts(); track part.key) {
              @if (part.count > 0) {
                <div
                  [class]="'progress-part part-' + part.key"
                  [style.width.%]="part.percent"
                  [title]="part.key"
                ></div>
              }
            }
          </div>
          <table class="counts" data-testid="migration-counts">
            <tr>
              @for (part of parts(); track part.key) {
                <th>{{ part.key }}</th>
              }
            </tr>
            <tr>
              @for (part of parts(); track part.key) {
                <td [attr.data-count]="part.key">{{ part.count }}</td>
              }
            </tr>
          </table>
          <h3>Open instances per version</h3>
          <table class="counts" data-testid="instances-per-version">
            <tr>
              @for (v of perVersion(); track v[0]) {
                <th>v{{ v[0] }}</th>
              }
            </tr>
            <tr>
              @for (v of perVersion(); track v[0]) {
                <td [attr.data-version]="v[0]">{{ v[1] }}</td>
              }
            </tr>
          </table>
          @if (m.status === 'running' && m.strategy === 'gradual') {
            <form class="inline" (submit)="$event.preventDefault(); raise(m, +raiseTo.value)">
              <input
                #raiseTo
                name="raisePercent"
                type="number"
                min="1"
                max="100"
                [value]="m.percent ?? 100"
              />
              <button type="submit" class="primary">Raise rollout to this %</button>
              <button type="button" (click)="halt(m)">Halt further raises</button>
            </form>
          }
          @if (m.counts.held > 0) {
            <p>
              {{ m.counts.held }} customer(s) held for review:
              <code>GET /v1/instances?journeyId={{ id() }}&status=held</code>, released one by one.
            </p>
          }
        </section>
      }
      <table class="journeys" data-testid="migrations">
        <thead>
          <tr>
            <th>Migration</th>
            <th>Versions</th>
            <th>Status</th>
            <th>Processed</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          @for (m of migrations(); track m.id) {
            <tr [attr.data-migration]="m.id" [class.selected]="m.id === selected()?.id">
              <td>
                <a [routerLink]="['/journeys', id(), 'migrations', m.id]">{{ m.id }}</a>
              </td>
              <td>v{{ m.fromVersions.join(', v') }} → v{{ m.toVersion }}</td>
              <td>{{ m.status }}</td>
              <td>{{ m.counts.total - m.counts.enqueued }} / {{ m.counts.total }}</td>
              <td>{{ m.createdAt.slice(0, 16).replace('T', ' ') }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">
                No migration yet: publish with "migrate all" on the Versions page.
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class MigrationDashboardPage {
  private readonly gateway = inject(GatewayClient);
  /** The route's `:id` and, on a migration's own page, `:migrationId`. */
  readonly id = input.required<string>();
  readonly migrationId = input<string>();

  protected readonly migrations = signal<Migration[]>([]);
  protected readonly selected = signal<Migration | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly polling = signal(false);
  protected readonly parts = computed(() => {
    const m = this.selected();
    return m ? progressParts(m.counts) : [];
  });
  protected readonly processed = computed(() => {
    const m = this.selected();
    return m ? processedPercent(m.counts) : 0;
  });
  protected readonly perVersion = computed(() =>
    Object.entries(this.selected()?.instancesPerVersion ?? {}).sort(([a], [b]) => Number(a) - Number(b)),
  );
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
    effect(() => {
      const id = this.id();
      const migrationId = this.migrationId();
      untracked(() => {
        this.stop();
        void this.poll(id, migrationId, ++this.generation);
      });
    });
  }

  private stop(): void {
    clearTimeout(this.timer);
    this.generation++;
    this.polling.set(false);
  }

  /** Reads the list (and the chosen migration, else the newest); again in a second while it runs. */
  private async poll(id: string, migrationId: string | undefined, generation: number): Promise<void> {
    try {
      const migrations = await this.gateway.listMigrations(id);
      const chosen = migrationId ? await this.gateway.getMigration(id, migrationId) : (migrations[0] ?? null);
      if (generation !== this.generation) return;
      this.migrations.set(migrations);
      this.selected.set(chosen);
      this.error.set(null);
      const again = chosen !== null && !isSettled(chosen);
      this.polling.set(again);
      if (again) this.timer = setTimeout(() => void this.poll(id, migrationId, generation), POLL_MS);
    } catch (err) {
      if (generation !== this.generation) return;
      this.error.set(err instanceof Error ? err.message : String(err));
      this.timer = setTimeout(() => void this.poll(id, migrationId, generation), POLL_MS * 3);
    }
  }

  protected async raise(m: Migration, percent: number): Promise<void> {
    try {
      this.selected.set(await this.gateway.raiseRollout(this.id(), m.id, percent));
      this.restart();
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    }
  }

  /** Polls again from now (a raise takes up more instances). */
  private restart(): void {
    this.stop();
    void this.poll(this.id(), this.migrationId(), ++this.generation);
  }

  protected async halt(m: Migration): Promise<void> {
    try {
      this.selected.set(await this.gateway.haltMigration(this.id(), m.id));
    } catch (err) {
      this.error.set(err instanceof Error ? err.message : String(err));
    }
  }
}
