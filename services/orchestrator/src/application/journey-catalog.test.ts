import type { JourneyRecord, JourneyStore, VersionRecord } from '../ports/journey-store';
import { JourneyCatalog } from './journey-catalog';

/** Only the reads the catalog makes, counted; `fail` makes the next read reject. */
function countingStore() {
  const calls = { get: 0, getVersion: 0, listActive: 0 };
  let fail = false;
  const journey = { id: 'j1', workspaceId: 'ws', status: 'active', activeVersion: 1 } as JourneyRecord;
  const version = {
    journeyId: 'j1',
    version: 1,
    graph: { nodes: [], edges: [] },
  } as unknown as VersionRecord;
  const slow = <T>(value: T) =>
    new Promise<T>((resolve, reject) =>
      setTimeout(() => {
        if (fail) {
          fail = false;
          reject(new Error('store down'));
        } else resolve(value);
      }, 5),
    );
  const store = {
    get: () => (calls.get++, slow(journey)),
    getVersion: () => (calls.getVersion++, slow(version)),
    listActive: () => (calls.listActive++, slow([journey])),
  } as unknown as JourneyStore;
  return { store, calls, failNext: () => (fail = true) };
}

describe('JourneyCatalog', () => {
  it('makes one read for the callers that miss at the same moment', async () => {
    const { store, calls } = countingStore();
    const catalog = new JourneyCatalog(store, 60_000);
    const journeys = await Promise.all(Array.from({ length: 100 }, () => catalog.journey('ws', 'j1')));
    const versions = await Promise.all(Array.from({ length: 100 }, () => catalog.version('ws', 'j1', 1)));
    await Promise.all(Array.from({ length: 100 }, () => catalog.entryPoints('ws', 'event_entry')));
    expect(journeys.every((j) => j?.id === 'j1')).toBe(true);
    expect(versions.every((v) => v?.version === 1)).toBe(true);
    expect(calls).toEqual({ get: 1, getVersion: 1, listActive: 1 });
  });

  it('reads again after a failed read instead of keeping the failure', async () => {
    const { store, calls, failNext } = countingStore();
    const catalog = new JourneyCatalog(store, 60_000);
    failNext();
    await expect(catalog.journey('ws', 'j1')).rejects.toThrow('store down');
    await expect(catalog.journey('ws', 'j1')).resolves.toMatchObject({ id: 'j1' });
    failNext();
    await expect(catalog.version('ws', 'j1', 1)).rejects.toThrow('store down');
    await expect(catalog.version('ws', 'j1', 1)).resolves.toMatchObject({ version: 1 });
    expect(calls.get).toBe(2);
    expect(calls.getVersion).toBe(2);
  });

  it('reads the journey again once its status is older than the ttl', async () => {
    const { store, calls } = countingStore();
    const catalog = new JourneyCatalog(store, 0);
    await catalog.journey('ws', 'j1');
    await new Promise((r) => setTimeout(r, 2));
    await catalog.journey('ws', 'j1');
    expect(calls.get).toBe(2);
  });
});
