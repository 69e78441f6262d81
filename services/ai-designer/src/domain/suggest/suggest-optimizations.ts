/**
 * Optimisations suggested from per-step analytics, each an applicable change: the graph after it
 * and the version diff against the current one (the same preview as a refinement).
 *  - a message few customers open -> a reminder for those who do not open it;
 *  - a wait many customers drop out during -> a wait half as long;
 *  - a journey with several messages and no frequency cap -> a cap.
 */
import {
  diffVersions,
  validateGraph,
  type JourneyGraph,
  type JourneyNode,
  type VersionDiff,
} from '@kalcifer/journey';
import { DesignError } from '../design/design-error';
import { describeDuration, durationMs, isoFromMs } from '../language/durations';
import type { Channel } from '../language/lexicon';
import { layoutGraph } from '../layout/layered-layout';
import { replaceNode } from '../refine/graph-edit';
import { addFollowUp, INSTRUCTION_READERS } from '../refine/instructions';
import { steps } from '../refine/step-reference';

/** What analytics measured at one step over the period looked at. */
export interface NodeFigures {
  nodeId: string;
  /** Customers who reached the step. */
  entered: number;
  /** Of them, customers who opened the message (messages only). */
  opened?: number;
  /** Of them, customers who left the journey at this step without reaching the goal. */
  droppedOff?: number;
}

export interface SuggestionThresholds {
  /** Fewer customers than this at a step say nothing yet. */
  minSample: number;
  /** An open rate below this is low. */
  lowOpenRate: number;
  /** A drop-off rate above this is high. */
  highDropOff: number;
}

export const DEFAULT_THRESHOLDS: SuggestionThresholds = { minSample: 50, lowOpenRate: 0.2, highDropOff: 0.3 };

export type SuggestionKind = 'add_reminder' | 'shorten_wait' | 'add_frequency_cap';

export interface Suggestion {
  kind: SuggestionKind;
  nodeId?: string;
  title: string;
  /** Why, with the figures. */
  rationale: string;
  graph: JourneyGraph;
  diff: VersionDiff;
}

const percent = (rate: number): string => `${Math.round(rate * 100)}%`;
const label = (node: JourneyNode): string => `"${node.name ?? node.id}"`;

export function suggestOptimizations(
  graph: JourneyGraph,
  figures: NodeFigures[],
  thresholds: SuggestionThresholds = DEFAULT_THRESHOLDS,
): Suggestion[] {
  for (const figure of figures) {
    const counts = [figure.entered, figure.opened ?? 0, figure.droppedOff ?? 0];
    if (
      counts.some((n) => !Number.isFinite(n) || n < 0) ||
      (figure.opened ?? 0) > figure.entered ||
      (figure.droppedOff ?? 0) > figure.entered
    ) {
      throw new DesignError(
        'invalid_analytics',
        `The figures of "${figure.nodeId}" are not counts of customers (opened and droppedOff are at most entered)`,
      );
    }
  }
  const byId = new Map(figures.map((figure) => [figure.nodeId, figure]));
  const suggestions: Suggestion[] = [];
  const add = (
    kind: SuggestionKind,
    title: string,
    rationale: string,
    next: JourneyGraph,
    nodeId?: string,
  ): void => {
    const laidOut = layoutGraph(next);
    if (!validateGraph(laidOut).ok) return;
    suggestions.push({
      kind,
      ...(nodeId !== undefined ? { nodeId } : {}),
      title,
      rationale,
      graph: laidOut,
      diff: diffVersions(graph, laidOut),
    });
  };

  for (const node of steps(graph)) {
    const figure = byId.get(node.id);
    if (figure === undefined || figure.entered < thresholds.minSample) continue;
    if ((node.type === 'send_email' || node.type === 'send_push') && figure.opened !== undefined) {
      const rate = figure.opened / figure.entered;
      const channel: Channel = node.type === 'send_email' ? 'email' : 'push';
      const event = channel === 'email' ? 'email_opened' : 'push_opened';
      const alreadyWatched = graph.edges.some(
        (edge) =>
          edge.from === node.id &&
          graph.nodes.find(
            (n) => n.id === edge.to && n.type === 'wait_for_event' && n.config.event === event,
          ),
      );
      if (rate < thresholds.lowOpenRate && !alreadyWatched) {
        const { graph: next, fallback } = addFollowUp(graph, node, channel, event, 'P2D');
        add(
          'add_reminder',
          `Remind customers who do not open ${label(node)}`,
          `Only ${percent(rate)} of ${figure.entered} customers opened ${label(node)}; those who have not opened it after 2 days get ${label(fallback)}.`,
          next,
          node.id,
        );
      }
    }
    if (node.type === 'wait' && figure.droppedOff !== undefined) {
      const rate = figure.droppedOff / figure.entered;
      const current = String(node.config.duration);
      const shorter = isoFromMs(Math.max(3_600_000, durationMs(current) / 2));
      if (rate > thresholds.highDropOff && shorter !== current) {
        add(
          'shorten_wait',
          `Shorten ${label(node)} to ${describeDuration(shorter)}`,
          `${percent(rate)} of ${figure.entered} customers dropped off during the ${describeDuration(current)} wait; a wait half as long keeps them while they are still interested.`,
          replaceNode(graph, node.id, { config: { duration: shorter }, name: `Wait ${shorter}` }),
          node.id,
        );
      }
    }
  }

  const sends = steps(graph).filter((node) => node.type.startsWith('send_'));
  if (sends.length >= 2 && !graph.nodes.some((node) => node.type === 'frequency_cap')) {
    const capReader = INSTRUCTION_READERS.find((reader) => reader.name === 'add_cap')!;
    const edit = capReader.read(graph, 'no more than 3 messages per week');
    if (edit !== undefined) {
      add(
        'add_frequency_cap',
        'Cap the messages at 3 per week',
        `The journey sends ${sends.length} messages and has no frequency cap; a customer in several journeys may get too many. Over the cap a message is skipped and the customer carries on.`,
        edit.graph,
      );
    }
  }
  return suggestions;
}
