import { Injectable, signal } from '@angular/core';

/** Who is signed in: an API key (it selects the workspace) and the gateway it is for. */
export interface Session {
  /** Base URL of the gateway; '' means this console's own origin (its server proxies the API). */
  gatewayUrl: string;
  apiKey: string;
}

const STORAGE_KEY = 'kalcifer.session';

/** Kept in sessionStorage: the key lives as long as the tab and is never written to disk by us. */
@Injectable({ providedIn: 'root' })
export class SessionService {
  readonly session = signal<Session | null>(readSession());

  signIn(session: Session): void {
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    this.session.set(session);
  }

  signOut(): void {
    sessionStorage.removeItem(STORAGE_KEY);
    this.session.set(null);
  }
}

function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    return typeof parsed.apiKey === 'string' && typeof parsed.gatewayUrl === 'string'
      ? { apiKey: parsed.apiKey, gatewayUrl: parsed.gatewayUrl }
      : null;
  } catch {
    return null;
  }
}
