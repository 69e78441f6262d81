import { validateGraph } from '@kalcifer/journey';
import { missingStructure } from './corpus/expected-structure';
import { STRATEGY_BRIEFS } from './corpus/strategy-briefs';
import { DesignError } from './design-error';
import { designOffline } from './offline-designer';

/**
 * STRATEGY_BRIEFS: first score, taken before any rule was changed for offsets from a date or for
 * the misses of NEW_BRIEFS: 3/20 (commit 96e3d7e). Scored again once those rules were in, without
 * looking at these briefs: 11/20, the unseen figure. Then general rules were written for what they
 * and PLAYBOOK_BRIEFS missed (document-rules.test.ts: titles and headings name no event, context
 * is no step, triggers inside other sentences, goals and exits written other ways...): 20/20, so
 * tuned on now (see PLAYBOOK_BRIEFS). The floor is that score: never fewer.
 */
const FIRST_SCORE = 3;
const UNSEEN_SCORE = 11;
const SCORE_AFTER_GENERAL_RULES = 20;

function missesOf(brief: string, c: (typeof STRATEGY_BRIEFS)[number]): string[] {
  try {
    const graph = designOffline(brief).graph;
    return missingStructure(graph, c);
  } catch (error) {
    if (error instanceof DesignError) return [`not designed: ${error.message}`];
    throw error;
  }
}

describe('the offline designer on the held-out strategy briefs', () => {
  it('has 20 of them', () => {
    expect(STRATEGY_BRIEFS).toHaveLength(20);
  });

  it.each(STRATEGY_BRIEFS.map((c, i) => [i + 1, c] as const))(
    'gives brief %i a valid graph or a clear refusal',
    (_n, c) => {
      try {
        expect(validateGraph(designOffline(c.brief).graph).errors).toEqual([]);
      } catch (error) {
        expect(error).toBeInstanceOf(DesignError);
      }
    },
  );

  it(`designs at least ${SCORE_AFTER_GENERAL_RULES} of them with the expected structure (${FIRST_SCORE} at first, ${UNSEEN_SCORE} unseen)`, () => {
    const lines: string[] = [];
    STRATEGY_BRIEFS.forEach((c, i) => {
      const missing = missesOf(c.brief, c);
      if (missing.length > 0)
        lines.push(`#${i + 1} "${c.brief.slice(0, 50).replace(/\s+/g, ' ')}...": ${missing.join(', ')}`);
    });
    const hits = STRATEGY_BRIEFS.length - lines.length;
    console.log(
      `offline designer, held-out strategy briefs: ${hits}/${STRATEGY_BRIEFS.length} with the expected structure\n${lines.join('\n')}`,
    );
    expect(hits).toBeGreaterThanOrEqual(SCORE_AFTER_GENERAL_RULES);
  });
});
