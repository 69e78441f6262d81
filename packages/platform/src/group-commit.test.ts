import { GroupCommit } from './group-commit';

/** A writer whose round trips the test ends by hand, recording each batch it was given. */
function manualWriter() {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<Array<number | Error>>((resolve) =>
      pending.push(() => resolve(items.map((n) => (n < 0 ? new Error(`bad ${n}`) : n * 10)))),
    );
  };
  const finishNext = async () => {
    pending.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { batches, write, finishNext };
}

describe('GroupCommit', () => {
  it('sends a request at once when the writer is idle', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { parallel: 1 });
    const first = commit.submit(1);
    expect(w.batches).toEqual([[1]]);
    await w.finishNext();
    await expect(first).resolves.toBe(10);
  });

  it('sends what arrived during a round trip together as the next batch', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { parallel: 1 });
    const all = [1, 2, 3, 4].map((n) => commit.submit(n));
    expect(w.batches).toEqual([[1]]);
    await w.finishNext();
    expect(w.batches).toEqual([[1], [2, 3, 4]]);
    await w.finishNext();
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40]);
  });

  it('keeps at most `parallel` batches in flight and at most `maxBatch` items in one', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { parallel: 2, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((n) => commit.submit(n));
    expect(w.batches).toEqual([[1], [2]]);
    await w.finishNext();
    expect(w.batches).toEqual([[1], [2], [3, 4]]);
    await w.finishNext();
    await w.finishNext();
    await w.finishNext();
    expect(w.batches).toEqual([[1], [2], [3, 4], [5, 6]]);
    await expect(Promise.all(all)).resolves.toEqual([10, 20, 30, 40, 50, 60]);
  });

  it('rejects only the item whose result is an Error', async () => {
    const w = manualWriter();
    const commit = new GroupCommit(w.write, { parallel: 1 });
    const first = commit.submit(1);
    const good = commit.submit(2);
    const bad = commit.submit(-3).catch((err: unknown) => err);
    await w.finishNext();
    await w.finishNext();
    await expect(first).resolves.toBe(10);
    await expect(good).resolves.toBe(20);
    expect(await bad).toEqual(new Error('bad -3'));
  });

  it('rejects every item of a batch whose write failed, and goes on with the next batch', async () => {
    let calls = 0;
    const commit = new GroupCommit<number, number>(
      async (items) => {
        calls += 1;
        if (calls === 2) throw new Error('connection reset');
        return items;
      },
      { parallel: 1 },
    );
    const a = commit.submit(1);
    const b = commit.submit(2).catch((err: unknown) => err);
    const c = commit.submit(3).catch((err: unknown) => err);
    await expect(a).resolves.toBe(1);
    expect(await b).toEqual(new Error('connection reset'));
    expect(await c).toEqual(new Error('connection reset'));
    await expect(commit.submit(4)).resolves.toBe(4);
  });
});
