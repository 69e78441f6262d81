/** Graph-level rules of the kinds whose outputs come from their config (ab_split, parallel, custom_code). */
import { graph } from '../__tests__/harness';
import { validateGraph } from './index';

const split = {
  variants: [
    { name: 'a', percent: 50 },
    { name: 'b', percent: 50 },
  ],
};

describe('validateGraph with config-defined outputs', () => {
  it('requires an edge for every ab_split variant', () => {
    const result = validateGraph(
      graph(
        [
          ['start', 'manual_entry'],
          ['split', 'ab_split', split],
          ['x', 'exit'],
        ],
        [
          ['start', 'next', 'split'],
          ['split', 'variant:a', 'x'],
        ],
      ),
    );
    expect(result.errors).toEqual([
      {
        code: 'missing_output',
        nodeId: 'split',
        message:
          'Node "split" (ab_split) has no "variant:b" edge; add an edge leaving by "variant:b" (every variant needs an edge, or its customers would be stranded)',
      },
    ]);
  });

  it('requires an edge for every parallel branch and rejects undeclared ones', () => {
    const result = validateGraph(
      graph(
        [
          ['start', 'manual_entry'],
          ['fork', 'parallel', { branches: ['x', 'y'] }],
          ['end1', 'exit'],
          ['end2', 'exit'],
        ],
        [
          ['start', 'next', 'fork'],
          ['fork', 'branch:x', 'end1'],
          ['fork', 'branch:z', 'end2'],
        ],
      ),
    );
    expect(result.errors.map((e) => [e.code, e.message])).toEqual([
      [
        'invalid_output',
        'Node "fork" (parallel) has no output "branch:z" (edge to "end2"); use "branch:x" or "branch:y"',
      ],
      [
        'missing_output',
        'Node "fork" (parallel) has no "branch:y" edge; add an edge leaving by "branch:y" (every declared branch needs an edge)',
      ],
    ]);
  });

  it('accepts custom_code edges for next, error and the declared outputs only', () => {
    const nodes: Array<[string, 'manual_entry' | 'custom_code' | 'exit', Record<string, unknown>?]> = [
      ['start', 'manual_entry'],
      ['code', 'custom_code', { code: 'return {}', outputs: ['hot'] }],
      ['e1', 'exit'],
      ['e2', 'exit'],
      ['e3', 'exit'],
    ];
    const good = validateGraph(
      graph(nodes, [
        ['start', 'next', 'code'],
        ['code', 'hot', 'e1'],
        ['code', 'error', 'e2'],
        ['code', 'next', 'e3'],
      ]),
    );
    expect(good).toEqual({ ok: true, errors: [] });
    const bad = validateGraph(
      graph(nodes, [
        ['start', 'next', 'code'],
        ['code', 'cold', 'e1'],
        ['code', 'error', 'e2'],
        ['code', 'next', 'e3'],
      ]),
    );
    expect(bad.errors.map((e) => e.message)).toEqual([
      'Node "code" (custom_code) has no output "cold" (edge to "e1"); use "next" or "error" or "hot"',
    ]);
  });
});
