/**
 * Table rows (from a spreadsheet, or pasted into a brief) to brief sentences: timing, channel,
 * message, segment, condition and trigger columns, found by their header names.
 */
import { DesignError } from '../design/design-error';
import { findDuration } from '../language/durations';
import { findChannel } from '../language/lexicon';
import type { TableRow } from './document-content';

type Column = 'step' | 'timing' | 'channel' | 'message' | 'segment' | 'condition' | 'trigger';

const COLUMN_NAMES: [Column, RegExp][] = [
  ['trigger', /^(?:trigger|entry|starts? when|event)$/i],
  ['timing', /^(?:timing|when|day|delay|wait|send (?:time|on|after)|schedule|time)$/i],
  ['channel', /^(?:channel|medium|via|type)$/i],
  ['message', /^(?:message|content|subject|template|title|description|action|step name|name|email|copy)$/i],
  ['segment', /^(?:segment|audience|target|who|recipients)$/i],
  ['condition', /^(?:condition|if|rule|only if|criteria)$/i],
  ['step', /^(?:step|#|no\.?|number|order)$/i],
];

export function columnOf(header: string): Column | undefined {
  return COLUMN_NAMES.find(([, pattern]) => pattern.test(header.trim()))?.[0];
}

/** A table's rows as brief sentences, each with its row: "Wait 2 days", "If they are VIP, send ...". */
export function tableSentences(headers: string[], rows: TableRow[]): { text: string; location: string }[] {
  const columns = new Map<Column, string>();
  for (const header of headers) {
    const column = columnOf(header);
    if (column !== undefined && !columns.has(column)) columns.set(column, header);
  }
  if (!columns.has('message') && !columns.has('channel')) {
    throw new DesignError(
      'document_not_understood',
      `Row 1 (the header row) names no message or channel column; found ${headers.map((h) => `"${h}"`).join(', ')}. Name columns e.g. Timing, Channel, Message, Segment, Condition`,
      'row 1',
    );
  }
  const cell = (row: TableRow, column: Column): string => {
    const header = columns.get(column);
    return header === undefined ? '' : (row.cells[header] ?? '').trim();
  };
  const sentences: { text: string; location: string }[] = [];
  let lastDay: number | undefined;
  for (const row of rows) {
    if (Object.values(row.cells).every((value) => value.trim() === '')) continue;
    const location = `row ${row.row}`;
    const trigger = cell(row, 'trigger');
    const channel = cell(row, 'channel');
    const message = cell(row, 'message');
    if (trigger !== '' || /^(?:trigger|entry|start)$/i.test(channel)) {
      const what = trigger !== '' ? trigger : message;
      sentences.push({
        text: `When ${/^(?:a|the|someone|they|customers?)\b/i.test(what) ? what : `a customer ${what}`}`,
        location,
      });
      if (trigger === '' || (channel === '' && message === '')) continue;
    }
    const timing = cell(row, 'timing');
    // "Day 3", or a bare 3 in a column headed "Day".
    const day =
      /^(?:day|d)\s*(\d+)$/i.exec(timing) ??
      (/\bdays?\b/i.test(columns.get('timing') ?? '') ? /^(\d+)$/.exec(timing) : null);
    if (day !== null) {
      const gap = Number(day[1]) - (lastDay ?? 0);
      lastDay = Number(day[1]);
      if (gap > 0) sentences.push({ text: `Wait ${gap} day${gap === 1 ? '' : 's'}`, location });
    } else if (timing !== '' && !/^(?:immediately|now|at once|day 0|on entry|0)$/i.test(timing)) {
      const duration = findDuration(timing);
      if (duration === undefined) {
        throw new DesignError(
          'document_not_understood',
          `Row ${row.row}: the timing "${timing}" is not understood; write e.g. "Day 3", "after 2 days" or "immediately"`,
          location,
        );
      }
      sentences.push({ text: `Wait ${timing.replace(/^(?:after|wait|\+)\s*/i, '')}`, location });
    }
    const channelWord = channel === '' || findChannel(channel) !== undefined ? channel : '';
    if (channel !== '' && channelWord === '') {
      throw new DesignError(
        'document_not_understood',
        `Row ${row.row}: the channel "${channel}" is not one of email, SMS, push, WhatsApp or webhook`,
        location,
      );
    }
    const quoted = message.length > 40 ? ` saying "${message.replace(/"/g, "'")}"` : '';
    const topic = quoted === '' ? message.replace(/[.,;:]/g, ' ') : '';
    const action = `send a ${topic} ${channelWord}${quoted}`.replace(/\s+/g, ' ').trim();
    const segment = cell(row, 'segment');
    const condition = cell(row, 'condition');
    const guard =
      condition !== ''
        ? condition.replace(/^if\s+/i, '')
        : segment !== '' && !/^(?:all|everyone|all customers)$/i.test(segment)
          ? `they are ${segment}`
          : '';
    sentences.push({ text: guard === '' ? action : `If ${guard}, ${action}`, location });
  }
  return sentences;
}
