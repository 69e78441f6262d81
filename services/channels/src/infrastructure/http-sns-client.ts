import { X509Certificate, type KeyObject } from 'node:crypto';
import { isSnsUrlAllowed } from '../application/sns-envelope';
import { SnsUrlRefused, type SnsClient } from '../ports/sns-client';

const MAX_CERTIFICATE_BYTES = 64 * 1024;
const MAX_CACHED = 64;

export interface HttpSnsClientOptions {
  timeoutMs: number;
  /**
   * Test only: URL prefixes (e.g. `http://127.0.0.1:4567/`) admitted besides https on an
   * amazonaws.com host. Not read from the environment: production cannot widen the rule.
   */
  allowedUrlPrefixes?: readonly string[];
  now?: () => number;
}

/** Fetches SNS signing certificates (cached per URL until they expire) and confirms subscriptions. */
export class HttpSnsClient implements SnsClient {
  private readonly keys = new Map<string, { key: KeyObject; validTo: number }>();

  constructor(private readonly options: HttpSnsClientOptions) {}

  async signingKey(url: string): Promise<KeyObject> {
    this.refuseUnlessSns(url, 'SigningCertURL');
    const now = (this.options.now ?? Date.now)();
    const cached = this.keys.get(url);
    if (cached && cached.validTo > now) return cached.key;
    const response = await fetch(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    const pem = await response.text();
    if (response.status !== 200 || pem.length > MAX_CERTIFICATE_BYTES)
      throw new SnsUrlRefused(`SigningCertURL answered ${response.status}, not a certificate`);
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      throw new SnsUrlRefused('SigningCertURL does not hold a PEM certificate');
    }
    const validFrom = Date.parse(cert.validFrom);
    const validTo = Date.parse(cert.validTo);
    if (!(validFrom <= now && now < validTo))
      throw new SnsUrlRefused(
        `the SNS signing certificate is not valid now (${cert.validFrom} - ${cert.validTo})`,
      );
    if (this.keys.size >= MAX_CACHED) this.keys.delete(this.keys.keys().next().value as string);
    this.keys.set(url, { key: cert.publicKey, validTo });
    return cert.publicKey;
  }

  async confirmSubscription(subscribeUrl: string): Promise<void> {
    this.refuseUnlessSns(subscribeUrl, 'SubscribeURL');
    const response = await fetch(subscribeUrl, {
      redirect: 'error',
      signal: AbortSignal.timeout(this.options.timeoutMs),
    });
    await response.text();
    if (response.status !== 200)
      throw new Error(`SNS answered ${response.status} to the subscription confirmation`);
  }

  private refuseUnlessSns(url: string, field: string): void {
    if (!isSnsUrlAllowed(url, this.options.allowedUrlPrefixes))
      throw new SnsUrlRefused(
        `${field} must be an https URL on an amazonaws.com host, got ${url.slice(0, 200)}`,
      );
  }
}
