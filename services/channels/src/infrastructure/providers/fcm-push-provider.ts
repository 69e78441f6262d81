import { createPrivateKey, type KeyObject } from 'node:crypto';
import {
  ProviderError,
  wrongChannel,
  type ChannelProvider,
  type OutboundMessage,
  type ProviderAcceptance,
} from '../../ports/channel-provider';
import { httpCall, parseJson, statusKind } from './http-call';
import { signJwt } from './jwt';

export interface FcmSettings {
  /** The service account key file (JSON text): project_id, client_email, private_key, token_uri. */
  serviceAccountJson: string;
  /** Default `https://fcm.googleapis.com`. */
  baseUrl?: string;
  /** Overrides the key file's token_uri. */
  tokenUri?: string;
  timeoutMs: number;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
// FCM error codes (google.firebase.fcm.v1.FcmError) that no retry fixes.
const PERMANENT = new Set([
  'UNREGISTERED',
  'INVALID_ARGUMENT',
  'SENDER_ID_MISMATCH',
  'THIRD_PARTY_AUTH_ERROR',
  'NOT_FOUND',
  'PERMISSION_DENIED',
]);

/**
 * FCM's answers that the registration token itself is no good, so later sends to it are skipped:
 * UNREGISTERED (app uninstalled, token expired), and INVALID_ARGUMENT when FCM says it is the
 * token ("The registration token is not a valid FCM registration token"); an INVALID_ARGUMENT
 * about the payload (too big, a bad data key) says nothing about the token.
 */
function invalidTokenCode(code: string, message: string | undefined): string | undefined {
  if (code === 'UNREGISTERED') return code;
  if (code === 'INVALID_ARGUMENT' && /registration token/i.test(message ?? '')) return code;
  return undefined;
}

interface ServiceAccount {
  projectId: string;
  clientEmail: string;
  privateKey: KeyObject;
  tokenUri: string;
}

/** Reads a service account key file; the error names what is missing. */
export function parseServiceAccount(text: string, tokenUriOverride?: string): ServiceAccount {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ProviderError(
      'permanent',
      'fcm: serviceAccountJson is not JSON (paste the key file Firebase gave you)',
    );
  }
  const str = (k: string) => (typeof raw[k] === 'string' ? raw[k] : undefined);
  const missing = ['project_id', 'client_email', 'private_key'].filter((k) => !str(k));
  if (missing.length > 0)
    throw new ProviderError('permanent', `fcm: serviceAccountJson lacks ${missing.join(', ')}`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(str('private_key') ?? '');
  } catch {
    throw new ProviderError('permanent', 'fcm: serviceAccountJson private_key is not a PEM private key');
  }
  return {
    projectId: str('project_id') ?? '',
    clientEmail: str('client_email') ?? '',
    privateKey,
    tokenUri: tokenUriOverride ?? str('token_uri') ?? 'https://oauth2.googleapis.com/token',
  };
}

/**
 * Firebase Cloud Messaging HTTP v1 `POST /v1/projects/{project}/messages:send`, authorised by an
 * OAuth2 access token obtained with a service-account JWT (RS256, jwt-bearer grant) and cached
 * until shortly before it expires. FCM has no idempotency key: a call of unknown outcome ends
 * `unknown`. The send key travels in the data payload (`kalcifer_send_key`).
 */
export class FcmPushProvider implements ChannelProvider {
  readonly name = 'fcm';
  private readonly account: ServiceAccount;
  private readonly baseUrl: string;
  private token?: { value: string; expiresAt: number };

  constructor(
    private readonly settings: FcmSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.account = parseServiceAccount(settings.serviceAccountJson, settings.tokenUri);
    this.baseUrl = (settings.baseUrl ?? 'https://fcm.googleapis.com').replace(/\/+$/, '');
  }

  async send(message: OutboundMessage): Promise<ProviderAcceptance> {
    if (message.channel !== 'push') throw wrongChannel(this.name, message);
    const token = await this.accessToken();
    const body = {
      message: {
        token: message.to,
        notification: { title: message.title, body: message.body },
        data: { ...message.data, kalcifer_send_key: message.sendKey },
      },
    };
    const project = encodeURIComponent(this.account.projectId);
    const response = await httpCall(this.name, `${this.baseUrl}/v1/projects/${project}/messages:send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      timeoutMs: this.settings.timeoutMs,
    });
    const parsed = parseJson(response.text) as
      | {
          name?: string;
          error?: { status?: string; message?: string; details?: Array<{ errorCode?: string }> };
        }
      | undefined;
    if (response.status === 200) {
      if (!parsed?.name) throw new ProviderError('ambiguous', 'fcm accepted the message without a name');
      return { providerMessageId: parsed.name };
    }
    if (response.status === 401) this.token = undefined; // expired or revoked: fetch a new one next time
    const code = parsed?.error?.details?.find((d) => d.errorCode)?.errorCode ?? parsed?.error?.status ?? '';
    const kind = PERMANENT.has(code)
      ? 'permanent'
      : response.status === 401
        ? 'retryable'
        : statusKind(response.status);
    throw new ProviderError(
      kind,
      `fcm answered ${response.status}${code ? ` (${code})` : ''}: ${parsed?.error?.message ?? (response.text.slice(0, 300) || 'no body')}`,
      { recipientInvalid: invalidTokenCode(code, parsed?.error?.message) },
    );
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > this.now() + 60_000) return this.token.value;
    const iat = Math.floor(this.now() / 1000);
    const assertion = signJwt(
      'RS256',
      {},
      { iss: this.account.clientEmail, scope: SCOPE, aud: this.account.tokenUri, iat, exp: iat + 3600 },
      this.account.privateKey,
    );
    const response = await httpCall(
      `${this.name} token`,
      this.account.tokenUri,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        }).toString(),
        timeoutMs: this.settings.timeoutMs,
      },
      // Nothing was sent to the customer yet: a failed token call is always safe to retry.
      'retryable',
    );
    const parsed = parseJson(response.text) as
      { access_token?: string; expires_in?: number; error?: string; error_description?: string } | undefined;
    if (response.status !== 200 || !parsed?.access_token) {
      const reason = parsed?.error_description ?? parsed?.error ?? (response.text.slice(0, 200) || 'no body');
      throw new ProviderError(
        response.status === 400 || response.status === 401 ? 'permanent' : 'retryable',
        `fcm: the token endpoint answered ${response.status}: ${reason}`,
      );
    }
    this.token = { value: parsed.access_token, expiresAt: this.now() + (parsed.expires_in ?? 3600) * 1000 };
    return parsed.access_token;
  }
}
