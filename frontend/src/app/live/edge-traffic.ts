/** Which edges of the canvas a journal step moved customers along, and how many may move at once. Pure. */
import type { GraphEdge, JournalStep } from '../api/api-models';
import { edgeId } from '../editor/connector-ids';

/**
 * The canvas edges a step took, in order: each `node.exited` names its node and the output it
 * left by (`data.output`). An edge the canvas does not have (another version's) is left out.
 */
export function edgesTaken(step: JournalStep, edges: readonly GraphEdge[]): string[] {
  const taken: string[] = [];
  for (const event of step.events) {
    const output = event.data?.['output'];
    if (event.type !== 'node.exited' || !event.nodeId || typeof output !== 'string') continue;
    const edge = edges.find((e) => e.from === event.nodeId && e.output === output);
    if (edge) taken.push(edgeId(edge));
  }
  return taken;
}

/** Customers moving on the canvas at once, at most: more are not drawn (a busy journey stays light). */
export const MAX_TRAVELLERS = 24;

/**
 * At most `max` things at once: a busy journey shows `max` customers moving and drops the rest
 * (counted), so the canvas never grows without bound.
 */
export class TravelLimit {
  private running = 0;
  private droppedCount = 0;

  constructor(readonly max: number) {}

  get active(): number {
    return this.running;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** True if one more may start (and it is counted as running); false if it is dropped. */
  tryStart(): boolean {
    if (this.running >= this.max) {
      this.droppedCount++;
      return false;
    }
    this.running++;
    return true;
  }

  end(): void {
    this.running = Math.max(0, this.running - 1);
  }

  reset(): void {
    this.running = 0;
  }
}
