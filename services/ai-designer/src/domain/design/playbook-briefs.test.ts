import { PLAYBOOK_BRIEFS } from './corpus/playbook-briefs';
import { heldOutSuite } from './corpus/held-out-suite';

/**
 * PLAYBOOK_BRIEFS: written before any rule was changed for the misses of STRATEGY_BRIEFS and
 * scored once, as the designer stood: 6/24 (FIRST_SCORE, commit 0c98b35), the unseen figure. Then
 * general rules for what both sets missed (document-rules.test.ts): 24/24, so tuned on now. The
 * floor is that score: never fewer.
 */
const FIRST_SCORE = 6;
const SCORE_AFTER_GENERAL_RULES = 24;

it('has at least 20 held-out playbook briefs', () => {
  expect(PLAYBOOK_BRIEFS.length).toBeGreaterThanOrEqual(20);
});

heldOutSuite('held-out playbook briefs', PLAYBOOK_BRIEFS, SCORE_AFTER_GENERAL_RULES, `${FIRST_SCORE} unseen`);
