import { validateGraph } from '@kalcifer/journey';
import type { CorpusCase } from './corpus/brief-corpus';
import { missingStructure } from './corpus/expected-structure';
import { MARKETER_BRIEFS } from './corpus/marketer-briefs';
import { FRESH_BRIEFS } from './corpus/fresh-briefs';
import { UNSEEN_BRIEFS } from './corpus/unseen-briefs';
import { VARIED_BRIEFS } from './corpus/varied-briefs';
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

/** FRESH_BRIEFS: written after every change, committed with this list, not tuned on. */
const FRESH_MISSES: Record<number, string> = {
  2: "', and one week later an email ...': a second message that starts with its delay is not split from the first",
  5: "'Split new sign-ups 70/30: ...': the trigger inside a split sentence is not read (manual entry)",
  7: "a second 'if they still have not after another 3 days, ...' inside the same sentence is not read as a second window",
  10: "'lapsed buyers, meaning people who haven't purchased in 6 months' is not read as the audience; 'Keep it to 2 messages a week maximum' (the limit word last) is not read as a cap",
};

/**
 * VARIED_BRIEFS: 25 briefs from other industries and phrasings, committed with this list before
 * the designer was changed for them. First score: 3/25.
 */
const VARIED_MISSES: Record<number, string> = {
  1: "an event outside the vocabulary ('an item ... is back in stock') is not read, so the entry is manual",
  2: "'an admin creates a workspace' is no known event (manual entry); 'send X unless they have invited a teammate' after a delay is not read as a window for that event; 'invite a teammate' is no known goal",
  3: "'KYC is approved' is no known event; the sentences after the split are lost ('made a deposit' is no known event, so the window and the SMS are missing)",
  4: "quiet hours ('no messages before 9am or after 9pm') are not read: no send window",
  5: "'Player completes the tutorial' is no known event, and 'push ...' / 'an email ...' without a verb are not read as sends: nothing designed",
  7: "'requests a demo' is no known event, and 'notify the sales team in Slack' (a system after the noun) is not read as a webhook",
  8: "'an order ships' is read as a purchase (the word 'order') instead of a new event order_shipped",
  10: "a first list item without 'when' ('Customer opens a savings account') is not read as the trigger ('opens' is an email open)",
  11: "'players who haven't played in 14 days': 'players' is no audience word and 'played' no activity, so the segment is lost",
  12: "'2 days after a missed appointment' (the trigger at the end, after a delay) is not read: manual entry and no wait",
  14: "'the price drops' is no known event; 'send a push' at the end of the trigger sentence is lost",
  15: "'an invoice is overdue' is no known event; 'fall back to SMS' is not read as a send",
  16: "quiet hours ('only send between 8am and 8pm') are not read: no send window",
  17: "'a stay ends' is no known event; 'If they have, tag them' (the other branch with a bare auxiliary) is not read",
  18: "'run a three-way test: a third get ...' (shares written as words) is not read as a split: nothing designed",
  19: "'a prescription is filled' is no known event; 'reordered' is not read as an order, so the window and the webhook are lost",
  20: "a title sentence ('Webinar follow-up') stops the brief, and 'the webinar ends' is no known event: nothing designed",
  21: "'(only for customers in Germany)' is read as a segment entry, and the rest of that sentence is lost; '10 days after the order' is not an offset from the trigger",
  22: "'If they have not resubscribed by then' after 'wait 30 days' ('resubscribed' is not read as subscribing): no wait for the event, the win-back email and the exit are lost",
  23: "'at noon' is not read as a time, so the schedule and the sentence are lost: nothing designed",
  24: "'a member enrols in the program' is no known event (and 'enrol' suggests an API enrolment), 'logged a workout' is no known goal; the cap written as 'Limit: 5 messages per week' is not read",
  25: "shorthand offsets ('email at 1h, sms at 24h') and 'stop on purchase' are not read",
};

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
