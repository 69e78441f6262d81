import { validateGraph } from '@kalcifer/journey';
import { BRIEF_CORPUS } from './corpus/brief-corpus';
import { missingStructure } from './corpus/expected-structure';
import { HELD_OUT_CORPUS } from './corpus/held-out-corpus';
import { designOffline } from './offline-designer';

describe('the offline designer on the brief corpus', () => {
  it('has at least 40 briefs', () => {
    expect(BRIEF_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(BRIEF_CORPUS.map((c, i) => [i + 1, c] as const))(
    'designs a valid, laid-out graph for brief %i',
    (_n, c) => {
      const design = designOffline(c.brief);
      expect(validateGraph(design.graph).errors).toEqual([]);
      for (const node of design.graph.nodes) expect(node.position).toBeDefined();
      expect(design.explanation.length).toBeGreaterThan(20);
    },
  );

  it('gives the expected structure for at least 90% of the briefs, and reports the hit rate', () => {
    const misses: string[] = [];
    for (const [i, c] of BRIEF_CORPUS.entries()) {
      const missing = missingStructure(designOffline(c.brief).graph, c);
      if (missing.length > 0)
        misses.push(`#${i + 1} "${c.brief.slice(0, 60)}...": missing ${missing.join(', ')}`);
    }
    const hits = BRIEF_CORPUS.length - misses.length;
    const rate = hits / BRIEF_CORPUS.length;
    console.log(
      `offline designer corpus: ${hits}/${BRIEF_CORPUS.length} briefs with the expected structure (${(rate * 100).toFixed(1)}%)` +
        (misses.length > 0 ? `\n${misses.join('\n')}` : ''),
    );
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it('designs valid graphs for the held-out briefs and reports their hit rate (not tuned on)', () => {
    const misses: string[] = [];
    for (const [i, c] of HELD_OUT_CORPUS.entries()) {
      const design = designOffline(c.brief);
      expect(validateGraph(design.graph).errors).toEqual([]);
      const missing = missingStructure(design.graph, c);
      if (missing.length > 0)
        misses.push(`#${i + 1} "${c.brief.slice(0, 60)}...": missing ${missing.join(', ')}`);
    }
    const hits = HELD_OUT_CORPUS.length - misses.length;
    console.log(
      `offline designer held-out briefs: ${hits}/${HELD_OUT_CORPUS.length} with the expected structure` +
        (misses.length > 0 ? `\n${misses.join('\n')}` : ''),
    );
  });
});
