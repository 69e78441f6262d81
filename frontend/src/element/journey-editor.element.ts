import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { GatewayClient } from '../app/api/gateway-client';
import { jwtExpiry } from '../app/api/jwt-expiry';
import { SessionExpiryComponent } from '../app/api/session-expiry.component';
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
  imports: [EditorPage, SessionExpiryComponent],
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
      <kal-session-expiry />
      @for (id of journeys(); track id) {
        <kal-editor-page [id]="id" [embedded]="true" />
      }
    }
  `,
})
export class JourneyEditorElement {
  /** The gateway's base URL; empty: the page's own origin. Another origin must allow the page's (CORS). */
  readonly gatewayUrl = input('');
  /** A workspace API key, or a JWT (the element stops sending it when it expires, and says so). */
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
      const gatewayUrl = this.gatewayUrl().trim();
      const missing = [!token && 'api-key', !journeyId && 'journey-id'].filter(Boolean);
      if (missing.length) {
        this.problem.set(`kalcifer-journey-editor needs the attribute(s) ${missing.join(' and ')}`);
        this.journeys.set([]);
        return;
      }
      this.problem.set(null);
      // untracked: the session's own signals (signed out at expiry) must not sign in again.
      untracked(() =>
        this.sessions.signIn({
          gatewayUrl,
          token,
          kind: jwtExpiry(token) === null ? 'api_key' : 'jwt',
          workspaceId: 'embedded',
          workspaceName: '',
          role: '',
          actor: '',
        }),
      );
      this.journeys.set([journeyId]);
    });
  }
}
