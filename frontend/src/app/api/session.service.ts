import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';

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

/**
 * The workspaces this browser has signed in to and the one in use. The credentials are kept in
 * localStorage (like a remembered login) so that switching needs no new sign-in; signing out of a
 * workspace forgets its credential.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  readonly workspaces = signal<Session[]>([]);
  private readonly activeKey = signal<string | null>(null);
  /** The workspace in use, or null when signed out. */
  readonly session = computed(
    () => this.workspaces().find((s) => sessionKey(s) === this.activeKey()) ?? null,
  );

  private readonly storage = inject(SESSION_STORAGE);

  constructor() {
    const storage = this.storage;
    const saved = readSaved(storage.read(SAVED_KEY));
    this.workspaces.set(saved);
    const active = storage.read(ACTIVE_KEY);
    this.activeKey.set(
      saved.some((s) => sessionKey(s) === active) ? active : saved[0] ? sessionKey(saved[0]) : null,
    );
  }

  /** Adds (or replaces: same gateway and workspace) a workspace and makes it the one in use. */
  signIn(session: Session): void {
    const key = sessionKey(session);
    this.workspaces.update((all) => [...all.filter((s) => sessionKey(s) !== key), session]);
    this.save();
    this.switchTo(key);
  }

  switchTo(key: string): void {
    if (!this.workspaces().some((s) => sessionKey(s) === key)) return;
    this.activeKey.set(key);
    this.storage.write(ACTIVE_KEY, key);
  }

  /** Forgets the workspace in use; the next saved one (if any) becomes the one in use. */
  signOut(): void {
    const current = this.activeKey();
    this.workspaces.update((all) => all.filter((s) => sessionKey(s) !== current));
    this.save();
    const next = this.workspaces()[0];
    this.activeKey.set(next ? sessionKey(next) : null);
    this.storage.write(ACTIVE_KEY, next ? sessionKey(next) : null);
  }

  private save(): void {
    const all = this.workspaces();
    this.storage.write(SAVED_KEY, all.length ? JSON.stringify(all) : null);
  }
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
