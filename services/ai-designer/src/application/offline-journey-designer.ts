import type { JourneyGraph } from '@kalcifer/journey';
import { designOffline, type Design } from '../domain/design/offline-designer';
import { refineDraft } from '../domain/refine/refine-draft';
import type { JourneyDesigner, RefinedDesign } from '../ports/journey-designer';

export class OfflineJourneyDesigner implements JourneyDesigner {
  design(brief: string, onText?: (text: string) => void): Promise<Design> {
    const design = designOffline(brief);
    // Nothing is generated piece by piece offline: the explanation is the one piece.
    onText?.(design.explanation);
    return Promise.resolve(design);
  }

  refine(
    current: JourneyGraph,
    instruction: string,
    onText?: (text: string) => void,
  ): Promise<RefinedDesign> {
    return Promise.resolve(refineOffline(current, instruction, onText));
  }
}

/** The offline refinement as the port's answer (throws a DesignError it cannot apply). */
export function refineOffline(
  current: JourneyGraph,
  instruction: string,
  onText?: (text: string) => void,
  notes: string[] = [],
): RefinedDesign {
  const refinement = refineDraft(current, instruction);
  onText?.(refinement.summary);
  return {
    graph: refinement.graph,
    diff: refinement.diff,
    summary: refinement.summary,
    explanation: refinement.explanation,
    designer: 'offline',
    notes,
  };
}
