export { newInstance, step, PROCESSED_SIGNALS_KEPT } from './step';
export { matchingEventEntries } from './entry-match';
export { MAX_NODES_PER_STEP } from './run-tokens';
export type { PublishedVersion, StepResult } from './published-version';
