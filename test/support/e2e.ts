/** Shared set-up of end-to-end test files: a clean slate, a workspace, the whole stack. */
import { Api, createWorkspace } from './api';
import { dropDatabase, mailpitMessages, resetAll } from './infra';
import { Stack } from './stack';

/** Starts from empty databases, streams, Redis and Mailpit; creates a workspace; starts every service. */
export async function startProduct(stack: Stack, dbPrefix: string, apiKey: string): Promise<Api> {
  await resetAll(`${dbPrefix}_orchestrator`);
  await Promise.all(
    ['scheduler', 'channels', 'analytics', 'api_gateway'].map((s) => dropDatabase(`${dbPrefix}_${s}`)),
  );
  createWorkspace(`${dbPrefix}_api_gateway`, apiKey);
  await stack.startAll();
  return new Api(stack.gatewayUrl, apiKey);
}

/** Subjects of the emails Mailpit received, by recipient, for recipients at `domain`. */
export async function emailsByRecipient(domain: string): Promise<Map<string, string[]>> {
  const byTo = new Map<string, string[]>();
  for (const m of await mailpitMessages()) {
    const to = m.To[0]?.Address ?? '';
    if (to.endsWith(`@${domain}`)) byTo.set(to, [...(byTo.get(to) ?? []), m.Subject]);
  }
  return byTo;
}
