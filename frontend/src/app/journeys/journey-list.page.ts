import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { Journey } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';
import { SessionService } from '../api/session.service';
import { JourneyCounts } from '../live/journey-counts';

const NEW_JOURNEY_GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {}, position: { x: 0, y: 0 } },
    { id: 'done', type: 'exit', config: {}, position: { x: 280, y: 0 } },
  ],
  edges: [{ from: 'entry', to: 'done', output: 'next' }],
};

/**
 * The workspace's journeys: status, versions and customers in each now (live); a new one opens in
 * the editor. Follows the workspace switcher: another workspace, its journeys.
 */
@Component({
  selector: 'kal-journey-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  providers: [JourneyCounts],
  template: `
    <div class="page">
      <header class="page-header">
        <h1>Journeys</h1>
        <form class="inline" (submit)="$event.preventDefault(); create(name.value)">
          <input #name name="name" placeholder="New journey name" required />
          <button type="submit" class="primary">Create</button>
        </form>
      </header>
      @if (error(); as error) {
        <p class="banner error">{{ error }}</p>
      }
      @if (journeys(); as journeys) {
        <table class="journeys">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Latest version</th>
              <th>Active version</th>
              <th title="Customers in the journey now, all versions (live)">Customers now</th>
              <th>Updated</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            @for (journey of journeys; track journey.id) {
              <tr [attr.data-journey]="journey.id">
                <td>
                  <a [routerLink]="['/journeys', journey.id]">{{ journey.name }}</a>
                </td>
                <td>
                  <span [class]="'status status-' + journey.status">{{ journey.status }}</span>
                </td>
                <td>{{ journey.latestVersion ?? '—' }}</td>
                <td>{{ journey.activeVersion ?? '—' }}</td>
                <td data-testid="live-total" [title]="perVersion(journey.id)">
                  {{ journey.latestVersion === null ? '—' : (counts.counts().get(journey.id)?.total ?? '…') }}
                </td>
                <td>{{ journey.updatedAt ? journey.updatedAt.slice(0, 16).replace('T', ' ') : '' }}</td>
                <td>
                  <a [routerLink]="['/journeys', journey.id, 'analytics']">Analytics</a>
                </td>
              </tr>
            } @empty {
              <tr>
                <td colspan="7" class="muted">No journeys yet: create one above.</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <p class="muted">Loading…</p>
      }
    </div>
  `,
})
export class JourneyListPage {
  private readonly gateway = inject(GatewayClient);
  private readonly router = inject(Router);
  protected readonly counts = inject(JourneyCounts);
  protected readonly journeys = signal<Journey[] | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    const sessions = inject(SessionService);
    effect(() => {
      if (sessions.session()) untracked(() => void this.load());
    });
    inject(DestroyRef).onDestroy(() => this.counts.stop());
  }

  protected perVersion(journeyId: string): string {
    const count = this.counts.counts().get(journeyId);
    if (!count) return '';
    return Object.entries(count.perVersion)
      .map(([version, n]) => `v${version}: ${n}`)
      .join(', ');
  }

  private async load(): Promise<void> {
    this.journeys.set(null);
    this.error.set(null);
    try {
      const journeys = await this.gateway.listJourneys();
      this.journeys.set(journeys);
      this.counts.start(journeys.filter((j) => j.latestVersion !== null).map((j) => j.id));
    } catch (err) {
      this.error.set((err as Error).message);
    }
  }

  protected async create(name: string): Promise<void> {
    if (!name.trim()) return;
    try {
      const journey = await this.gateway.createJourney(name.trim(), NEW_JOURNEY_GRAPH);
      await this.router.navigate(['/journeys', journey.id]);
    } catch (err) {
      this.error.set((err as Error).message);
    }
  }
}
