import { validateGraph } from '@kalcifer/journey';
import { DesignError } from '../design-error';
import { designOffline } from '../offline-designer';
import type { CorpusCase } from './brief-corpus';
import { missingStructure } from './expected-structure';

/** What the offline designer's graph for `c` lacks of its expected structure (or why none came). */
function missesOf(c: CorpusCase): string[] {
  try {
    return missingStructure(designOffline(c.brief).graph, c);
  } catch (error) {
    if (error instanceof DesignError) return [`not designed: ${error.message}`];
    throw error;
  }
}

/**
 * The tests of a held-out set of briefs: each gets a valid graph or a clear refusal, and at least
 * `floor` of them the expected structure (the score is printed with each miss).
 */
export function heldOutSuite(
  name: string,
  cases: ReadonlyArray<CorpusCase>,
  floor: number,
  scoreNote: string,
): void {
  describe(`the offline designer on the ${name}`, () => {
    it.each(cases.map((c, i) => [i + 1, c] as const))(
      'gives brief %i a valid graph or a clear refusal',
      (_n, c) => {
        try {
          expect(validateGraph(designOffline(c.brief).graph).errors).toEqual([]);
        } catch (error) {
          expect(error).toBeInstanceOf(DesignError);
        }
      },
    );

    it(`designs at least ${floor} of them with the expected structure (${scoreNote})`, () => {
      const lines: string[] = [];
      cases.forEach((c, i) => {
        const missing = missesOf(c);
        if (missing.length > 0)
          lines.push(`#${i + 1} "${c.brief.slice(0, 50).replace(/\s+/g, ' ')}...": ${missing.join(', ')}`);
      });
      const hits = cases.length - lines.length;
      console.log(
        `offline designer, ${name}: ${hits}/${cases.length} with the expected structure\n${lines.join('\n')}`,
      );
      expect(hits).toBeGreaterThanOrEqual(floor);
    });
  });
}
