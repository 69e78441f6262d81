/** What the interpreter may read besides the instance: supplied by the orchestrator, never fetched. */
export interface Facts {
  /**
   * The customer's profile attributes (e.g. `email`, `plan`, `timezone`, `unsubscribed`) and
   * `tags` (a string array).
   */
  customer: Record<string, unknown>;
  /** True while the journey is paused: signals are recorded/deferred, nothing moves. */
  journeyPaused?: boolean;
  /** IANA time zone of the workspace: send windows fall back to it when the customer has none. */
  workspaceTimezone?: string;
  /** This customer's recent sends, newest first; `frequency_cap` nodes count them. */
  recentSends?: Array<{ channel: string; at: number }>;
  /** Runs `custom_code` nodes in a sandbox; without it such a node fails the instance. */
  runCode?: CodeRunner;
}

export interface CodeRunRequest {
  /** The body of a JavaScript function of `input` (`customer`, `context`, `event`). */
  code: string;
  input: Record<string, unknown>;
  timeoutMs: number;
  memoryBytes: number;
}

export type CodeRunResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Synchronous: the interpreter is a pure function and cannot await. */
export type CodeRunner = (request: CodeRunRequest) => CodeRunResult;
