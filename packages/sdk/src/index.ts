export {
  KalciferClient,
  type CallOptions,
  type EnrollmentInput,
  type EventInput,
  type KalciferClientOptions,
  type PublishInput,
  type TlsOptions,
} from './client';
export { KalciferError } from './errors';
export { DEFAULT_RETRY, type RetryPolicy } from './retry';
export { WatchStream, type WatchOptions } from './watch';
export type {
  AcceptedEnrollment,
  CommandInstanceResponse,
  Instance,
  JournalEntry,
  Journey,
  JourneyEvent,
  JourneyVersion,
  ListInstancesResponse,
  ListJourneysResponse,
  PublishVersionResponse,
  SendEventsResponse,
  TraceEntry,
  WatchGap,
} from './generated/kalcifer/api/v1/public_api';
export { status } from '@grpc/grpc-js';
