/**
 * @kalcifer/journey — the pure domain of Kalcifer: journey graph model, node catalogue,
 * validation, the expression language and the interpreter. No I/O; runs in Node and the browser.
 */

// Model
export { NODE_TYPES } from './model/graph';
export type { JourneyEdge, JourneyGoal, JourneyGraph, JourneyNode, NodeType } from './model/graph';
export { TERMINAL_STATUSES } from './model/instance';
export type {
  HeldToken,
  InstanceState,
  InstanceStatus,
  MigrationRecord,
  Token,
  TokenWait,
  TraceEntry,
  TraceType,
} from './model/instance';
export type { CapRuleRef, CustomerEvent, DeliveryStatus, Signal, SignalKind } from './model/signal';
export type { Effect, EffectKind, SendChannel } from './model/effect';
export type { CodeRunRequest, CodeRunResult, CodeRunner, Facts } from './model/facts';

// Node catalogue
export {
  CUSTOM_CODE_DEFAULTS,
  NODE_CATALOGUE,
  REENTRY_POLICIES,
  branchOutput,
  isEntryType,
  isNodeType,
  nodeDefinition,
  variantOutput,
} from './nodes';
export type {
  AbSplitConfig,
  AbSplitVariant,
  AddTagConfig,
  CallWebhookConfig,
  ConditionConfig,
  ConfigProblem,
  CustomCodeConfig,
  EventEntryConfig,
  ExitConfig,
  FieldKind,
  FieldRule,
  FrequencyCapConfig,
  GoalReachedConfig,
  ManualEntryConfig,
  NodeCategory,
  NodeDefinition,
  ParallelConfig,
  ReentryPolicy,
  RemoveTagConfig,
  ScheduledEntryConfig,
  SegmentDefinition,
  SegmentEntryConfig,
  SendEmailConfig,
  SendPushConfig,
  SendSmsConfig,
  SendWhatsappConfig,
  UpdateProfileConfig,
  WaitConfig,
  WaitForEventConfig,
  WaitUntilConfig,
  WebhookEntryConfig,
} from './nodes';

// Validation
export {
  JOURNEY_GRAPH_JSON_SCHEMA,
  JourneyValidationError,
  NODE_ID_PATTERN,
  VALIDATION_CODES,
  assertValidGraph,
  validateGraph,
} from './validation';
export type { ValidationCode, ValidationIssue, ValidationResult } from './validation';

// Expressions
export {
  EXPRESSION_FUNCTIONS,
  EXPRESSION_ROOTS,
  ExpressionError,
  MAX_EXPRESSION_DEPTH,
  MAX_EXPRESSION_LENGTH,
  evaluateCondition,
  evaluateExpression,
  isTruthy,
  parseExpression,
} from './expression';
export type { ExpressionNode, ExpressionScope, ExpressionValue } from './expression';

// Time and ids
export { DurationError, MAX_DURATION_MS, parseDuration, parseSignedDuration } from './duration';
export { DateTimeError, parseDateTime, parseLocalDateTime } from './datetime';
export { CronError, nextCronTime, parseCron, type CronSchedule } from './calendar/cron';
export { isTimeZone, instantOf, wallClock, type WallClock } from './calendar/time-zone';
export {
  WEEKDAY_NAMES,
  nextWindowOpening,
  windowTimeZone,
  type SendWindow,
  type WeekdayName,
} from './calendar/send-window';
export { deriveId, sendKey, sha256Hex } from './hash';

// Interpreter
export {
  MAX_NODES_PER_STEP,
  PROCESSED_SIGNALS_KEPT,
  abSplitVariant,
  evaluateSegment,
  matchingEventEntries,
  mayEnter,
  meetsScheduleCriteria,
  newInstance,
  reentryPolicy,
  step,
} from './interpreter';
export type { PublishedVersion, StepResult } from './interpreter';

// Live versioning
export {
  HeldReleaseError,
  MAPPING_SCORE_WEIGHTS,
  MIN_MAPPING_SCORE,
  MigrationError,
  REMOVED_NODE_POLICIES,
  configSimilarity,
  diffVersions,
  inRollout,
  isRemovedNodePolicy,
  migrateInstance,
  proposeMapping,
  releaseHeld,
  resolveMapping,
  rolloutBucket,
  summarisePlans,
  validateMapping,
} from './versioning';
export type {
  ChangedNode,
  HeldReleaseErrorCode,
  MappingProblem,
  MigrationOutcome,
  MigrationPlanSummary,
  MigrationSpec,
  NodeMapping,
  PlannedOutcome,
  ReleaseTarget,
  RemovedNodePolicy,
  TokenMove,
  VersionDiff,
} from './versioning';
