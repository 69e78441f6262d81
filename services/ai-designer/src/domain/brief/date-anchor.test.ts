import { validateGraph } from '@kalcifer/journey';
import { designOffline } from '../design/offline-designer';
import { parseBrief } from './parse-brief';

const waits = (brief: string): unknown[] =>
  parseBrief(brief).steps.filter((step) => step.kind === 'wait_until');

describe('a time counted from a date in the profile', () => {
  it.each([
    ['Send a push 30 minutes before the class starts.', 'classStartDate', '-PT30M'],
    ['24 hours before their departure date, push a check-in reminder.', 'departureDate', '-PT24H'],
    ['Email them two weeks before the enrolment deadline.', 'enrolmentDeadline', '-P14D'],
    ['Text them 2 hours after the reservation time.', 'reservationTime', 'PT2H'],
    ['The day before the event date, send an SMS with directions.', 'eventDate', '-P1D'],
    ['The day after their check-out date, email a survey.', 'checkOutDate', 'P1D'],
    ['Wait until 3 days before their renewal date, then email them.', 'renewalDate', '-P3D'],
  ])('reads "%s" as a wait until %s with offset %s', (sentence, attribute, offset) => {
    expect(waits(`When a customer signs up, send a welcome email. ${sentence}`)).toEqual([
      { kind: 'wait_until', attribute, offset },
    ]);
  });

  it('reads "on the <name> date" as the date itself, without an offset', () => {
    expect(waits('When a prescription is filled, text them. On the refill date itself, email them.')).toEqual(
      [{ kind: 'wait_until', attribute: 'refillDate' }],
    );
  });

  it('reads "the appointment" and "it" after a date as that date', () => {
    const plan = parseBrief(
      'When a patient books, text them. Two days before the appointment date, email a reminder, and 2 hours before the appointment, text them again. The week before it, push a note.',
    );
    expect(plan.steps.filter((step) => step.kind === 'wait_until')).toEqual([
      { kind: 'wait_until', attribute: 'appointmentDate', offset: '-P2D' },
      { kind: 'wait_until', attribute: 'appointmentDate', offset: '-PT2H' },
      { kind: 'wait_until', attribute: 'appointmentDate', offset: '-P7D' },
    ]);
    expect(plan.unparsed).toEqual([]);
  });

  it('designs a valid graph whose wait_until carries the offset, and explains it', () => {
    const design = designOffline(
      'When a member books a yoga class, confirm by email. Send a push 30 minutes before the class starts.',
    );
    expect(validateGraph(design.graph).errors).toEqual([]);
    expect(design.graph.nodes.find((node) => node.type === 'wait_until')?.config).toEqual({
      attribute: 'classStartDate',
      offset: '-PT30M',
    });
    expect(design.explanation).toContain('Wait until 30 minutes before the date in the profile attribute');
  });

  it('leaves a wait counted from the trigger alone ("3 days after the order")', () => {
    expect(waits('When someone orders, email them. 3 days after the order, send a review request.')).toEqual(
      [],
    );
  });
});
