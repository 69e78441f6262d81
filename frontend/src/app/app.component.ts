import { ChangeDetectionStrategy, Component, effect, inject, untracked } from '@angular/core';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { SessionExpiryComponent } from './api/session-expiry.component';
import { SessionService, sessionKey, type Session } from './api/session.service';

@Component({
  selector: 'kal-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink, SessionExpiryComponent],
  template: `
    <nav class="topbar">
      <a routerLink="/journeys" class="brand">Kalcifer</a>
      <span class="spacer"></span>
      @if (sessions.session(); as session) {
        <form
          class="customer-search"
          (submit)="$event.preventDefault(); trace(customer.value); customer.value = ''"
        >
          <input #customer name="customerSearch" placeholder="Customer id" aria-label="Customer id" />
          <button type="submit">Trace</button>
        </form>
        <label
          class="workspace-switcher"
          [title]="session.actor + ' at ' + (session.gatewayUrl || 'this console')"
        >
          <span class="muted">Workspace</span>
          <select name="workspace" data-testid="workspace-switcher" (change)="switchTo(picker.value)" #picker>
            @for (ws of sessions.workspaces(); track key(ws)) {
              <option [value]="key(ws)" [selected]="key(ws) === key(session)">
                {{ ws.workspaceName }} ({{ ws.workspaceId }}) · {{ ws.role }} ·
                {{ ws.kind === 'jwt' ? 'JWT' : 'API key' }}
              </option>
            }
          </select>
        </label>
        <span class="muted" data-testid="active-workspace"
          >{{ session.workspaceName }} · {{ session.actor }}</span
        >
        <a routerLink="/sign-in" data-testid="add-workspace">Add workspace</a>
        <button type="button" (click)="signOut()" title="Forget this workspace's credential">Sign out</button>
      }
    </nav>
    <kal-session-expiry />
    <router-outlet />
  `,
})
export class AppComponent {
  protected readonly sessions = inject(SessionService);
  private readonly router = inject(Router);

  constructor() {
    // The workspace in use was signed out of by the console (its JWT expired, the gateway refused
    // it): its pages go, on to the next workspace or to the sign-in page, which says why.
    effect(() => {
      const out = this.sessions.signedOut();
      if (!out?.wasActive) return;
      untracked(() => {
        const next = this.router.url.startsWith('/sign-in') ? undefined : this.router.url;
        void (this.sessions.session()
          ? this.router.navigateByUrl('/journeys')
          : this.router.navigate(['/sign-in'], { queryParams: next ? { next } : {} }));
      });
    });
  }

  protected async trace(customerId: string): Promise<void> {
    if (customerId.trim()) await this.router.navigate(['/customers', customerId.trim()]);
  }

  protected readonly key = (s: Session) => sessionKey(s);

  /** Another workspace: its journeys (ids of this one mean nothing there). */
  protected async switchTo(key: string): Promise<void> {
    this.sessions.switchTo(key);
    await this.router.navigateByUrl('/journeys');
  }

  /** Forgets this workspace; on to the next saved one, or to the sign-in page. */
  protected async signOut(): Promise<void> {
    this.sessions.signOut();
    await this.router.navigateByUrl(this.sessions.session() ? '/journeys' : '/sign-in');
  }
}
