import type { Role } from '../application/permissions';

/**
 * Workspace members: console users, known by their JWT subject (`sub`) and/or email, each with a
 * role in the workspace. A member's JWT gets that role (docs/api.md, "Members").
 */
export interface MemberRecord {
  /** `mem_...` */
  id: string;
  workspaceId: string;
  /** The JWT `sub` of the user. */
  subject?: string;
  /** Lower-cased; matched against the JWT `email` claim. */
  email?: string;
  role: Role;
  /** The actor who added the member (audit form: `api_key:<name>` or `user:<sub>`). */
  addedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface MemberStore {
  /** `duplicate` when the workspace already has a member with that subject or email. */
  insertMember(member: MemberRecord): Promise<'inserted' | 'duplicate'>;
  listMembers(workspaceId: string): Promise<MemberRecord[]>;
  /** The member a token's subject (first) or email names in the workspace. */
  findMember(
    workspaceId: string,
    identity: { subject: string; email?: string },
  ): Promise<MemberRecord | null>;
  changeRole(workspaceId: string, id: string, role: Role, now: Date): Promise<MemberRecord | null>;
  deleteMember(workspaceId: string, id: string): Promise<MemberRecord | null>;
}

export const MEMBER_STORE = Symbol('MemberStore');
