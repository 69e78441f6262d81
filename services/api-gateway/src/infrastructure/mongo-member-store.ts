import type { Collection, Connection } from 'mongoose';
import { isDuplicateKey, scoped } from '@kalcifer/platform';
import type { Role } from '../application/permissions';
import type { MemberRecord, MemberStore } from '../ports/member-store.port';

interface MemberDoc extends Omit<MemberRecord, 'id'> {
  _id: string;
}

const toMember = ({ _id, ...doc }: MemberDoc): MemberRecord => ({ id: _id, ...doc });

/** Collection `workspace_members` of the gateway's database. */
export class MongoMemberStore implements MemberStore {
  private readonly members: Collection<MemberDoc>;

  constructor(connection: Connection) {
    this.members = connection.collection<MemberDoc>('workspace_members');
  }

  async ensureIndexes(): Promise<void> {
    // One member per subject and per email in a workspace (absent fields are not indexed).
    await this.members.createIndex(
      { workspaceId: 1, subject: 1 },
      { unique: true, partialFilterExpression: { subject: { $exists: true } } },
    );
    await this.members.createIndex(
      { workspaceId: 1, email: 1 },
      { unique: true, partialFilterExpression: { email: { $exists: true } } },
    );
  }

  async insertMember(member: MemberRecord): Promise<'inserted' | 'duplicate'> {
    const { id, ...rest } = member;
    // Checked first too: the unique indexes are the guarantee, this gives the answer on servers
    // whose partial indexes are approximations.
    const clash = await this.members.findOne(
      scoped(member.workspaceId, {
        $or: [
          ...(member.subject !== undefined ? [{ subject: member.subject }] : []),
          ...(member.email !== undefined ? [{ email: member.email }] : []),
        ],
      }),
    );
    if (clash) return 'duplicate';
    try {
      await this.members.insertOne({ _id: id, ...rest });
      return 'inserted';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  }

  async listMembers(workspaceId: string): Promise<MemberRecord[]> {
    return (await this.members.find(scoped(workspaceId, {})).sort({ createdAt: 1 }).toArray()).map(toMember);
  }

  async findMember(
    workspaceId: string,
    identity: { subject: string; email?: string },
  ): Promise<MemberRecord | null> {
    const bySubject = await this.members.findOne(scoped(workspaceId, { subject: identity.subject }));
    if (bySubject) return toMember(bySubject);
    if (identity.email === undefined) return null;
    const byEmail = await this.members.findOne(scoped(workspaceId, { email: identity.email.toLowerCase() }));
    return byEmail ? toMember(byEmail) : null;
  }

  async changeRole(workspaceId: string, id: string, role: Role, now: Date): Promise<MemberRecord | null> {
    const doc = await this.members.findOneAndUpdate(
      scoped(workspaceId, { _id: id }),
      { $set: { role, updatedAt: now } },
      { returnDocument: 'after' },
    );
    return doc ? toMember(doc) : null;
  }

  async deleteMember(workspaceId: string, id: string): Promise<MemberRecord | null> {
    const doc = await this.members.findOneAndDelete(scoped(workspaceId, { _id: id }));
    return doc ? toMember(doc) : null;
  }
}
