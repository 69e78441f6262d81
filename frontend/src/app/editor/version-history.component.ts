import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { JourneyVersion } from '../api/api-models';
import { GatewayClient } from '../api/gateway-client';

/** The journey's published versions, newest first: who published what, how, and why. */
@Component({
  selector: 'kal-version-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="version-history" data-testid="version-history">
      @if (error(); as error) {
        <p class="bad">{{ error }}</p>
      } @else if (versions(); as versions) {
        <table>
          <thead>
            <tr>
              <th>Version</th>
              <th>Published</th>
              <th>By</th>
              <th>Strategy</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            @for (v of versions; track v.version) {
              <tr [attr.data-version]="v.version">
                <td>v{{ v.version }}</td>
                <td>{{ v.createdAt.slice(0, 16).replace('T', ' ') }}</td>
                <td>{{ v.author }}</td>
                <td>{{ v.strategy }}</td>
                <td>{{ v.note }}</td>
              </tr>
            } @empty {
              <tr>
                <td colspan="5" class="muted">Never published.</td>
              </tr>
            }
          </tbody>
        </table>
      } @else {
        <span class="muted">Loading versions…</span>
      }
    </div>
  `,
})
export class VersionHistoryComponent {
  private readonly gateway = inject(GatewayClient);
  readonly journeyId = input.required<string>();
  /** The journey's latest version: the list is read again when a publish changes it. */
  readonly latestVersion = input<number | null>(null);
  protected readonly versions = signal<JourneyVersion[] | null>(null);
  protected readonly error = signal<string | null>(null);

  constructor() {
    effect(() => {
      const id = this.journeyId();
      this.latestVersion();
      untracked(() => this.load(id));
    });
  }

  private load(id: string): void {
    this.gateway.listVersions(id).then(
      (versions) => this.versions.set([...versions].sort((a, b) => b.version - a.version)),
      (err: unknown) => this.error.set(err instanceof Error ? err.message : String(err)),
    );
  }
}
