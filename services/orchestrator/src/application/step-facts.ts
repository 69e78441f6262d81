import type { CodeRunner, Facts, PublishedVersion } from '@kalcifer/journey';
import type { RecentSendsReader } from '../ports/recent-sends';

/** The longest `frequency_cap` window worth reading sends for. */
const RECENT_SENDS_WINDOW_MS = 31 * 86_400_000;

/**
 * Builds what the interpreter may read besides the instance (DESIGN.md §3 `facts`): the
 * profile, the journey's pause state, the workspace time zone, the customer's recent sends
 * (only fetched when the version has a `frequency_cap` node) and the custom-code sandbox.
 */
export class StepFacts {
  constructor(
    private readonly workspaceTimezone: string,
    private readonly runCode: CodeRunner | undefined,
    private readonly sends: RecentSendsReader | undefined,
  ) {}

  /**
   * `version`: the version the step runs on, or several (a live migration moves a customer from
   * one version's graph onto another's, and may run nodes of the new one).
   */
  async build(
    version: PublishedVersion | PublishedVersion[],
    workspaceId: string,
    customerId: string,
    customer: Record<string, unknown>,
    journeyPaused: boolean,
    now: number,
  ): Promise<Facts> {
    const facts: Facts = {
      customer,
      journeyPaused,
      workspaceTimezone: this.workspaceTimezone,
      runCode: this.runCode,
    };
    const versions = Array.isArray(version) ? version : [version];
    const capped = versions.some((v) => v.graph.nodes.some((node) => node.type === 'frequency_cap'));
    if (this.sends && capped)
      facts.recentSends = await this.sends.recentSends(workspaceId, customerId, now - RECENT_SENDS_WINDOW_MS);
    return facts;
  }
}
