import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { WARN_BEFORE_MS, expiryState, timeLeft } from './jwt-expiry';
import { SessionService, expiresAt } from './session.service';

/**
 * Says when the workspace in use stops working: a warning in the last minutes of its JWT (with
 * the time left), and, once the console signed out of a workspace by itself, which one and why.
 */
@Component({
  selector: 'kal-session-expiry',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (warning(); as warning) {
      <p class="banner warning" data-testid="expiry-warning">{{ warning }}</p>
    }
    @if (sessions.signedOut(); as out) {
      <p class="banner error" data-testid="signed-out">
        Signed out of {{ out.workspaceName || 'this workspace'
        }}{{ out.actor ? ' (' + out.actor + ')' : '' }}: {{ out.reason }}.
        <button type="button" (click)="sessions.signedOut.set(null)">Dismiss</button>
      </p>
    }
  `,
})
export class SessionExpiryComponent {
  protected readonly sessions = inject(SessionService);
  /** The clock, ticking once a second only while the session in use has an expiry. */
  private readonly now = signal(Date.now());
  private readonly expiry = computed(() => {
    const session = this.sessions.session();
    return session ? expiresAt(session) : null;
  });

  protected readonly warning = computed(() => {
    const expiry = this.expiry();
    const session = this.sessions.session();
    if (!session || expiry === null || expiryState(expiry, this.now()) !== 'expiring') return null;
    const who = `${session.workspaceName}${session.actor ? ` (${session.actor})` : ''}`;
    return (
      `The JWT of ${who} expires at ${new Date(expiry).toLocaleTimeString()}, in ` +
      `${timeLeft(expiry - this.now())}: save your work and sign in again with a new one ` +
      `(Add workspace); the console signs out of it then.`
    );
  });

  constructor() {
    effect((onCleanup) => {
      const expiry = this.expiry();
      if (expiry === null) return;
      this.now.set(Date.now());
      // Tick only from a little before the warning is due (a JWT valid for hours costs nothing).
      let interval: ReturnType<typeof setInterval> | undefined;
      const start = setTimeout(
        () => {
          this.now.set(Date.now());
          interval = setInterval(() => this.now.set(Date.now()), 1000);
        },
        Math.min(Math.max(0, expiry - WARN_BEFORE_MS - Date.now()), 2 ** 31 - 1),
      );
      onCleanup(() => {
        clearTimeout(start);
        clearInterval(interval);
      });
    });
  }
}
