export * from './jetstream/streams';
export * from './jetstream/messages';
export * as grpc from './generated/kalcifer/v1/orchestrator';
