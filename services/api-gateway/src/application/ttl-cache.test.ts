import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('answers from memory until the entry expires', async () => {
    const cache = new TtlCache<string, number>(() => 100, 10, clock);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    now += 99;
    expect(await cache.get('k', load)).toBe(1);
    now += 1;
    expect(await cache.get('k', load)).toBe(2);
  });

  it('shares one load between concurrent callers', async () => {
    const cache = new TtlCache<string, number>(() => 100, 10, clock);
    let loads = 0;
    const load = () => new Promise<number>((resolve) => setTimeout(() => resolve(++loads), 5));
    const results = await Promise.all([cache.get('k', load), cache.get('k', load), cache.get('k', load)]);
    expect(results).toEqual([1, 1, 1]);
    expect(loads).toBe(1);
  });

  it('does not remember failures', async () => {
    const cache = new TtlCache<string, number>(() => 100, 10, clock);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });

  it('uses a ttl per value (short for "not found")', async () => {
    const cache = new TtlCache<string, string | null>((v) => (v === null ? 10 : 1_000), 10, clock);
    expect(await cache.get('k', async () => null)).toBeNull();
    now += 10;
    expect(await cache.get('k', async () => 'found')).toBe('found');
  });

  it('does not store a load that began before a delete', async () => {
    const cache = new TtlCache<string, string>(() => 1_000, 10, clock);
    let release: (v: string) => void = () => undefined;
    const stale = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.delete('k');
    release('old');
    expect(await stale).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });

  it('stays within its size bound', async () => {
    const cache = new TtlCache<number, number>(() => 1_000, 2, clock);
    await cache.get(1, async () => 1);
    await cache.get(2, async () => 2);
    await cache.get(3, async () => 3);
    let reloaded = false;
    await cache.get(1, async () => {
      reloaded = true;
      return 1;
    });
    expect(reloaded).toBe(true);
  });
});
