import { Semaphore } from './semaphore';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs everything in arrival order', async () => {
    const sem = new Semaphore(3);
    let running = 0;
    let maxRunning = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sem.run(async () => {
          started.push(i);
          running++;
          maxRunning = Math.max(maxRunning, running);
          await tick();
          running--;
        }),
      ),
    );
    expect(maxRunning).toBe(3);
    expect(started).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(sem.active).toBe(0);
  });

  it('frees the slot of work that failed', async () => {
    const sem = new Semaphore(1);
    await expect(sem.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sem.run(async () => 'next')).resolves.toBe('next');
    expect(sem.active).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow('positive integer');
  });
});
