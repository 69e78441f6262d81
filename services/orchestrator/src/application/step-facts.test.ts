import type { PublishedVersion } from '@kalcifer/journey';
import type { RecentSendsReader } from '../ports/recent-sends';
import { StepFacts } from './step-facts';

const version = (n: number, types: string[]): PublishedVersion => ({
  journeyId: 'j1',
  version: n,
  graph: {
    nodes: types.map((type, i) => ({ id: `n${i}`, type, config: {} })),
    edges: [],
  } as unknown as PublishedVersion['graph'],
});

/** Records the reads; answers one send. */
class Sends implements RecentSendsReader {
  reads = 0;
  recentSends() {
    this.reads += 1;
    return Promise.resolve([{ channel: 'email', at: 1_000 }]);
  }
}

const build = (sends: Sends, v: PublishedVersion | PublishedVersion[]) =>
  new StepFacts('UTC', undefined, sends).build(v, 'ws1', 'c1', { plan: 'pro' }, false, 10_000);

it('reads recent sends only when the version has a frequency cap', async () => {
  const sends = new Sends();
  expect((await build(sends, version(1, ['manual_entry', 'wait']))).recentSends).toBeUndefined();
  expect(sends.reads).toBe(0);
  const facts = await build(sends, version(2, ['manual_entry', 'frequency_cap']));
  expect(facts.recentSends).toEqual([{ channel: 'email', at: 1_000 }]);
  expect(facts.customer).toEqual({ plan: 'pro' });
});

it('reads them for a migration whose target version alone has a frequency cap', async () => {
  const sends = new Sends();
  const facts = await build(sends, [version(1, ['manual_entry', 'wait']), version(2, ['frequency_cap'])]);
  expect(facts.recentSends).toHaveLength(1);
  expect(sends.reads).toBe(1);
});
