import { validateGraph } from '@kalcifer/journey';
import type { CorpusCase } from './corpus/brief-corpus';
import { missingStructure } from './corpus/expected-structure';
import { MARKETER_BRIEFS } from './corpus/marketer-briefs';
import { FRESH_BRIEFS } from './corpus/fresh-briefs';
import { UNSEEN_BRIEFS } from './corpus/unseen-briefs';
import { VARIED_BRIEFS } from './corpus/varied-briefs';
import { LAST_BRIEFS } from './corpus/last-briefs';
import { NEW_BRIEFS } from './corpus/new-briefs';
import { designOffline } from './offline-designer';

/**
 * Briefs the offline designer still gets wrong, by number (1-based), with the reason. A brief
 * listed here that the designer now gets right fails the test, so the lists stay true.
 * MARKETER_BRIEFS scored 13/37 when committed, before the designer was improved on them.
 */
const MARKETER_MISSES: Record<number, string> = {};

/**
 * UNSEEN_BRIEFS were written after those improvements; first score 6/12 (commit e03e240). Then
 * general rules for what they missed (channel synonyms, events written noun-first, a schedule
 * inside a sentence, interjections, any verb for a named system, the window given in the other
 * branch's sentence): 12/12. Tuned on since, so see FRESH_BRIEFS for an unseen score.
 */
const UNSEEN_MISSES: Record<number, string> = {};

/**
 * FRESH_BRIEFS: written after every change, committed with this list, not tuned on (8/12). Not
 * tuned on since either; #2 is designed right since the general rule that a clause opening with
 * its delay (", and one week later an email") is a new step (9/12); #7 and #10 since ", and if
 * they still have not after another 3 days" opens a sentence of its own and "lapsed buyers,
 * meaning people who ..." is the audience defined (11/12), rules written with NEW_BRIEFS'; #5 since
 * the people a split names by what they did are its trigger ("Split new sign-ups 70/30"), a rule
 * written for the misses of STRATEGY_BRIEFS and PLAYBOOK_BRIEFS (12/12).
 */
const FRESH_MISSES: Record<number, string> = {};

/**
 * VARIED_BRIEFS: 25 briefs from other industries and phrasings, committed with this list before
 * the designer was changed for them. First score: 3/25 (commit 31ef995, each miss listed with
 * its reason there). Then general rules for what they missed: events outside the vocabulary named
 * from their clause (derived-events.ts), quiet hours and send windows, "X unless Y" and an "if"
 * after its action, the bare "if they have" answering a negated conditional, fallbacks of
 * fallbacks nested, offsets counted from the trigger ("at 24h", "10 days after the order"), a
 * delay inside a message clause, splits written in words ("a third get ..."), a greeting or
 * title before the trigger, an audience of any plural noun, a list opening with the trigger
 * clause: 25/25. Tuned on since, so see LAST_BRIEFS for an unseen score.
 */
const VARIED_MISSES: Record<number, string> = {};

/**
 * LAST_BRIEFS: 10 briefs written after every change made for VARIED_BRIEFS, committed with this
 * list and not tuned on: 2/10 (commit 97ee605, each miss listed with its reason there). Then general
 * rules for what they missed: a verb after its auxiliary with no object is the event ("haven't
 * redeemed", "don't confirm within 15 minutes"), "they've" is subject and auxiliary, a particle
 * followed by a time counted from before ("checked in 6 hours later") is the event's window, "for
 * <any plural> on/in/with ..." opening a sentence is the audience, a goal ends at a semicolon and
 * may be the noun of a verb ("a paid subscription"), quiet hours written end first, a question
 * inside a chain of arrows is a conditional, words between a percentage and "discount": 10/10.
 * Tuned on since, so see NEW_BRIEFS for an unseen score.
 */
const LAST_MISSES: Record<number, string> = {};

/**
 * NEW_BRIEFS: 15 briefs written after every change made for LAST_BRIEFS, committed with their
 * expected structure before the designer was run on them (commit 4b609aa), then scored without
 * tuning: 6/15, the honest figure for briefs the designer has not seen. Then general rules for
 * what they missed (see grammar-rules.test.ts), each written for a form of English, not a brief:
 * a noun of a verb as the trigger ("New course enrolment:"), an object before its number
 * ("lesson one") and "within N days" as a window rather than a lapse, caps written as a habit
 * ("keep it to one push per day", "never email a donor more than once a week"), a thing that
 * "has been delivered", a question answered by the next sentence ("No top-up within 24 hours? Send
 * a push."), "no <noun of a verb>" as that event not done, "if still nothing after a day", a
 * state written "still unpaid" (not paid), any word for a person as a subject ("a listener"), a
 * "Target ...:" heading as the audience, "right after their first donation" as the trigger of
 * making one, "<people> who <act> must ..." as the trigger, "2 days after that, if it's still not
 * done" as the next window: 15/15. Tuned on since, so see STRATEGY_BRIEFS for an unseen score.
 */
const NEW_MISSES: Record<number, string> = {};

function missesOf(c: CorpusCase): string[] {
  try {
    const graph = designOffline(c.brief).graph;
    const errors = validateGraph(graph).errors.map((error) => `invalid graph: ${error.message}`);
    return errors.length > 0 ? errors : missingStructure(graph, c);
  } catch (error) {
    return [`not designed: ${(error as Error).message}`];
  }
}

function heldOutSet(name: string, briefs: CorpusCase[], knownMisses: Record<number, string>): void {
  describe(`the offline designer on ${name}`, () => {
    const cases = briefs.map((c, i) => [i + 1, c] as const);

    it.each(cases.filter(([n]) => knownMisses[n] === undefined))(
      'designs brief %i with a valid graph and the expected structure',
      (_n, c) => {
        const design = designOffline(c.brief);
        expect(validateGraph(design.graph).errors).toEqual([]);
        expect(missingStructure(design.graph, c)).toEqual([]);
      },
    );

    const misses = cases.filter(([n]) => knownMisses[n] !== undefined);
    // jest refuses an empty table: with no known miss there is nothing to check here.
    if (misses.length > 0)
      it.each(misses)(
        'still misses brief %i (a known miss: remove it from the list once it is designed right)',
        (n, c) => {
          expect(missesOf(c)).not.toEqual([]);
          expect(knownMisses[n]).not.toBe('');
        },
      );

    it('reports the hit rate', () => {
      const lines: string[] = [];
      for (const [n, c] of cases) {
        const missing = missesOf(c);
        if (missing.length > 0)
          lines.push(`#${n} "${c.brief.slice(0, 50).replace(/\s+/g, ' ')}...": ${missing.join(', ')}`);
      }
      console.log(
        `offline designer, ${name}: ${cases.length - lines.length}/${cases.length} with the expected structure\n${lines.join('\n')}`,
      );
      expect(lines.length).toBe(Object.keys(knownMisses).length);
    });
  });
}

it('has at least 30 held-out marketer briefs', () => {
  expect(MARKETER_BRIEFS.length).toBeGreaterThanOrEqual(30);
});

heldOutSet('held-out marketer briefs', MARKETER_BRIEFS, MARKETER_MISSES);
heldOutSet('unseen briefs (written after the improvements)', UNSEEN_BRIEFS, UNSEEN_MISSES);
heldOutSet('fresh briefs (written last, not tuned on)', FRESH_BRIEFS, FRESH_MISSES);
heldOutSet('varied briefs (other industries and phrasings)', VARIED_BRIEFS, VARIED_MISSES);
heldOutSet('last briefs (2/10 unseen, tuned on since)', LAST_BRIEFS, LAST_MISSES);
heldOutSet('new briefs (6/15 unseen, tuned on since)', NEW_BRIEFS, NEW_MISSES);
