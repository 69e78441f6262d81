import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Instance, TraceEntry } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { nextSteps } from './next-step';

/** One customer across every journey: where they are, what happens next, and everything that happened, with why. */
@Component({
  selector: 'kal-customer-trace-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    <div class="page trace-page">
      <header class="page-header">
        <a routerLink="/journeys">← Journeys</a>
        <h1>Customer {{ customerId() }}</h1>
        <span class="spacer"></span>
        <button type="button" (click)="load(customerId())">Refresh</button>
      </header>
      @if (error(); as error) {
        <p class="banner error" data-testid="trace-error">{{ error }}</p>
      }
      @for (i of instances(); track i.id) {
        <section class="instance-card" [attr.data-instance]="i.id" data-testid="trace-instance">
          <strong
            ><a [routerLink]="['/journeys', i.journeyId]">{{
              names().get(i.journeyId) ?? i.journeyId
            }}</a></strong
          >
          · v{{ i.version }} ·
          <span [class]="'status status-' + i.status" data-testid="instance-status">{{ i.status }}</span>
          · since {{ i.createdAt.slice(0, 19).replace('T', ' ') }}
          <ul data-testid="next-steps">
            @for (line of next(i); track $index) {
              <li>{{ line }}</li>
            }
          </ul>
        </section>
      }
      <table class="journeys trace" data-testid="trace">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Journey</th>
            <th>Version</th>
            <th>Node</th>
            <th>What happened</th>
          </tr>
        </thead>
        <tbody>
          @for (e of entries(); track $index) {
            <tr data-testid="trace-entry" [attr.data-type]="e.type" [attr.data-version]="e.version">
              <td class="mono">{{ e.at.slice(0, 23).replace('T', ' ') }}</td>
              <td>{{ names().get(e.journeyId) ?? e.journeyId }}</td>
              <td>v{{ e.version }}</td>
              <td class="mono">{{ e.nodeId ?? '' }}</td>
              <td>{{ e.message }}</td>
            </tr>
          } @empty {
            <tr>
              <td colspan="5" class="muted">
                {{ loading() ? 'Loading…' : 'Nothing has happened to this customer yet.' }}
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class CustomerTracePage {
  private readonly gateway = inject(GatewayClient);
  /** The route's `:customerId`. */
  readonly customerId = input.required<string>();
  protected readonly entries = signal<TraceEntry[]>([]);
  protected readonly instances = signal<Instance[]>([]);
  protected readonly journeyNames = signal<[string, string][]>([]);
  protected readonly names = computed(() => new Map(this.journeyNames()));
  protected readonly error = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly next = nextSteps;

  constructor() {
    effect(() => {
      const id = this.customerId();
      untracked(() => void this.load(id));
    });
  }

  protected async load(customerId: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const [entries, instances, journeys] = await Promise.all([
        this.gateway.customerTrace(customerId),
        this.gateway.listInstances(`customerId=${encodeURIComponent(customerId)}`),
        this.gateway.listJourneys(),
      ]);
      this.entries.set(entries);
      this.instances.set(instances);
      this.journeyNames.set(journeys.map((j) => [j.id, j.name]));
    } catch (err) {
      this.entries.set([]);
      this.instances.set([]);
      this.error.set(err instanceof Error ? err.message : String(err));
    } finally {
      this.loading.set(false);
    }
  }
}
