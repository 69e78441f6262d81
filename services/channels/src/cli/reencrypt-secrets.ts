/**
 * Seals every provider credential under the current KALCIFER_ENCRYPTION_KEY, opening those
 * sealed before with KALCIFER_ENCRYPTION_OLD_KEYS; prints `{"found", "reencrypted", "skipped",
 * "failed"}` and exits 1 when some could not be opened:
 *
 *   npm run reencrypt-secrets -w @kalcifer/channels
 *
 * Reads MONGODB_URL and MONGODB_DB like the channels service. Safe to run while it serves.
 */
import { connectMongo } from '@kalcifer/platform';
import { ReencryptCredentials } from '../application/reencrypt-credentials';
import { readConfig } from '../config';
import { CredentialsCipher } from '../infrastructure/credentials-cipher';
import { MongoProviderConfigStore } from '../infrastructure/mongo-provider-config-store';

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.KALCIFER_ENCRYPTION_KEY) throw new Error('set KALCIFER_ENCRYPTION_KEY (the new key) first');
  const cipher = CredentialsCipher.fromKeys(
    config.KALCIFER_ENCRYPTION_KEY,
    config.KALCIFER_ENCRYPTION_OLD_KEYS,
  );
  const connection = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
  try {
    const report = await new ReencryptCredentials(new MongoProviderConfigStore(connection), cipher).execute();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    if (report.failed.length > 0) process.exitCode = 1;
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`reencrypt-secrets: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
