import type { JourneyOccupancy } from '../api/api-models';
import { countByNode, perVersionText, totalAt } from './count-by-node';

const occupancy = (...nodes: [number, string, number][]): JourneyOccupancy => ({
  journeyId: 'j1',
  perVersion: {},
  nodes: nodes.map(([version, nodeId, customers]) => ({ version, nodeId, customers })),
});

describe('countByNode', () => {
  it('counts the customers standing at each node, per version', () => {
    const counts = countByNode(occupancy([1, 'wait', 2], [2, 'sms', 1], [2, 'wait', 1]));
    expect(totalAt(counts, 'wait')).toBe(3);
    expect(perVersionText(counts, 'wait')).toBe('v1: 2, v2: 1');
    expect(totalAt(counts, 'sms')).toBe(1);
    expect(totalAt(counts, 'entry')).toBe(0);
    expect(perVersionText(counts, 'entry')).toBe('');
  });
});
