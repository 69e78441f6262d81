export { diffVersions, type ChangedNode, type VersionDiff } from './diff-versions';
export {
  MAPPING_SCORE_WEIGHTS,
  MIN_MAPPING_SCORE,
  configSimilarity,
  proposeMapping,
} from './propose-mapping';
export {
  REMOVED_NODE_POLICIES,
  isRemovedNodePolicy,
  resolveMapping,
  validateMapping,
  type MappingProblem,
  type NodeMapping,
  type RemovedNodePolicy,
} from './node-mapping';
export {
  MigrationError,
  migrateInstance,
  type MigrationOutcome,
  type MigrationSpec,
  type TokenMove,
} from './migrate-instance';
export { HeldReleaseError, releaseHeld, type HeldReleaseErrorCode, type ReleaseTarget } from './release-held';
export {
  inRollout,
  rolloutBucket,
  summarisePlans,
  type MigrationPlanSummary,
  type PlannedOutcome,
} from './rollout-and-summary';
