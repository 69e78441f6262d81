import { summarisePlans, type InstanceState, type MigrationOutcome } from '@kalcifer/journey';
import { PlanTally } from './plan-tally';

const at = (id: string, ...nodes: string[]) =>
  ({
    id,
    tokens: nodes.map((nodeId, i) => ({ id: `t${i}`, nodeId, state: 'waiting' })),
  }) as unknown as InstanceState;
const moved = (kind: 'migrated' | 'exited' | 'held', ...moves: Array<[string, string | null]>) =>
  ({ kind, moves: moves.map(([from, to]) => ({ from, to })) }) as unknown as MigrationOutcome;
const unchanged = { kind: 'unchanged', reason: 'not in the first 50%' } as MigrationOutcome;

describe('PlanTally', () => {
  it('adds page summaries up to the summary of all outcomes at once, groups in first-seen order', () => {
    const outcomes = [
      { before: at('a', 'hold'), outcome: moved('migrated', ['hold', 'hold']) },
      { before: at('b', 'hold'), outcome: unchanged },
      { before: at('c', 'gone'), outcome: moved('exited', ['gone', null]) },
      { before: at('d', 'hold'), outcome: moved('migrated', ['hold', 'hold']) },
      { before: at('e', 'left', 'right'), outcome: moved('held', ['left', null], ['right', null]) },
      { before: at('f', 'gone'), outcome: moved('exited', ['gone', null]) },
      { before: at('g', 'later'), outcome: unchanged },
    ];
    const tally = new PlanTally();
    for (const page of [outcomes.slice(0, 2), outcomes.slice(2, 5), [], outcomes.slice(5)])
      tally.add(summarisePlans(page));
    expect(tally.summary()).toEqual(summarisePlans(outcomes));
  });

  it('answers an empty dry run with zeros', () => {
    expect(new PlanTally().summary()).toEqual(summarisePlans([]));
  });
});
