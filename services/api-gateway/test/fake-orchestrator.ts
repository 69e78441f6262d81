/**
 * A stand-in for the orchestrator's gRPC service (being written in parallel), served over real
 * gRPC with the generated definitions, so the gateway's client, error mapping and caching are
 * exercised end to end. It keeps journeys in memory and counts calls; it is not the product.
 */
import { grpc } from '@kalcifer/contracts';
import { conflict, notFound, startGrpcServer, type AsyncService, type Logger } from '@kalcifer/platform';

type Service = typeof grpc.OrchestratorService;

export interface FakeOrchestrator {
  address: string;
  calls: Record<string, number>;
  journeys: Map<string, grpc.Journey>;
  close(): Promise<void>;
}

const unsupported = (what: string) => () =>
  Promise.reject(new Error(`fake orchestrator: ${what} not implemented`));

export async function startFakeOrchestrator(logger: Logger): Promise<FakeOrchestrator> {
  const journeys = new Map<string, grpc.Journey>();
  const calls: Record<string, number> = {};
  /** The graph of version 1 of each journey activated. */
  const published = new Map<string, grpc.Journey['draft']>();
  let next = 1;
  const key = (ws: string, id: string) => `${ws}/${id}`;
  const find = (ws: string, id: string) => {
    const j = journeys.get(key(ws, id));
    if (!j) throw notFound('journey_not_found', `No journey with id "${id}" in this workspace`);
    return j;
  };

  const impl: AsyncService<Service> = {
    async createJourney(r) {
      const now = new Date().toISOString();
      const j: grpc.Journey = {
        id: `j${next++}`,
        workspaceId: r.workspaceId,
        name: r.name,
        description: r.description,
        status: 'draft',
        draft: r.graph ?? { nodes: [], edges: [] },
        latestVersion: 0,
        activeVersion: 0,
        createdAt: now,
        updatedAt: now,
        webhookToken: `token-${next}`,
      };
      journeys.set(key(r.workspaceId, j.id), j);
      return j;
    },
    /** Paged as the orchestrator pages: by id, the cursor is the last id of the previous page. */
    async listJourneys(r) {
      const mine = [...journeys.values()]
        .filter((j) => j.workspaceId === r.workspaceId && (r.cursor === '' || j.id > r.cursor))
        .sort((x, y) => (x.id < y.id ? -1 : 1));
      const limit = r.limit || 50;
      const page = mine.slice(0, limit);
      return { journeys: page, nextCursor: mine.length > limit ? page[page.length - 1].id : '' };
    },
    async getJourney(r) {
      return find(r.workspaceId, r.journeyId);
    },
    async getCapPolicy() {
      return { policy: { rules: [] } };
    },
    async setCapPolicy(r) {
      return { policy: r.policy ?? { rules: [] } };
    },
    async resolveWebhookEntry(r) {
      const j = [...journeys.values()].find((x) => x.id === r.journeyId && x.webhookToken === r.token);
      if (!j) throw notFound('webhook_not_found', 'fake: no journey has this webhook URL');
      return { workspaceId: j.workspaceId, journeyId: j.id, entryNodeId: 'hook' };
    },
    async setJourneyStatus(r) {
      const j = find(r.workspaceId, r.journeyId);
      if (r.action !== 'activate') throw conflict('invalid_transition', `fake: only activate`);
      const updated = { ...j, status: 'active', latestVersion: 1, activeVersion: 1 };
      // Activation publishes the draft as version 1.
      published.set(key(r.workspaceId, j.id), j.draft);
      journeys.set(key(r.workspaceId, j.id), updated);
      return updated;
    },
    updateDraft: unsupported('updateDraft'),
    publishVersion: unsupported('publishVersion'),
    async listVersions(r) {
      const j = find(r.workspaceId, r.journeyId);
      const graph = published.get(key(r.workspaceId, j.id));
      const v1 = { journeyId: j.id, version: 1, graph, strategy: '', note: '', author: '' };
      return { versions: graph ? [{ ...v1, createdAt: j.updatedAt }] : [] };
    },
    getVersion: unsupported('getVersion'),
    listInstances: unsupported('listInstances'),
    getJourneyOccupancy: unsupported('getJourneyOccupancy'),
    // The fake creates no instances: a workspace never has any open.
    async countOpenInstances() {
      return { count: 0 };
    },
    async getInstance(r) {
      throw notFound('instance_not_found', `No instance with id "${r.instanceId}" in this workspace`);
    },
    // A bug in the orchestrator (not an AppError) must reach the client as a 500 with an error id.
    upsertCustomer: unsupported('upsertCustomer'),
    getCustomer: unsupported('getCustomer'),
    getCustomerTrace: unsupported('getCustomerTrace'),
    diffVersions: unsupported('diffVersions'),
    rollback: unsupported('rollback'),
    listMigrations: unsupported('listMigrations'),
    getMigration: unsupported('getMigration'),
    setRollout: unsupported('setRollout'),
    haltMigration: unsupported('haltMigration'),
    releaseInstance: unsupported('releaseInstance'),
    listAudit: unsupported('listAudit'),
  };
  const counted = Object.fromEntries(
    Object.entries(impl).map(([name, fn]) => [
      name,
      (req: unknown) => {
        calls[name] = (calls[name] ?? 0) + 1;
        return (fn as (r: unknown) => Promise<unknown>)(req);
      },
    ]),
  ) as unknown as AsyncService<Service>;
  const server = await startGrpcServer(grpc.OrchestratorService, counted, '127.0.0.1:0', logger);
  return { address: `127.0.0.1:${server.port}`, calls, journeys, close: () => server.close() };
}
