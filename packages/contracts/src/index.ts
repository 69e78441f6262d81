export * from './jetstream/streams';
export * from './jetstream/messages';
export * from './jetstream/journal';
export * as grpc from './generated/kalcifer/v1/orchestrator';
export * as channelsGrpc from './generated/kalcifer/v1/channels';
export * as aiDesignerGrpc from './generated/kalcifer/v1/ai_designer';
export * as analyticsGrpc from './generated/kalcifer/v1/analytics';
/** The public API over gRPC (served by the gateway, called by packages/sdk). */
export * as publicApiGrpc from './generated/kalcifer/api/v1/public_api';
export * from './jetstream/profile-updates';
export * from './json-limits';
/** The public API's descriptors (FileDescriptorSet, base64): the gateway's gRPC reflection. */
export { PUBLIC_API_DESCRIPTOR_SET } from './generated/public-api-descriptor';
