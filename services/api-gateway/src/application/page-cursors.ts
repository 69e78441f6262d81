import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalid } from '@kalcifer/platform';

/** The paged lists; a cursor of one is refused by the others. */
export type PagedList = 'journeys' | 'instances' | 'audit' | `deliveries:${string}`;

const MAC_BYTES = 12;
const TOKEN = /^([A-Za-z0-9_-]{1,700})\.([A-Za-z0-9_-]{16})$/;

/**
 * The `cursor` of a paged list, as the API hands it out and takes it back: the store's position
 * (a journey id, an audit id...) with an HMAC over the list, the workspace and the position. A
 * cursor the gateway did not issue (made up, cut, edited, or another list's or workspace's) is
 * refused with 400 invalid_cursor instead of silently paging from wherever it points.
 */
export class PageCursors {
  constructor(private readonly key: Buffer) {}

  /** Derived from KALCIFER_ENCRYPTION_KEY (every replica has the same one), so any replica opens any cursor. */
  static fromSecret(secret: string | undefined): PageCursors {
    return new PageCursors(
      createHmac('sha256', 'kalcifer page cursor v1')
        .update(secret ?? '')
        .digest(),
    );
  }

  /** The cursor of the next page; null (the last page) stays null. */
  issue(list: PagedList, workspaceId: string, position: string | null | undefined): string | null {
    if (position === null || position === undefined || position === '') return null;
    const encoded = Buffer.from(position, 'utf8').toString('base64url');
    return `${encoded}.${this.mac(list, workspaceId, position).toString('base64url')}`;
  }

  /** The store's position of a cursor this gateway issued for this list and workspace; undefined for none. */
  open(list: PagedList, workspaceId: string, cursor: string | undefined): string | undefined {
    if (cursor === undefined || cursor === '') return undefined;
    const match = TOKEN.exec(cursor);
    if (match) {
      const position = Buffer.from(match[1], 'base64url').toString('utf8');
      const given = Buffer.from(match[2], 'base64url');
      const expected = this.mac(list, workspaceId, position);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return position;
    }
    throw invalidCursor();
  }

  private mac(list: PagedList, workspaceId: string, position: string): Buffer {
    return createHmac('sha256', this.key)
      .update(`${list}\u0000${workspaceId}\u0000${position}`)
      .digest()
      .subarray(0, MAC_BYTES);
  }
}

export function invalidCursor() {
  const message =
    'cursor is invalid: it is not a nextCursor this API issued for this list (malformed, changed, or from another list or workspace); pass nextCursor back unchanged, or leave cursor out to start from the first page';
  return invalid('invalid_cursor', message, { issues: [{ path: 'cursor', message }] });
}
