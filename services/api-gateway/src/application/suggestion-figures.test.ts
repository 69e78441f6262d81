import { suggestionFigures } from './suggestion-figures';

describe('suggestionFigures', () => {
  it('sums each node over its versions: entered, and the customers who left the journey there as droppedOff', () => {
    expect(
      suggestionFigures([
        { nodeId: 'wait_3d', entered: 400, ended: 150 },
        { nodeId: 'email_1', entered: 500, ended: 0 },
        { nodeId: 'wait_3d', entered: 100, ended: 30 },
      ]),
    ).toEqual([
      { nodeId: 'email_1', entered: 500, droppedOff: 0 },
      { nodeId: 'wait_3d', entered: 500, droppedOff: 180 },
    ]);
  });

  it('gives no opened figure, which analytics does not count per node', () => {
    const [figure] = suggestionFigures([{ nodeId: 'email_1', entered: 80, ended: 2 }]);
    expect(figure).not.toHaveProperty('opened');
  });

  it('gives nothing for a journey nobody entered', () => {
    expect(suggestionFigures([])).toEqual([]);
  });
});
