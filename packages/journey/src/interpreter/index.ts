export { newInstance, step, PROCESSED_SIGNALS_KEPT } from './step';
export {
  evaluateSegment,
  matchingEventEntries,
  mayEnter,
  meetsScheduleCriteria,
  reentryPolicy,
} from './entry-match';
export { abSplitVariant } from './branch-nodes';
export { MAX_NODES_PER_STEP } from './run-tokens';
export type { PublishedVersion, StepResult } from './published-version';
