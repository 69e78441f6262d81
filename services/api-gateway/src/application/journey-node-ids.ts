import type { JourneyLookup, OrchestratorClient } from '../ports/orchestrator.port';

/** The node ids of a graph as the orchestrator stores it (`{nodes: [{id, ...}], edges}`). */
function nodeIdsOf(graph: { [key: string]: unknown } | undefined): string[] {
  const nodes = graph?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes
    .map((n: unknown) => (n as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * Every node id a journey has had: its draft's and those of each published version (instances
 * still on an older version are counted at nodes a newer one dropped). 404 journey_not_found for
 * a journey the workspace does not have.
 */
export async function journeyNodeIds(
  orchestrator: Pick<OrchestratorClient, 'listVersions'>,
  journeys: JourneyLookup,
  workspaceId: string,
  journeyId: string,
): Promise<Set<string>> {
  const journey = await journeys.get(workspaceId, journeyId);
  const ids = new Set(nodeIdsOf(journey.draft));
  if (journey.latestVersion > 0) {
    const { versions } = await orchestrator.listVersions({ workspaceId, journeyId });
    for (const v of versions) for (const id of nodeIdsOf(v.graph)) ids.add(id);
  }
  return ids;
}
