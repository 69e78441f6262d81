import type { CredentialsCipher } from '../infrastructure/credentials-cipher';
import type { ProviderConfigStore } from '../ports/provider-config-store';
import { associatedData } from './manage-providers';

export interface ReencryptionReport {
  /** Configurations found sealed under another key. */
  found: number;
  reencrypted: number;
  /** Changed meanwhile by a PUT (already under the current key). */
  skipped: number;
  /** Sealed under a key that is neither current nor old: restore it as an old key. */
  failed: Array<{ workspaceId: string; channel: string; error: string }>;
}

/**
 * After a key rotation (new KALCIFER_ENCRYPTION_KEY, the previous one in
 * KALCIFER_ENCRYPTION_OLD_KEYS): opens every provider configuration sealed under an old key and
 * seals it again under the current one. Idempotent; once it reports nothing left, the old key can
 * be dropped.
 */
export class ReencryptCredentials {
  constructor(
    private readonly store: ProviderConfigStore,
    private readonly cipher: CredentialsCipher,
  ) {}

  async execute(): Promise<ReencryptionReport> {
    const stale = await this.store.sealedUnderOtherKeys(this.cipher.keyId);
    const report: ReencryptionReport = { found: stale.length, reencrypted: 0, skipped: 0, failed: [] };
    for (const config of stale) {
      const aad = associatedData(config.workspaceId, config.channel);
      let plaintext: string;
      try {
        plaintext = this.cipher.decrypt(config.sealedCredentials, aad);
      } catch (err) {
        report.failed.push({
          workspaceId: config.workspaceId,
          channel: config.channel,
          error: (err as Error).message,
        });
        continue;
      }
      const replaced = await this.store.replaceSealedCredentials(
        config.workspaceId,
        config.channel,
        config.sealedCredentials,
        this.cipher.encrypt(plaintext, aad),
      );
      if (replaced) report.reencrypted++;
      else report.skipped++;
    }
    return report;
  }
}
