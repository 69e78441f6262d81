import type { KeyObject } from 'node:crypto';

/** What the SES-via-SNS webhook needs from Amazon SNS. */
export interface SnsClient {
  /**
   * The public key of the signing certificate at `url` (fetched once, then cached). Rejects
   * with a message when the URL is not an SNS one or the certificate cannot be read.
   */
  signingKey(url: string): Promise<KeyObject>;
  /** Confirms a subscription by visiting its SubscribeURL (GET). */
  confirmSubscription(subscribeUrl: string): Promise<void>;
}

export class SnsUrlRefused extends Error {
  override name = 'SnsUrlRefused';
}
