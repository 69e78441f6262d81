/**
 * Roles and what they may do. Each role includes the ones below it:
 * viewer reads; editor also creates, edits and publishes journeys, enrolls and sends events;
 * admin also manages keys, members, provider credentials, quotas and caps.
 */
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route needs: `public` routes authenticate by other means (a URL secret, a signature). */
export type Permission = 'public' | 'read' | 'write' | 'admin';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };
const NEEDED: Record<Exclude<Permission, 'public'>, Role> = {
  read: 'viewer',
  write: 'editor',
  admin: 'admin',
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return permission === 'public' || RANK[role] >= RANK[NEEDED[permission]];
}

/** The lowest role holding a permission (for error messages). */
export function roleNeeded(permission: Exclude<Permission, 'public'>): Role {
  return NEEDED[permission];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Keys created before roles had three levels were `member`: they keep what they could do. */
export function normaliseRole(stored: string): Role {
  if (stored === 'member') return 'editor';
  return isRole(stored) ? stored : 'viewer';
}
