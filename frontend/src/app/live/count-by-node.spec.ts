import type { Instance } from '../api/api-models';
import { countByNode, perVersionText, totalAt } from './count-by-node';

const instance = (version: number, ...nodes: string[]): Instance =>
  ({ version, state: { tokens: nodes.map((nodeId) => ({ nodeId, state: 'waiting' })) } }) as Instance;

describe('countByNode', () => {
  it('counts the customers standing at each node, per version', () => {
    const counts = countByNode([
      instance(1, 'wait'),
      instance(1, 'wait'),
      instance(2, 'wait'),
      instance(2, 'sms'),
    ]);
    expect(totalAt(counts, 'wait')).toBe(3);
    expect(perVersionText(counts, 'wait')).toBe('v1: 2, v2: 1');
    expect(totalAt(counts, 'sms')).toBe(1);
    expect(totalAt(counts, 'entry')).toBe(0);
  });

  it('counts a customer once per node even with two paths there, and on each node of a parallel split', () => {
    const counts = countByNode([instance(1, 'join', 'join', 'email')]);
    expect(totalAt(counts, 'join')).toBe(1);
    expect(totalAt(counts, 'email')).toBe(1);
  });
});
