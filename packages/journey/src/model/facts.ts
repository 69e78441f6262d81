/** What the interpreter may read besides the instance: supplied by the orchestrator, never fetched. */
export interface Facts {
  /** The customer's profile attributes (e.g. `email`, `plan`, `timezone`, `unsubscribed`). */
  customer: Record<string, unknown>;
  /** True while the journey is paused: signals are recorded/deferred, nothing moves. */
  journeyPaused?: boolean;
}
