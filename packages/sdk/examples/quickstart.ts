/**
 * Kalcifer SDK quickstart: creates a journey, publishes and activates it, enrolls a customer,
 * sends an event, and prints the journey events as they happen, until 5 s without one.
 *
 *   npm run build
 *   npx tsc -p packages/sdk/examples
 *   KALCIFER_API_KEY=kal_... KALCIFER_GRPC=localhost:50061 node packages/sdk/examples/dist/quickstart.js
 */
import { KalciferClient, KalciferError, type JournalEntry } from '@kalcifer/sdk';

const GRAPH = {
  nodes: [
    { id: 'entry', type: 'manual_entry', config: {} },
    { id: 'wait_for_purchase', type: 'wait_for_event', config: { event: 'purchased', timeout: 'P7D' } },
    { id: 'done', type: 'end', config: {} },
  ],
  edges: [
    { from: 'entry', to: 'wait_for_purchase', output: 'next' },
    { from: 'wait_for_purchase', to: 'done', output: 'event' },
    { from: 'wait_for_purchase', to: 'done', output: 'timeout' },
  ],
};

async function main(): Promise<void> {
  const apiKey = process.env.KALCIFER_API_KEY;
  if (!apiKey) throw new Error('set KALCIFER_API_KEY to an editor or admin key of your workspace');
  const client = new KalciferClient({
    address: process.env.KALCIFER_GRPC ?? 'localhost:50061',
    apiKey,
    deadlineMs: 15_000,
  });

  const journey = await client.createJourney({
    name: `SDK quickstart ${new Date().toISOString()}`,
    graph: GRAPH,
  });
  await client.publishVersion(journey.id, { note: 'first version' });
  await client.activateJourney(journey.id);
  console.log(`journey ${journey.id} is active`);

  // Subscribed before anything happens: nothing is missed.
  const events = client.watch({ journeyId: journey.id });
  let quiet: NodeJS.Timeout = setTimeout(() => events.close(), 10_000);

  const [enrollment] = await client.enroll(journey.id, { customerId: 'ada', attributes: { plan: 'pro' } });
  console.log(`enrolled ada (enrollment ${enrollment.enrollmentId})`);
  setTimeout(
    () => void client.sendEvent({ customerId: 'ada', name: 'purchased', properties: { total: 42 } }),
    1_000,
  );

  for await (const entry of events) {
    print(entry);
    clearTimeout(quiet);
    quiet = setTimeout(() => events.close(), 5_000);
  }
  console.log(`resume later with client.watch({ afterSequence: ${events.lastSequence} })`);
  client.close();
}

function print(entry: JournalEntry): void {
  for (const e of entry.events)
    console.log(`#${entry.sequence} ${entry.customerId} ${e.type}${e.nodeId ? ` at ${e.nodeId}` : ''}`);
}

main().catch((err: unknown) => {
  if (err instanceof KalciferError) console.error(`${err.status} (${err.errorCode}): ${err.message}`);
  else console.error(err);
  process.exitCode = 1;
});
