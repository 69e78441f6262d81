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
        <form
          class="customer-search"
          (submit)="$event.preventDefault(); trace(customer.value); customer.value = ''"
        >
          <input #customer name="customerSearch" placeholder="Customer id" aria-label="Customer id" />
          <button type="submit">Trace</button>
        </form>
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

  protected async trace(customerId: string): Promise<void> {
    if (customerId.trim()) await this.router.navigate(['/customers', customerId.trim()]);
  }

  protected async signOut(): Promise<void> {
    this.sessions.signOut();
    await this.router.navigateByUrl('/sign-in');
  }
}
