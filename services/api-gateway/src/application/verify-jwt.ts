import {
  createHmac,
  createPublicKey,
  timingSafeEqual,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { AppError } from '@kalcifer/platform';
import type { WorkspaceStore } from '../ports/workspace-store.port';
import type { MemberDirectory } from './member-directory';
import { isRole, type Role } from './permissions';
import type { Principal } from './principal';
import { TtlCache } from './ttl-cache';

export const JWT_VERIFIER = Symbol('JwtVerifier');

export interface JwtSettings {
  /** HS256: the secret shared with the identity provider. */
  hs256Secret?: string;
  /** RS256: where the identity provider publishes its public keys (JWKS). */
  jwksUrl?: string;
  /** When set, the `iss` / `aud` claims must match. */
  issuer?: string;
  audience?: string;
  /** How long fetched keys are kept; an unknown `kid` refetches at most once per 10 s. */
  jwksCacheMs: number;
  /** Tolerated clock difference for exp / nbf. */
  clockSkewSeconds: number;
}

const unauthenticated = (code: string, message: string) => new AppError('unauthenticated', code, message);
const invalidToken = (why: string) =>
  unauthenticated('invalid_token', `the bearer token (JWT) is not valid: ${why}`);

/** Three base64url segments whose header decodes to JSON with `alg`: a JWT, not an API key. */
export function looksLikeJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0].startsWith('ey')) return false;
  try {
    return (
      typeof (JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: unknown }).alg ===
      'string'
    );
  } catch {
    return false;
  }
}

interface JwtClaims {
  sub?: unknown;
  exp?: unknown;
  nbf?: unknown;
  iss?: unknown;
  aud?: unknown;
  /** The workspace id the user acts in. */
  workspace?: unknown;
  /** viewer | editor | admin in that workspace (used when the user is not a member of it). */
  role?: unknown;
  /** Matched against members added by email, when `sub` matches none (unless email_verified is false). */
  email?: unknown;
  email_verified?: unknown;
}

/**
 * Verifies console users' JWTs (HS256 with a shared secret, RS256 with keys from a JWKS URL) and
 * turns their claims into a principal: `workspace` and `role` claims, actor `user:<sub>`.
 */
export class JwtVerifier {
  private jwks = new Map<string, KeyObject>();
  private jwksFetchedAt = 0;
  private jwksLoading: Promise<void> | undefined;
  private readonly workspaces: TtlCache<string, boolean>;

  constructor(
    private readonly settings: JwtSettings,
    private readonly store: Pick<WorkspaceStore, 'getWorkspace'>,
    private readonly now: () => number = Date.now,
    /** Workspace members: a member's role wins over the token's `role` claim. */
    private readonly members?: Pick<MemberDirectory, 'roleOf'>,
  ) {
    this.workspaces = new TtlCache<string, boolean>((exists) => (exists ? 30_000 : 1_000));
  }

  get enabled(): boolean {
    return Boolean(this.settings.hs256Secret || this.settings.jwksUrl);
  }

  async verify(token: string): Promise<Principal> {
    const [h, p, s] = token.split('.');
    let header: { alg?: unknown; kid?: unknown };
    let claims: JwtClaims;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as JwtClaims;
    } catch {
      throw invalidToken('its header or payload is not base64url JSON');
    }
    if (typeof claims !== 'object' || claims === null) throw invalidToken('its payload is not a JSON object');
    const signed = Buffer.from(`${h}.${p}`, 'utf8');
    const signature = Buffer.from(s, 'base64url');
    if (header.alg === 'HS256') {
      if (!this.settings.hs256Secret)
        throw invalidToken('HS256 tokens are not accepted here (no JWT_HS256_SECRET)');
      const expected = createHmac('sha256', this.settings.hs256Secret).update(signed).digest();
      if (expected.length !== signature.length || !timingSafeEqual(expected, signature))
        throw invalidToken('its signature does not verify');
    } else if (header.alg === 'RS256') {
      if (!this.settings.jwksUrl) throw invalidToken('RS256 tokens are not accepted here (no JWT_JWKS_URL)');
      if (typeof header.kid !== 'string')
        throw invalidToken('an RS256 token needs a "kid" header naming its key');
      const key = await this.publicKey(header.kid);
      if (!verify('sha256', signed, key, signature)) throw invalidToken('its signature does not verify');
    } else {
      throw invalidToken(`alg ${JSON.stringify(header.alg)} is not accepted (HS256 or RS256)`);
    }
    return this.principal(claims);
  }

  private async principal(claims: JwtClaims): Promise<Principal> {
    const nowSeconds = this.now() / 1000;
    const skew = this.settings.clockSkewSeconds;
    if (typeof claims.exp !== 'number') throw invalidToken('it has no "exp" claim');
    if (claims.exp + skew <= nowSeconds)
      throw unauthenticated(
        'token_expired',
        `the bearer token (JWT) expired at ${new Date(claims.exp * 1000).toISOString()}`,
      );
    if (typeof claims.nbf === 'number' && claims.nbf - skew > nowSeconds)
      throw invalidToken(`it is not valid before ${new Date(claims.nbf * 1000).toISOString()}`);
    if (this.settings.issuer !== undefined && claims.iss !== this.settings.issuer)
      throw invalidToken(`its issuer must be ${this.settings.issuer}`);
    const audience = this.settings.audience;
    if (audience !== undefined) {
      const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!aud.includes(audience)) throw invalidToken(`its audience must include ${audience}`);
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') throw invalidToken('it has no "sub" claim');
    if (typeof claims.workspace !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(claims.workspace))
      throw invalidToken('its "workspace" claim must be a workspace id');
    const workspaceId = claims.workspace;
    const exists = await this.workspaces.get(
      workspaceId,
      async () => (await this.store.getWorkspace(workspaceId)) !== null,
    );
    if (!exists) throw invalidToken(`workspace ${workspaceId} does not exist`);
    const role = await this.roleOf(workspaceId, claims.sub, claims);
    return { workspaceId, role, actor: `user:${claims.sub}`, credentialId: `jwt:${claims.sub}` };
  }

  /**
   * Precedence: the role of the workspace member the token's `sub` (else its `email`) names;
   * else the token's `role` claim (tokens of an identity provider that assigns roles itself);
   * else the token is refused.
   */
  private async roleOf(workspaceId: string, subject: string, claims: JwtClaims): Promise<Role> {
    const email =
      typeof claims.email === 'string' && claims.email !== '' && claims.email_verified !== false
        ? claims.email.toLowerCase()
        : undefined;
    const memberRole = this.members ? await this.members.roleOf(workspaceId, subject, email) : null;
    if (memberRole) return memberRole;
    if (isRole(claims.role)) return claims.role;
    if (claims.role !== undefined) throw invalidToken('its "role" claim must be viewer, editor or admin');
    throw invalidToken(
      `user ${subject} is not a member of workspace ${workspaceId} and the token carries no "role" claim (an admin adds members with POST /v1/members)`,
    );
  }

  private async publicKey(kid: string): Promise<KeyObject> {
    const stale = this.now() - this.jwksFetchedAt > this.settings.jwksCacheMs;
    const mayRefetch = this.now() - this.jwksFetchedAt > 10_000;
    if (stale || (!this.jwks.has(kid) && mayRefetch)) await this.loadJwks();
    const key = this.jwks.get(kid);
    if (!key) throw invalidToken(`its key "${kid}" is not in the JWKS at ${this.settings.jwksUrl}`);
    return key;
  }

  private loadJwks(): Promise<void> {
    this.jwksLoading ??= (async () => {
      try {
        const res = await fetch(this.settings.jwksUrl as string, { signal: AbortSignal.timeout(5_000) });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const body = (await res.json()) as { keys?: (JsonWebKey & { kid?: string; use?: string })[] };
        const keys = new Map<string, KeyObject>();
        for (const jwk of body.keys ?? []) {
          if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || (jwk.use && jwk.use !== 'sig')) continue;
          keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
        }
        this.jwks = keys;
        this.jwksFetchedAt = this.now();
      } catch (err) {
        // Old keys stay usable while the identity provider is unreachable; retried after 10 s.
        this.jwksFetchedAt = Math.max(this.jwksFetchedAt, this.now() - this.settings.jwksCacheMs + 10_000);
        if (this.jwks.size === 0)
          throw new AppError(
            'unavailable',
            'jwks_unavailable',
            `the JWKS at ${this.settings.jwksUrl} could not be read (${(err as Error).message}); retry shortly`,
          );
      } finally {
        this.jwksLoading = undefined;
      }
    })();
    return this.jwksLoading;
  }
}
