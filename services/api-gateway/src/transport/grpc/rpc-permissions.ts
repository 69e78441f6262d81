import type { publicApiGrpc } from '@kalcifer/contracts';
import type { Permission } from '../../application/permissions';

/** An RPC of the public gRPC API, by its name in the generated service definition. */
export type RpcName = keyof typeof publicApiGrpc.PublicApiServiceService;

/** What an RPC needs: its permission, the REST route it mirrors, the audit action of a change. */
export interface RpcPolicy {
  permission: Exclude<Permission, 'public'>;
  /** The REST route doing the same (`METHOD /express/path`): same permission, same use case. */
  route: string;
  /** Set on configuration changes: audited like the route (a function when the request decides). */
  audit?: string | ((request: { action?: string }) => string | undefined);
}

const STATUS_AUDIT: Record<string, string> = {
  activate: 'journey.activated',
  pause: 'journey.paused',
  resume: 'journey.resumed',
  archive: 'journey.archived',
};

/**
 * Every RPC of PublicApiService with its permission. The server refuses an RPC missing here (fail
 * closed); a unit test fails on one, and checks each against its REST route's permission.
 */
export const RPC_POLICIES: Record<RpcName, RpcPolicy> = {
  createJourney: { permission: 'write', route: 'POST /v1/journeys', audit: 'journey.created' },
  listJourneys: { permission: 'read', route: 'GET /v1/journeys' },
  getJourney: { permission: 'read', route: 'GET /v1/journeys/:id' },
  updateDraft: { permission: 'write', route: 'PUT /v1/journeys/:id/draft', audit: 'journey.draft_saved' },
  publishVersion: {
    permission: 'write',
    route: 'POST /v1/journeys/:id/versions',
    audit: 'version.published',
  },
  listVersions: { permission: 'read', route: 'GET /v1/journeys/:id/versions' },
  getVersion: { permission: 'read', route: 'GET /v1/journeys/:id/versions/:n' },
  setJourneyStatus: {
    permission: 'write',
    route: 'POST /v1/journeys/:id/activate',
    audit: (request) => STATUS_AUDIT[request.action ?? ''],
  },
  enrollCustomers: { permission: 'write', route: 'POST /v1/journeys/:id/enrollments' },
  sendEvents: { permission: 'write', route: 'POST /v1/events/batch' },
  listInstances: { permission: 'read', route: 'GET /v1/instances' },
  getInstance: { permission: 'read', route: 'GET /v1/instances/:id' },
  commandInstance: { permission: 'write', route: 'POST /v1/instances/:id/pause' },
  watch: { permission: 'read', route: 'GET /v1/stream' },
};
