import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound } from '@kalcifer/platform';
import { MEMBER_STORE, type MemberRecord, type MemberStore } from '../ports/member-store.port';
import { REPLICA_NOTICES, type ReplicaNotices } from '../ports/replica-notices.port';
import { MemberDirectory } from './member-directory';
import type { Role } from './permissions';
import type { Principal } from './principal';

export interface AddMemberInput {
  subject?: string;
  email?: string;
  role: Role;
}

export function memberView(m: MemberRecord) {
  return {
    id: m.id,
    ...(m.subject !== undefined && { subject: m.subject }),
    ...(m.email !== undefined && { email: m.email }),
    role: m.role,
    addedBy: m.addedBy,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const memberNotFound = (id: string) =>
  notFound('member_not_found', `member ${id} does not exist in this workspace`);

/** /v1/members: the workspace's console users and their roles (the route table: admin only). */
@Injectable()
export class Members {
  constructor(
    @Inject(MEMBER_STORE) private readonly store: MemberStore,
    private readonly directory: MemberDirectory,
    @Inject(REPLICA_NOTICES) private readonly replicas: ReplicaNotices,
  ) {}

  /** This replica forgets the workspace's members at once, the others when the notice arrives. */
  private changed(workspaceId: string): void {
    this.directory.forget(workspaceId);
    this.replicas.membersChanged(workspaceId);
  }

  async add(p: Principal, input: AddMemberInput) {
    const now = new Date();
    const member: MemberRecord = {
      id: `mem_${randomBytes(9).toString('base64url')}`,
      workspaceId: p.workspaceId,
      ...(input.subject !== undefined && { subject: input.subject }),
      ...(input.email !== undefined && { email: input.email.toLowerCase() }),
      role: input.role,
      addedBy: p.actor,
      createdAt: now,
      updatedAt: now,
    };
    if ((await this.store.insertMember(member)) === 'duplicate')
      throw conflict(
        'member_exists',
        'this workspace already has a member with that subject or email; change its role with PATCH /v1/members/{id}',
      );
    this.changed(p.workspaceId);
    return memberView(member);
  }

  async list(p: Principal) {
    return { members: (await this.store.listMembers(p.workspaceId)).map(memberView) };
  }

  async changeRole(p: Principal, id: string, role: Role) {
    const changed = await this.store.changeRole(p.workspaceId, id, role, new Date());
    if (!changed) throw memberNotFound(id);
    this.changed(p.workspaceId);
    return memberView(changed);
  }

  async remove(p: Principal, id: string) {
    const removed = await this.store.deleteMember(p.workspaceId, id);
    if (!removed) throw memberNotFound(id);
    this.changed(p.workspaceId);
    return { deleted: true };
  }
}
