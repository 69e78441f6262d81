import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { GatewayClient } from '../app/api/gateway-client';
import { NO_SESSION_STORAGE, SESSION_STORAGE, SessionService } from '../app/api/session.service';
import { NodeCatalogueService } from '../app/catalogue/node-catalogue.service';
import { EditorPage } from '../app/editor/editor.page';

/**
 * `<kalcifer-journey-editor gateway-url="…" api-key="…" journey-id="…">`: the console's editor of
 * one journey's draft as a Web Component (Angular Elements). Each element has its own credential,
 * kept in memory only (never in the page's storage), and its own gateway client.
 */
@Component({
  selector: 'kal-journey-editor-element',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [EditorPage],
  providers: [
    { provide: SESSION_STORAGE, useValue: NO_SESSION_STORAGE },
    SessionService,
    GatewayClient,
    NodeCatalogueService,
  ],
  host: { class: 'kalcifer-embedded' },
  template: `
    @if (problem(); as problem) {
      <p class="banner error" data-testid="element-error">{{ problem }}</p>
    } @else {
      @for (id of journeys(); track id) {
        <kal-editor-page [id]="id" [embedded]="true" />
      }
    }
  `,
})
export class JourneyEditorElement {
  /** The gateway's base URL; empty: the page's own origin. Another origin must allow the page's (CORS). */
  readonly gatewayUrl = input('');
  /** A workspace API key, or a JWT. */
  readonly apiKey = input('');
  readonly journeyId = input('');

  private readonly sessions = inject(SessionService);
  protected readonly problem = signal<string | null>(null);
  /** The journey on the canvas, as a list of one so that another id opens a fresh editor. */
  protected readonly journeys = signal<string[]>([]);

  constructor() {
    effect(() => {
      const token = this.apiKey().trim();
      const journeyId = this.journeyId().trim();
      const missing = [!token && 'api-key', !journeyId && 'journey-id'].filter(Boolean);
      if (missing.length) {
        this.problem.set(`kalcifer-journey-editor needs the attribute(s) ${missing.join(' and ')}`);
        this.journeys.set([]);
        return;
      }
      this.problem.set(null);
      this.sessions.signIn({
        gatewayUrl: this.gatewayUrl().trim(),
        token,
        kind: 'api_key',
        workspaceId: 'embedded',
        workspaceName: '',
        role: '',
        actor: '',
      });
      this.journeys.set([journeyId]);
    });
  }
}
