export type {
  CodeFailureKind,
  CodeRunner,
  CodeRunnerOptions,
  CodeRunnerStats,
  CodeRunRequest,
  CodeRunResult,
  SandboxCodeRunner,
  SandboxRunResult,
} from './code-runner-types';
export { createCodeRunner, disposeCodeRunner } from './create-code-runner';
export { MIN_MEMORY_BYTES } from './prepare-request';
