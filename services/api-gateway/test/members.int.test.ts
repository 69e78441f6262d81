/**
 * Workspace members through the gateway: admins add console users by JWT subject or email with a
 * role; a member's JWT acts with the member's role (over the token's role claim); changes are
 * audited and take effect at once; bad input is a 400 that changes nothing.
 */
import { createHmac, randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { dropDatabase, testMongoUrl } from '../../../test/support/infra';
import type { GatewayHandle } from '../src/app';
import { createWorkspace } from '../src/application/create-workspace';
import { MongoWorkspaceStore } from '../src/infrastructure/mongo-workspace-store';
import { startFakeOrchestrator, type FakeOrchestrator } from './fake-orchestrator';
import { call, memoryLogger, startGateway, unusedPort } from './support';

const DB = `kalcifer_gateway_members_${randomBytes(3).toString('hex')}`;
const HS_SECRET = 'members-test-secret-of-at-least-32-characters';

let gateway: GatewayHandle;
let orchestrator: FakeOrchestrator;
let connection: mongoose.Connection;
let admin: string;
let workspaceId: string;
let otherWorkspace: { apiKey: string; workspaceId: string };

const token = (claims: Record<string, unknown>) => {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const data = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ exp: Math.floor(Date.now() / 1000) + 3600, ...claims })}`;
  return `${data}.${createHmac('sha256', HS_SECRET).update(data).digest('base64url')}`;
};
const canRead = async (key: string) => (await call(gateway, 'GET', '/v1/journeys', { key })).status;
const canWrite = async (key: string) =>
  (await call(gateway, 'POST', '/v1/journeys', { key, body: { name: 'By a member' } })).status;
const canAdmin = async (key: string) => (await call(gateway, 'GET', '/v1/members', { key })).status;
const rawMembers = () => connection.collection('workspace_members').find({}).toArray();

beforeAll(async () => {
  await dropDatabase(DB);
  orchestrator = await startFakeOrchestrator(memoryLogger().logger);
  gateway = await startGateway(DB, {
    ORCHESTRATOR_GRPC_URL: orchestrator.address,
    CHANNELS_GRPC_URL: `127.0.0.1:${await unusedPort()}`,
    WEBHOOK_DELIVERY: 'off',
    JWT_HS256_SECRET: HS_SECRET,
  });
  connection = await mongoose.createConnection(testMongoUrl(DB)).asPromise();
  const store = new MongoWorkspaceStore(connection);
  ({ apiKey: admin, workspaceId } = await createWorkspace(store, { name: 'Members' }));
  otherWorkspace = await createWorkspace(store, { name: 'Other' });
}, 60_000);

afterAll(async () => {
  await gateway?.close();
  await orchestrator?.close();
  await connection?.dropDatabase();
  await connection?.close();
});

describe('workspace members', () => {
  let ada: string;

  it("a member's JWT (no role claim) gets the member's role; a role change applies at once", async () => {
    const adaToken = token({ sub: 'auth0|ada', workspace: workspaceId });
    // Not a member yet, and no role claim: refused, saying why.
    const before = await call(gateway, 'GET', '/v1/journeys', { key: adaToken });
    expect(before.status).toBe(401);
    expect(before.body.error.message).toContain('not a member of workspace');

    const added = await call(gateway, 'POST', '/v1/members', {
      key: admin,
      body: { subject: 'auth0|ada', role: 'viewer' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      subject: 'auth0|ada',
      role: 'viewer',
      addedBy: expect.stringMatching(/^api_key:/) as unknown,
    });
    ada = (added.body as { id: string }).id;
    expect([await canRead(adaToken), await canWrite(adaToken)]).toEqual([200, 403]);

    const changed = await call(gateway, 'PATCH', `/v1/members/${ada}`, {
      key: admin,
      body: { role: 'editor' },
    });
    expect(changed.status).toBe(200);
    expect([await canWrite(adaToken), await canAdmin(adaToken)]).toEqual([201, 403]);
  });

  it("the member's role wins over the token's role claim; non-members keep their claim", async () => {
    const claimsAdmin = token({ sub: 'auth0|ada', workspace: workspaceId, role: 'admin' });
    expect(await canAdmin(claimsAdmin)).toBe(403);
    expect(await canWrite(claimsAdmin)).toBe(201);
    const stranger = token({ sub: 'auth0|zed', workspace: workspaceId, role: 'viewer' });
    expect([await canRead(stranger), await canWrite(stranger)]).toEqual([200, 403]);
  });

  it('matches a member added by email against the email claim, unless email_verified is false', async () => {
    const added = await call(gateway, 'POST', '/v1/members', {
      key: admin,
      body: { email: 'Grace@Example.com', role: 'admin' },
    });
    expect(added.status).toBe(201);
    expect(added.body.email).toBe('grace@example.com');
    const grace = token({ sub: 'google|123', email: 'grace@example.com', workspace: workspaceId });
    expect(await canAdmin(grace)).toBe(200);
    const unverified = token({
      sub: 'google|124',
      email: 'grace@example.com',
      email_verified: false,
      workspace: workspaceId,
    });
    expect((await call(gateway, 'GET', '/v1/journeys', { key: unverified })).status).toBe(401);
    // A member of one workspace is nothing in another.
    expect(
      await canRead(
        token({ sub: 'google|123', email: 'grace@example.com', workspace: otherWorkspace.workspaceId }),
      ),
    ).toBe(401);
  });

  it('refuses bad input with a 400 that changes nothing, a duplicate with 409, others with 403/404', async () => {
    const before = await rawMembers();
    for (const body of [
      { role: 'viewer' },
      { subject: 'x', role: 'owner' },
      { subject: 'a b', role: 'viewer' },
      { email: 'not-an-email', role: 'viewer' },
      { subject: 'x', role: 'viewer', extra: true },
      { subject: { $ne: null }, role: 'admin' },
    ]) {
      const res = await call(gateway, 'POST', '/v1/members', { key: admin, body });
      expect(res.status).toBe(400);
    }
    const noSubject = await call(gateway, 'POST', '/v1/members', { key: admin, body: { role: 'viewer' } });
    expect(JSON.stringify(noSubject.body)).toContain('subject');
    expect(
      (await call(gateway, 'PATCH', `/v1/members/${ada}`, { key: admin, body: { role: 'root' } })).status,
    ).toBe(400);
    const dup = await call(gateway, 'POST', '/v1/members', {
      key: admin,
      body: { subject: 'auth0|ada', role: 'admin' },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('member_exists');
    expect(await rawMembers()).toEqual(before);

    // Another workspace's admin sees none of them and cannot touch them.
    expect((await call(gateway, 'GET', '/v1/members', { key: otherWorkspace.apiKey })).body).toEqual({
      members: [],
    });
    expect(
      (
        await call(gateway, 'PATCH', `/v1/members/${ada}`, {
          key: otherWorkspace.apiKey,
          body: { role: 'admin' },
        })
      ).status,
    ).toBe(404);
    expect((await call(gateway, 'DELETE', `/v1/members/${ada}`, { key: otherWorkspace.apiKey })).status).toBe(
      404,
    );
    // Editors cannot manage members.
    const editorKey = (
      await call(gateway, 'POST', '/v1/api-keys', { key: admin, body: { name: 'ed', role: 'editor' } })
    ).body.key as string;
    expect(
      (await call(gateway, 'POST', '/v1/members', { key: editorKey, body: { subject: 'y', role: 'admin' } }))
        .status,
    ).toBe(403);
    expect(await rawMembers()).toEqual(before);
  });

  it('removing a member: their token without a role claim is refused again; every change is audited', async () => {
    const adaToken = token({ sub: 'auth0|ada', workspace: workspaceId });
    expect((await call(gateway, 'DELETE', `/v1/members/${ada}`, { key: admin })).body).toEqual({
      deleted: true,
    });
    expect((await call(gateway, 'GET', '/v1/journeys', { key: adaToken })).status).toBe(401);
    const list = await call(gateway, 'GET', '/v1/members', { key: admin });
    expect((list.body as { members: Array<{ email?: string }> }).members.map((m) => m.email)).toEqual([
      'grace@example.com',
    ]);
    const audit = await call(gateway, 'GET', '/v1/audit?limit=100', { key: admin });
    const actions = (audit.body as { entries: Array<{ action: string }> }).entries.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['member.added', 'member.role_changed', 'member.removed']),
    );
    expect(actions.filter((a) => a === 'member.added')).toHaveLength(2);
  });
});
