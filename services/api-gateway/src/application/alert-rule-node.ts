import { invalid } from '@kalcifer/platform';
import type { JourneyLookup, OrchestratorClient } from '../ports/orchestrator.port';

/** Node ids named in the message at most (all of them are in `details.nodeIds`). */
const MAX_LISTED = 50;

/** The node ids of a graph as the orchestrator stores it (`{nodes: [{id, ...}], edges}`). */
function nodeIdsOf(graph: { [key: string]: unknown } | undefined): string[] {
  const nodes = graph?.nodes;
  if (!Array.isArray(nodes)) return [];
  return nodes
    .map((n: unknown) => (n as { id?: unknown } | null)?.id)
    .filter((id): id is string => typeof id === 'string');
}

/**
 * A node alert rule must watch a node of its journey: one of its draft or of any published
 * version (instances still on an older version send from nodes a newer one dropped). Else 400
 * naming the field and the journey's node ids, so the caller sees what to pick.
 */
export async function assertNodeOfJourney(
  orchestrator: Pick<OrchestratorClient, 'listVersions'>,
  journeys: JourneyLookup,
  workspaceId: string,
  journeyId: string,
  nodeId: string,
): Promise<void> {
  const journey = await journeys.get(workspaceId, journeyId);
  const ids = new Set(nodeIdsOf(journey.draft));
  if (ids.has(nodeId)) return;
  if (journey.latestVersion > 0) {
    const { versions } = await orchestrator.listVersions({ workspaceId, journeyId });
    for (const v of versions) for (const id of nodeIdsOf(v.graph)) ids.add(id);
    if (ids.has(nodeId)) return;
  }
  const nodeIds = [...ids].sort();
  const shown = nodeIds.slice(0, MAX_LISTED).join(', ');
  const listed =
    nodeIds.length === 0
      ? 'none'
      : nodeIds.length > MAX_LISTED
        ? `${shown}, ... (all in details.nodeIds)`
        : shown;
  const message = `nodeId "${nodeId}" is not a node of journey ${journeyId} (its nodes: ${listed})`;
  throw invalid('unknown_node', message, { issues: [{ path: 'nodeId', message }], nodeIds });
}
