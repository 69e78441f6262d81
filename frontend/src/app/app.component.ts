import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { Router, RouterLink, RouterOutlet } from '@angular/router';
import { SessionService } from './api/session.service';

@Component({
  selector: 'kal-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, RouterLink],
  template: `
    <nav class="topbar">
      <a routerLink="/journeys" class="brand">Kalcifer</a>
      <span class="spacer"></span>
      @if (sessions.session(); as session) {
        <span class="muted">{{ session.gatewayUrl || 'gateway via this console' }}</span>
        <button type="button" (click)="signOut()">Sign out</button>
      }
    </nav>
    <router-outlet />
  `,
})
export class AppComponent {
  protected readonly sessions = inject(SessionService);
  private readonly router = inject(Router);

  protected async signOut(): Promise<void> {
    this.sessions.signOut();
    await this.router.navigateByUrl('/sign-in');
  }
}
