import type { InstanceState, PublishedVersion } from '@kalcifer/journey';
import type { Logger } from '@kalcifer/platform';
import type { CustomerRecord, CustomerStore } from '../ports/customer-store';
import type { InstanceRecord, InstanceStore } from '../ports/instance-store';
import type { MessageBus } from '../ports/message-bus';
import type { OpenInstanceIndex } from '../ports/open-instance-index';
import { ApplySignal } from './apply-signal';
import type { JourneyCatalog } from './journey-catalog';
import type { StepFacts } from './step-facts';

const version = { workspaceId: 'ws1', journeyId: 'j1', version: 1, graph: { nodes: [], edges: [] } };
const state = {
  id: 'in1',
  journeyId: 'j1',
  version: 1,
  customerId: 'ada',
  status: 'waiting',
} as unknown as InstanceState;

/**
 * ApplySignal.transition with in-memory ports that log the order of the reads: the instance read
 * is held until the test lets it go, so a customer read that leaves beside it is seen before.
 */
function setUp() {
  const calls: string[] = [];
  let releaseInstance: () => void = () => undefined;
  const instances = {
    get: () => {
      calls.push('instance');
      return new Promise<InstanceRecord>((resolve) => {
        releaseInstance = () => resolve({ state, revision: 1, outbox: [] });
      });
    },
  } as unknown as InstanceStore;
  const customers = {
    get: (_ws: string, customerId: string) => {
      calls.push(`customer ${customerId}`);
      return Promise.resolve({ customerId, attributes: { name: customerId } } as unknown as CustomerRecord);
    },
  } as unknown as CustomerStore;
  const catalog = {
    version: () => Promise.resolve(version as unknown as PublishedVersion),
    journey: () => Promise.resolve({ status: 'active' }),
  } as unknown as JourneyCatalog;
  const facts = { build: () => Promise.resolve({}) } as unknown as StepFacts;
  const apply = new ApplySignal(
    instances,
    customers,
    catalog,
    {} as MessageBus,
    {} as OpenInstanceIndex,
    facts,
    { debug: () => undefined } as unknown as Logger,
  );
  // Nothing to write: the transition returns the attributes it was given as its outcome.
  const run = (customerId?: string) =>
    apply.transition('ws1', 'in1', ({ attributes }) => ({ result: null, outcome: attributes }), {
      customerId,
    });
  return { run, calls, release: () => releaseInstance() };
}

const tick = () => new Promise((r) => setImmediate(r));

it("reads the customer the caller names beside the instance, and uses it when it is the instance's", async () => {
  const { run, calls, release } = setUp();
  const done = run('ada');
  await tick();
  // Both reads left before the instance came back.
  expect(calls).toEqual(['customer ada', 'instance']);
  release();
  expect(await done).toEqual({ written: false, outcome: { name: 'ada' } });
  expect(calls).toEqual(['customer ada', 'instance']);
});

it('reads the stored customer when the one named is not the instance’s', async () => {
  const { run, calls, release } = setUp();
  const done = run('bob');
  await tick();
  release();
  expect(await done).toEqual({ written: false, outcome: { name: 'ada' } });
  expect(calls).toEqual(['customer bob', 'instance', 'customer ada']);
});

it('without a customer named, reads the customer after the instance', async () => {
  const { run, calls, release } = setUp();
  const done = run();
  await tick();
  expect(calls).toEqual(['instance']);
  release();
  expect(await done).toEqual({ written: false, outcome: { name: 'ada' } });
  expect(calls).toEqual(['instance', 'customer ada']);
});
