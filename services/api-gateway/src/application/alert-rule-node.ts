import { invalid } from '@kalcifer/platform';
import type { JourneyLookup, OrchestratorClient } from '../ports/orchestrator.port';
import { journeyNodeIds } from './journey-node-ids';

/** Node ids named in the message at most (all of them are in `details.nodeIds`). */
const MAX_LISTED = 50;

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
  const ids = await journeyNodeIds(orchestrator, journeys, workspaceId, journeyId);
  if (ids.has(nodeId)) return;
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
