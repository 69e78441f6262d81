import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { ApiError } from '../api/api-error';
import { GatewayClient } from '../api/gateway-client';
import { SessionService } from '../api/session.service';

/**
 * Sign-in with a workspace API key or a user's JWT (the gateway accepts both as a bearer token).
 * The credential is checked against the gateway (`GET /v1/me`, which also names its workspace)
 * before it is kept; signing in to another workspace adds it to the workspace switcher.
 */
@Component({
  selector: 'kal-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="sign-in" (submit)="$event.preventDefault(); signIn(key.value, url.value)">
      <h1>{{ sessions.workspaces().length ? 'Add a workspace' : 'Kalcifer console' }}</h1>
      <p class="muted">
        Sign in with a workspace API key (<code>kal_…</code>) or a JWT from your identity provider (its
        <code>workspace</code> and <code>role</code> claims say where and what you may do).
        <code>npm start</code> prints the demo workspace's key.
      </p>
      <label
        >API key or JWT
        <input #key name="apiKey" type="password" autocomplete="off" required autofocus />
      </label>
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
      @if (sessions.workspaces().length) {
        <p class="muted">
          Signed in to {{ sessions.workspaces().length }}
          {{ sessions.workspaces().length === 1 ? 'workspace' : 'workspaces' }} already: switch between them
          in the top bar.
        </p>
      }
    </form>
  `,
})
export class SignInPage {
  /** The query's `next`: the app path the visitor asked for before signing in. */
  readonly next = input<string>();
  private readonly gateway = inject(GatewayClient);
  protected readonly sessions = inject(SessionService);
  private readonly router = inject(Router);
  protected readonly defaultUrl = this.sessions.session()?.gatewayUrl ?? '';
  protected readonly error = signal<string | null>(null);
  protected readonly checking = signal(false);

  protected async signIn(token: string, gatewayUrl: string): Promise<void> {
    const credential = { token: token.trim(), gatewayUrl: gatewayUrl.trim() };
    this.checking.set(true);
    this.error.set(null);
    try {
      const me = await this.gateway.whoAmI(credential);
      this.sessions.signIn({
        ...credential,
        kind: me.credential,
        workspaceId: me.workspaceId,
        workspaceName: me.workspaceName,
        role: me.role,
        actor: me.actor,
      });
      const next = this.next();
      // Only a path of this app: never a link elsewhere.
      await this.router.navigateByUrl(next?.startsWith('/') && !next.startsWith('//') ? next : '/journeys');
    } catch (err) {
      this.error.set(
        err instanceof ApiError && err.code === 'token_expired'
          ? `This JWT cannot be used: ${err.message}`
          : err instanceof ApiError && err.status === 401
            ? `This API key or JWT is not valid for this gateway: ${err.message}`
            : String((err as Error).message),
      );
    } finally {
      this.checking.set(false);
    }
  }
}
