/**
 * The offline designer: needs no key and no network. Reads a brief, builds the graph, lays it
 * out, checks it with the domain's own validation and explains it.
 */
import { validateGraph, type JourneyGraph, type ValidationIssue } from '@kalcifer/journey';
import { buildGraph } from '../brief/build-graph';
import { parseBrief } from '../brief/parse-brief';
import { explainGraph } from '../explain/explain-graph';
import { layoutGraph } from '../layout/layered-layout';
import { DesignError } from './design-error';

export interface Design {
  graph: JourneyGraph;
  /** The journey in plain words, followed by the assumptions made. */
  explanation: string;
  /** Assumptions made where the brief was silent. */
  notes: string[];
  /** Sentences of the brief that were not understood (quoted back to the user). */
  unparsed: string[];
  designer: 'offline' | 'gemini';
}

export const MAX_BRIEF_LENGTH = 20_000;

export function designOffline(brief: string): Design {
  const text = brief.trim();
  if (text === '')
    throw new DesignError('empty_brief', 'The brief is empty: describe the journey in a few sentences');
  if (text.length > MAX_BRIEF_LENGTH) {
    throw new DesignError(
      'brief_too_long',
      `The brief has ${text.length} characters; at most ${MAX_BRIEF_LENGTH} are read`,
    );
  }
  const plan = parseBrief(text);
  if (plan.steps.length === 0) {
    throw new DesignError(
      'brief_not_understood',
      `No step of a journey was found in the brief${plan.unparsed.length > 0 ? ` (not understood: "${plan.unparsed[0]}")` : ''}; name at least one message, e.g. "send a welcome email"`,
    );
  }
  const graph = layoutGraph(buildGraph(plan));
  assertDesignValid(graph);
  return {
    graph,
    explanation: explainDesign(graph, plan.notes, plan.unparsed),
    notes: plan.notes,
    unparsed: plan.unparsed,
    designer: 'offline',
  };
}

export function explainDesign(graph: JourneyGraph, notes: string[], unparsed: string[]): string {
  const parts = [explainGraph(graph)];
  if (notes.length > 0) parts.push(`Assumptions: ${[...new Set(notes)].join(' ')}`);
  if (unparsed.length > 0)
    parts.push(`Not understood (left out): ${unparsed.map((sentence) => `"${sentence}"`).join('; ')}`);
  return parts.join('\n\n');
}

/** A designer bug, not a user error: the graph it built does not validate. */
export function assertDesignValid(graph: JourneyGraph): void {
  const result = validateGraph(graph);
  if (!result.ok) throw new InvalidDesignError(result.errors);
}

export class InvalidDesignError extends Error {
  constructor(readonly issues: ValidationIssue[]) {
    super(`The designed graph is invalid: ${issues.map((issue) => issue.message).join('; ')}`);
    this.name = 'InvalidDesignError';
  }
}
