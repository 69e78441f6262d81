export * from './jetstream/streams';
export * from './jetstream/messages';
export * as grpc from './generated/kalcifer/v1/orchestrator';
export * as channelsGrpc from './generated/kalcifer/v1/channels';
export * from './jetstream/profile-updates';
export * from './json-limits';
