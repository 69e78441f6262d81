/**
 * One turn of refinement: an instruction applied to the current draft. Returns the new graph
 * (laid out, validated) and the diff against the previous one, computed by the domain's version
 * diff, so the preview shows exactly what publishing would change.
 */
import { diffVersions, validateGraph, type JourneyGraph, type VersionDiff } from '@kalcifer/journey';
import { DesignError } from '../design/design-error';
import { explainGraph } from '../explain/explain-graph';
import { layoutGraph } from '../layout/layered-layout';
import { splitSentences } from '../language/sentences';
import { INSTRUCTION_READERS } from './instructions';

export interface Refinement {
  graph: JourneyGraph;
  diff: VersionDiff;
  /** What changed, one sentence per instruction. */
  summary: string;
  explanation: string;
  /** The class of each instruction applied (rename, add_fallback, change_wait...). */
  applied: string[];
}

export function refineDraft(current: JourneyGraph, instructionText: string): Refinement {
  const text = instructionText.trim();
  if (text === '')
    throw new DesignError(
      'empty_brief',
      'The instruction is empty: say what to change, e.g. "make the wait 5 days"',
    );
  let graph = current;
  const summaries: string[] = [];
  const applied: string[] = [];
  // Several instructions may come in one message, one per sentence.
  for (const sentence of splitSentences(text)) {
    let done = false;
    for (const reader of INSTRUCTION_READERS) {
      const edit = reader.read(graph, sentence);
      if (edit === undefined) continue;
      graph = edit.graph;
      summaries.push(edit.summary);
      applied.push(reader.name);
      done = true;
      break;
    }
    if (!done) {
      throw new DesignError(
        'instruction_not_understood',
        `"${sentence}" was not understood; try e.g. "make the wait 5 days instead of 3", "add SMS fallback for non-openers", "add an A/B test on the first email with 70/30 split", "remove the second email", 'rename the first email to "Hello"', "change the SMS to WhatsApp"`,
        sentence,
      );
    }
  }
  const laidOut = layoutGraph(graph);
  const result = validateGraph(laidOut);
  if (!result.ok) {
    throw new DesignError(
      'instruction_not_understood',
      `The change would make the journey invalid: ${result.errors.map((issue) => issue.message).join('; ')}`,
    );
  }
  return {
    graph: laidOut,
    diff: diffVersions(current, laidOut),
    summary: summaries.join(' '),
    explanation: explainGraph(laidOut),
    applied,
  };
}
