/** A workspace's limits; a field left unset takes the gateway's default (config). */
export interface WorkspaceQuotas {
  /** Requests per second per API key (or per JWT user). */
  requestsPerSecondPerKey: number;
  /** Customer events per second (POST /v1/events, /v1/events/batch counts each event). */
  eventsPerSecond: number;
  /** Journeys active at once (POST /v1/journeys/{id}/activate and /resume beyond it are refused). */
  activeJourneys: number;
  /**
   * Open (not ended) journey instances of the workspace: enrollments (REST, gRPC) and webhook
   * entries that would go beyond it are refused whole.
   */
  activeInstances: number;
}

export interface QuotaStore {
  get(workspaceId: string): Promise<Partial<WorkspaceQuotas>>;
  set(workspaceId: string, quotas: Partial<WorkspaceQuotas>): Promise<void>;
}
export const QUOTA_STORE = Symbol('QuotaStore');
