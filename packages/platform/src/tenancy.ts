/**
 * Every repository query is scoped by workspace: a filter type without `workspaceId` does not
 * compile (cf. novu's EnforceEnvOrOrgIds).
 */
export type WorkspaceScoped<T extends object = object> = T & { workspaceId: string };

export function scoped<T extends object>(workspaceId: string, filter: T): WorkspaceScoped<T> {
  if (!workspaceId) throw new Error('workspaceId is required for every query');
  return { ...filter, workspaceId };
}
