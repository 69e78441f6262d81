import type { analyticsGrpc } from '@kalcifer/contracts';
import type { PromiseClient } from '@kalcifer/platform';

/**
 * The analytics service counts journey events (proto/kalcifer/v1/analytics.proto). Failures
 * arrive as AppErrors (kind + code); an unreachable service as `service_unavailable` (503).
 */
export type AnalyticsClient = Omit<PromiseClient<typeof analyticsGrpc.AnalyticsService>, 'close'>;
export const ANALYTICS = Symbol('AnalyticsClient');
