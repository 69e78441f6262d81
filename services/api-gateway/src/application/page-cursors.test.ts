import { AppError } from '@kalcifer/platform';
import { PageCursors } from './page-cursors';

const cursors = PageCursors.fromSecret('a-secret');

function refusal(run: () => unknown): AppError | undefined {
  try {
    run();
  } catch (err) {
    return err as AppError;
  }
  return undefined;
}

describe('PageCursors', () => {
  it('opens the cursor it issued, for the same list and workspace, to the store position', () => {
    const cursor = cursors.issue('journeys', 'ws_a', 'jr_Q2x9')!;
    expect(cursor).not.toContain('jr_Q2x9');
    expect(cursors.open('journeys', 'ws_a', cursor)).toBe('jr_Q2x9');
    // Another replica with the same secret opens it too.
    expect(PageCursors.fromSecret('a-secret').open('journeys', 'ws_a', cursor)).toBe('jr_Q2x9');
  });

  it('issues no cursor on the last page, and reads an absent one as the first page', () => {
    expect(cursors.issue('instances', 'ws_a', '')).toBeNull();
    expect(cursors.issue('instances', 'ws_a', null)).toBeNull();
    expect(cursors.open('instances', 'ws_a', undefined)).toBeUndefined();
    expect(cursors.open('instances', 'ws_a', '')).toBeUndefined();
  });

  it('refuses a made-up, edited, cut or foreign cursor with 400 invalid_cursor saying to start over', () => {
    const cursor = cursors.issue('journeys', 'ws_a', 'jr_Q2x9')!;
    const [position, mac] = cursor.split('.');
    const attempts: Record<string, () => unknown> = {
      'a raw id': () => cursors.open('journeys', 'ws_a', 'jr_Q2x9'),
      garbage: () => cursors.open('journeys', 'ws_a', '%%%.???'),
      'another position': () =>
        cursors.open('journeys', 'ws_a', `${Buffer.from('jr_zzz').toString('base64url')}.${mac}`),
      'an edited signature': () =>
        cursors.open('journeys', 'ws_a', `${position}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`),
      'a cut one': () => cursors.open('journeys', 'ws_a', cursor.slice(0, -1)),
      'another list': () => cursors.open('instances', 'ws_a', cursor),
      'another workspace': () => cursors.open('journeys', 'ws_b', cursor),
      'another secret': () => PageCursors.fromSecret('other').open('journeys', 'ws_a', cursor),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      const err = refusal(attempt);
      expect({ what, kind: err?.kind, code: err?.code }).toEqual({
        what,
        kind: 'invalid',
        code: 'invalid_cursor',
      });
      expect(err?.message).toMatch(/^cursor is invalid: .* leave cursor out to start from the first page$/);
    }
  });
});
