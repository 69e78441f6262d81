/**
 * Creates a workspace and its admin API key, printing `{"workspaceId", "apiKey", "created"}`:
 *
 *   node services/api-gateway/dist/cli/create-workspace.js --name Demo [--key <key>]
 *
 * `--key` (or env KALCIFER_API_KEY) makes it idempotent: the same key yields the same workspace.
 * Reads MONGODB_URL and MONGODB_DB like the gateway.
 */
import { parseArgs } from 'node:util';
import { connectMongo } from '@kalcifer/platform';
import { createWorkspace } from '../application/create-workspace';
import { loadGatewayConfig } from '../config';
import { MongoWorkspaceStore } from '../infrastructure/mongo-workspace-store';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: 'string' }, key: { type: 'string' } },
    strict: true,
  });
  if (!values.name) throw new Error('usage: create-workspace --name <name> [--key <api key>]');
  // An empty --key (an unset variable expanded by a script) means "generate one".
  const apiKey = values.key || process.env.KALCIFER_API_KEY || undefined;
  const config = loadGatewayConfig();
  const connection = await connectMongo(config.MONGODB_URL, config.MONGODB_DB);
  try {
    const store = new MongoWorkspaceStore(connection);
    await store.ensureIndexes();
    const result = await createWorkspace(store, { name: values.name, apiKey });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`create-workspace: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
