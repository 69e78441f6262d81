export { assertValidGraph, validateGraph, NODE_ID_PATTERN } from './validate-graph';
export { JOURNEY_GRAPH_JSON_SCHEMA } from './json-schema';
export {
  JourneyValidationError,
  VALIDATION_CODES,
  type ValidationCode,
  type ValidationIssue,
  type ValidationResult,
} from './validation-issue';
