import { Injectable, InjectionToken, OnDestroy, computed, inject, signal } from '@angular/core';
import { SEND_MARGIN_MS, expiryState, jwtExpiry } from './jwt-expiry';

/** The kind of credential: a workspace API key (`kal_…`) or a user's JWT (workspace in its claims). */
export type CredentialKind = 'api_key' | 'jwt';

/**
 * One workspace the user can act in: a credential (API key or JWT) for one gateway, and who the
 * gateway says it is (`GET /v1/me`).
 */
export interface Session {
  /** Base URL of the gateway; '' means this console's own origin (its server proxies the API). */
  gatewayUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  kind: CredentialKind;
  workspaceId: string;
  workspaceName: string;
  role: string;
  /** `api_key:<name>` or `user:<sub>`. */
  actor: string;
}

/** Where sessions are kept: the browser's storage in the console, nowhere in the Web Component. */
export interface SessionStorage {
  read(key: string): string | null;
  write(key: string, value: string | null): void;
}

/** Saved workspaces: every tab of this browser sees them, until signed out of. */
const SAVED_KEY = 'kalcifer.workspaces';
/** This tab's workspace (tabs may differ); a new tab starts on the last one chosen anywhere. */
const ACTIVE_KEY = 'kalcifer.activeWorkspace';

export const sessionKey = (s: Pick<Session, 'gatewayUrl' | 'workspaceId'>) =>
  `${s.gatewayUrl}|${s.workspaceId}`;

const browserStorage: SessionStorage = {
  read: (key) =>
    key === ACTIVE_KEY
      ? (sessionStorage.getItem(key) ?? localStorage.getItem(key))
      : localStorage.getItem(key),
  write: (key, value) => {
    for (const store of key === ACTIVE_KEY ? [sessionStorage, localStorage] : [localStorage]) {
      if (value === null) store.removeItem(key);
      else store.setItem(key, value);
    }
  },
};

/** Provide `NO_SESSION_STORAGE` here to keep sessions in memory only (the Web Component). */
export const SESSION_STORAGE = new InjectionToken<SessionStorage>('SessionStorage', {
  providedIn: 'root',
  factory: () => browserStorage,
});
export const NO_SESSION_STORAGE: SessionStorage = { read: () => null, write: () => undefined };

/** A workspace the console signed out of by itself, and why (shown on the sign-in page). */
export interface SignedOut {
  workspaceName: string;
  actor: string;
  /** Why, in words: the JWT expired at …, or the gateway's reason for refusing the credential. */
  reason: string;
  /** It was the workspace in use (the page showing it must go). */
  wasActive: boolean;
}

/** The longest a timer may wait (setTimeout's limit, ~24.8 days); a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When a session's credential stops being usable (ms since the epoch), or null: never (an API key). */
export const expiresAt = (s: Pick<Session, 'token'>): number | null => jwtExpiry(s.token);

/**
 * The workspaces this browser has signed in to and the one in use. The credentials are kept in
 * localStorage (like a remembered login) so that switching needs no new sign-in; signing out of a
 * workspace forgets its credential. A JWT's workspace is signed out of by itself when the JWT
 * expires (its `exp` claim), or when the gateway refuses a saved credential (401).
 */
@Injectable({ providedIn: 'root' })
export class SessionService implements OnDestroy {
  readonly workspaces = signal<Session[]>([]);
  private readonly activeKey = signal<string | null>(null);
  /** The workspace in use, or null when signed out. */
  readonly session = computed(
    () => this.workspaces().find((s) => sessionKey(s) === this.activeKey()) ?? null,
  );
  /** The last workspace signed out of by the console itself, and why; null once signed in again. */
  readonly signedOut = signal<SignedOut | null>(null);

  private readonly storage = inject(SESSION_STORAGE);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    const storage = this.storage;
    const saved = readSaved(storage.read(SAVED_KEY));
    this.workspaces.set(saved);
    const active = storage.read(ACTIVE_KEY);
    this.activeKey.set(
      saved.some((s) => sessionKey(s) === active) ? active : saved[0] ? sessionKey(saved[0]) : null,
    );
    for (const s of saved) this.watchExpiry(s);
  }

  ngOnDestroy(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** False once the credential must no longer be sent (a JWT at its expiry, less a margin). */
  usable(session: Pick<Session, 'token'>, now = Date.now()): boolean {
    return expiryState(expiresAt(session), now) !== 'expired';
  }

  /**
   * Signs out of a saved workspace because its credential can no longer be used, saying why. Does
   * nothing for a workspace not (or no longer) saved.
   */
  expire(key: string, reason: string): void {
    const session = this.workspaces().find((s) => sessionKey(s) === key);
    if (!session) return;
    const wasActive = this.activeKey() === key;
    this.forget(key);
    this.signedOut.set({ workspaceName: session.workspaceName, actor: session.actor, reason, wasActive });
  }

  /** Adds (or replaces: same gateway and workspace) a workspace and makes it the one in use. */
  signIn(session: Session): void {
    const key = sessionKey(session);
    this.workspaces.update((all) => [...all.filter((s) => sessionKey(s) !== key), session]);
    this.save();
    this.switchTo(key);
    this.signedOut.set(null);
    this.watchExpiry(session);
  }

  switchTo(key: string): void {
    if (!this.workspaces().some((s) => sessionKey(s) === key)) return;
    this.activeKey.set(key);
    this.storage.write(ACTIVE_KEY, key);
  }

  /** Forgets the workspace in use; the next saved one (if any) becomes the one in use. */
  signOut(): void {
    const current = this.activeKey();
    if (current !== null) this.forget(current);
  }

  private forget(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.workspaces.update((all) => all.filter((s) => sessionKey(s) !== key));
    this.save();
    if (this.activeKey() !== key) return;
    const next = this.workspaces()[0];
    this.activeKey.set(next ? sessionKey(next) : null);
    this.storage.write(ACTIVE_KEY, next ? sessionKey(next) : null);
  }

  /** Signs out of a JWT's workspace when the JWT expires: no request goes out with it after that. */
  private watchExpiry(session: Session): void {
    const key = sessionKey(session);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const expiry = expiresAt(session);
    if (expiry === null) return;
    const check = () => {
      const current = this.workspaces().find((s) => sessionKey(s) === key);
      if (current?.token !== session.token) return; // signed out, or signed in again with another token
      const wait = expiry - SEND_MARGIN_MS - Date.now();
      if (wait <= 0) this.expire(key, expiredReason(expiry));
      else this.timers.set(key, setTimeout(check, Math.min(wait, MAX_TIMER_MS)));
    };
    check();
  }

  private save(): void {
    const all = this.workspaces();
    this.storage.write(SAVED_KEY, all.length ? JSON.stringify(all) : null);
  }
}

/** The words for a JWT that expired (or is about to, within the send margin). */
export function expiredReason(expiry: number): string {
  return `the JWT expired at ${new Date(expiry).toLocaleString()}: sign in again with a new one`;
}

function readSaved(raw: string | null): Session[] {
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) ? parsed.filter(isSession) : [];
  } catch {
    return [];
  }
}

function isSession(value: unknown): value is Session {
  const s = value as Partial<Session> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.gatewayUrl === 'string' &&
    typeof s.token === 'string' &&
    (s.kind === 'api_key' || s.kind === 'jwt') &&
    typeof s.workspaceId === 'string' &&
    typeof s.workspaceName === 'string' &&
    typeof s.role === 'string' &&
    typeof s.actor === 'string'
  );
}
