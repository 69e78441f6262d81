/**
 * How many journey instances of a workspace are open (not ended): the api-gateway's
 * activeInstances quota asks it (CountOpenInstances), at most about once a second per replica
 * and workspace. Read-only; apart from the instance store's hot paths.
 */
export interface OpenInstanceCount {
  /** Open instances of the workspace, counting no further than `atMost` when given. */
  count(workspaceId: string, atMost?: number): Promise<number>;
}
