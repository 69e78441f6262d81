import type { channelsGrpc } from '@kalcifer/contracts';
import type { PromiseClient } from '@kalcifer/platform';

/**
 * The channels service owns provider configurations and delivery webhooks; the gateway asks it
 * over gRPC (proto/kalcifer/v1/channels.proto). Failures arrive as AppErrors (kind + code).
 */
export type ChannelsClient = Omit<PromiseClient<typeof channelsGrpc.ChannelsService>, 'close'>;
export const CHANNELS = Symbol('ChannelsClient');
