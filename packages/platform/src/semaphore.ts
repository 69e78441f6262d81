/**
 * At most `limit` pieces of work at once, the rest waiting in arrival order. Bounds the work a
 * consumer takes on when one message carries many units (a batch of enrollments).
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`semaphore limit must be a positive integer, got ${limit}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so `running` never dips below the limit
      // while work is waiting.
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Work running now (at most the limit). */
  get active(): number {
    return this.running;
  }
}
