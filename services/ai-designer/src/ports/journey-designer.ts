import type { JourneyGraph, VersionDiff } from '@kalcifer/journey';
import type { Design } from '../domain/design/offline-designer';

/** A draft changed by one refinement message, with its diff against the draft before. */
export interface RefinedDesign {
  graph: JourneyGraph;
  diff: VersionDiff;
  /** What changed, in a sentence or two. */
  summary: string;
  explanation: string;
  designer: 'offline' | 'gemini';
  /** Said to the user: e.g. that the model was not used and why. */
  notes: string[];
}

/** Designs and refines journeys: Gemini when configured, the offline designer otherwise. */
export interface JourneyDesigner {
  /** With `onText`, the text of the answer is passed on piece by piece as it is produced. */
  design(brief: string, onText?: (text: string) => void): Promise<Design>;
  /** Applies a refinement message to the current draft; throws a DesignError it cannot apply. */
  refine(current: JourneyGraph, instruction: string, onText?: (text: string) => void): Promise<RefinedDesign>;
}
