/**
 * Seals every outbound webhook subscription secret under the current KALCIFER_ENCRYPTION_KEY:
 * secrets stored in clear (before a key was set) and those sealed under a key now listed in
 * KALCIFER_ENCRYPTION_OLD_KEYS. Prints `{"found", "reencrypted", "failed"}`; exits 1 when some
 * could not be opened:
 *
 *   npm run reencrypt-secrets -w @kalcifer/api-gateway
 *
 * Reads MONGODB_URL and MONGODB_DB like the gateway. Safe to run while it serves.
 */
import { connectMongo, SecretCipher } from '@kalcifer/platform';
import { loadGatewayConfig } from '../config';
import { MongoWebhookStore } from '../infrastructure/mongo-webhook-store';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  if (!config.KALCIFER_ENCRYPTION_KEY) throw new Error('set KALCIFER_ENCRYPTION_KEY (the new key) first');
  const cipher = SecretCipher.fromKeys(config.KALCIFER_ENCRYPTION_KEY, config.KALCIFER_ENCRYPTION_OLD_KEYS);
  const connection = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
  try {
    const report = await new MongoWebhookStore(connection, cipher).reencryptSecrets();
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
