import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { ApiError } from '../api/api-error';
import { GatewayClient } from '../api/gateway-client';
import { SessionService } from '../api/session.service';

/** Sign-in with a workspace API key; the key is checked against the gateway before it is kept. */
@Component({
  selector: 'kal-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="sign-in" (submit)="$event.preventDefault(); signIn(key.value, url.value)">
      <h1>Kalcifer console</h1>
      <p class="muted">
        Sign in with a workspace API key (<code>kal_…</code>). <code>npm start</code> prints the demo
        workspace's key.
      </p>
      <label
        >API key <input #key name="apiKey" type="password" autocomplete="off" required autofocus
      /></label>
      <label
        >Gateway URL
        <input #url name="gatewayUrl" placeholder="this console's own server" [value]="defaultUrl" />
        <small
          >Leave empty to use the gateway this console's server forwards to. Another origin must allow this
          one (CORS).</small
        >
      </label>
      @if (error(); as error) {
        <p class="banner error" data-testid="sign-in-error">{{ error }}</p>
      }
      <button type="submit" class="primary" [disabled]="checking()">
        {{ checking() ? 'Checking…' : 'Sign in' }}
      </button>
    </form>
  `,
})
export class SignInPage {
  /** The query's `next`: the app path the visitor asked for before signing in. */
  readonly next = input<string>();
  private readonly gateway = inject(GatewayClient);
  private readonly sessions = inject(SessionService);
  private readonly router = inject(Router);
  protected readonly defaultUrl = this.sessions.session()?.gatewayUrl ?? '';
  protected readonly error = signal<string | null>(null);
  protected readonly checking = signal(false);

  protected async signIn(apiKey: string, gatewayUrl: string): Promise<void> {
    const session = { apiKey: apiKey.trim(), gatewayUrl: gatewayUrl.trim() };
    this.checking.set(true);
    this.error.set(null);
    try {
      await this.gateway.checkKey(session);
      this.sessions.signIn(session);
      const next = this.next();
      // Only a path of this app: never a link elsewhere.
      await this.router.navigateByUrl(next?.startsWith('/') && !next.startsWith('//') ? next : '/journeys');
    } catch (err) {
      this.error.set(
        err instanceof ApiError && err.status === 401
          ? 'This API key is not valid for this gateway.'
          : String((err as Error).message),
      );
    } finally {
      this.checking.set(false);
    }
  }
}
