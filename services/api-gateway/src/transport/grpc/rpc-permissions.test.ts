import { publicApiGrpc } from '@kalcifer/contracts';
import { ROLES, roleAllows } from '../../application/permissions';
import { ROUTE_POLICIES } from '../http/route-permissions';
import { RPC_POLICIES, type RpcName } from './rpc-permissions';

const rpcs = Object.keys(publicApiGrpc.PublicApiServiceService) as RpcName[];

describe('RPC permissions of the public gRPC API', () => {
  it('finds the RPCs of the service', () => {
    expect(rpcs).toContain('createJourney');
    expect(rpcs).toContain('watch');
    expect(rpcs.length).toBeGreaterThanOrEqual(14);
  });

  it('has every RPC declare the permission it needs', () => {
    expect(rpcs.filter((rpc) => !RPC_POLICIES[rpc])).toEqual([]);
  });

  it('declares no permission for an RPC that does not exist', () => {
    expect(Object.keys(RPC_POLICIES).filter((rpc) => !rpcs.includes(rpc as RpcName))).toEqual([]);
  });

  it('asks of each RPC what its REST route asks, for every role', () => {
    const matrix = rpcs.map((rpc) => {
      const route = ROUTE_POLICIES[RPC_POLICIES[rpc].route];
      return {
        rpc,
        route: RPC_POLICIES[rpc].route,
        routeExists: route !== undefined,
        sameAsRest: ROLES.every(
          (role) => roleAllows(role, RPC_POLICIES[rpc].permission) === roleAllows(role, route.permission),
        ),
      };
    });
    expect(matrix.filter((m) => !m.routeExists || !m.sameAsRest)).toEqual([]);
  });

  it('lets viewers read, editors also write, and refuses no RPC to an admin', () => {
    const allowed = (role: (typeof ROLES)[number]) =>
      rpcs.filter((rpc) => roleAllows(role, RPC_POLICIES[rpc].permission)).sort();
    expect(allowed('viewer')).toEqual(
      [
        'getInstance',
        'getJourney',
        'getVersion',
        'listInstances',
        'listJourneys',
        'listVersions',
        'watch',
      ].sort(),
    );
    expect(allowed('editor')).toEqual([...rpcs].sort());
    expect(allowed('admin')).toEqual([...rpcs].sort());
  });

  it('audits the configuration changes their routes audit, and nothing that reads', () => {
    for (const rpc of rpcs) {
      const { audit, route, permission } = RPC_POLICIES[rpc];
      if (permission === 'read') expect({ rpc, audit }).toEqual({ rpc, audit: undefined });
      if (typeof audit === 'string')
        expect({ rpc, audit }).toEqual({ rpc, audit: ROUTE_POLICIES[route].audit });
    }
    const statusAudit = RPC_POLICIES.setJourneyStatus.audit as (r: { action?: string }) => string | undefined;
    for (const action of ['activate', 'pause', 'resume', 'archive'])
      expect(statusAudit({ action })).toBe(ROUTE_POLICIES[`POST /v1/journeys/:id/${action}`].audit);
  });
});
