import { History } from './history';

describe('History', () => {
  it('undoes to the previous state and redoes to the undone one', () => {
    const history = new History<string>();
    history.record('a');
    history.record('b');
    expect(history.undo('c')).toBe('b');
    expect(history.undo('b')).toBe('a');
    expect(history.undo('a')).toBeUndefined();
    expect(history.redo('a')).toBe('b');
    expect(history.redo('b')).toBe('c');
    expect(history.canRedo).toBe(false);
  });

  it('forgets the redo branch when a new edit is recorded', () => {
    const history = new History<string>();
    history.record('a');
    history.undo('b');
    history.record('a');
    expect(history.canRedo).toBe(false);
  });

  it('keeps at most `limit` steps', () => {
    const history = new History<number>(2);
    [1, 2, 3].forEach((n) => history.record(n));
    expect(history.undo(4)).toBe(3);
    expect(history.undo(3)).toBe(2);
    expect(history.canUndo).toBe(false);
  });
});
