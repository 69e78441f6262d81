/**
 * Documents to journey language. A spreadsheet's rows are steps (timing, channel, message,
 * segment, condition columns, found by their header names), each written as a sentence of a
 * brief; a text document's paragraphs are read as prose. Every sentence remembers where it came
 * from, so a row or paragraph that cannot be understood is named in the error.
 */
import { parseBrief } from '../brief/parse-brief';
import { DesignError } from '../design/design-error';
import { findDuration } from '../language/durations';
import { findChannel } from '../language/lexicon';
import { splitSentences } from '../language/sentences';
import type { DocumentContent, MappedSource, TableRow } from './document-content';

export interface DocumentBrief {
  brief: string;
  mapping: MappedSource[];
  /** Paragraphs that were not about the journey (headings, background prose), left out. */
  ignored: string[];
}

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

function columnOf(header: string): Column | undefined {
  return COLUMN_NAMES.find(([, pattern]) => pattern.test(header.trim()))?.[0];
}

/** A spreadsheet's rows as brief sentences: "Wait 2 days. If they are VIP, send a welcome email." */
export function tableToBrief(headers: string[], rows: TableRow[]): DocumentBrief {
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
    const day = /^(?:day|d)\s*(\d+)$/i.exec(timing);
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
  return checked(sentences, []);
}

const LOOKS_LIKE_A_STEP =
  /\b(?:send|email|sms|text|push|whatsapp|wait|after \d|days?|hours?|if they|when (?:a|they|someone|customers?)|remind|notify|split|a\/b|tag|goal|conversion|exit|unsubscribe|no more than|at most)\b/i;

/** A text document's paragraphs as a brief; paragraphs without journey words are left out. */
export function paragraphsToBrief(paragraphs: string[]): DocumentBrief {
  const sentences: { text: string; location: string }[] = [];
  const ignored: string[] = [];
  paragraphs.forEach((paragraph, i) => {
    const text = paragraph.replace(/\s+/g, ' ').trim();
    if (text === '') return;
    if (!LOOKS_LIKE_A_STEP.test(text)) {
      ignored.push(`paragraph ${i + 1}: "${text.slice(0, 80)}"`);
      return;
    }
    for (const sentence of splitSentences(text))
      sentences.push({ text: sentence, location: `paragraph ${i + 1}` });
  });
  return checked(sentences, ignored);
}

/** Reads the sentences as one brief; a sentence not understood is an error naming its source. */
function checked(sentences: { text: string; location: string }[], ignored: string[]): DocumentBrief {
  if (sentences.length === 0) {
    throw new DesignError(
      'document_not_understood',
      'The document describes no step of a journey (no messages, waits or conditions were found)',
    );
  }
  const brief = sentences.map((s) => `${s.text.replace(/[.!]+$/, '')}.`).join('\n');
  const plan = parseBrief(brief);
  for (const unparsed of plan.unparsed) {
    const source = sentences.find((s) => s.text.replace(/[.!]+$/, '').trim() === unparsed);
    const where = source?.location ?? 'the document';
    throw new DesignError(
      'document_not_understood',
      `${where[0].toUpperCase()}${where.slice(1)} could not be understood: "${unparsed}". Describe the step as e.g. "Day 2 | Email | Welcome" or "After 2 days, send a reminder SMS"`,
      where,
    );
  }
  return { brief, mapping: sentences.map((s) => ({ location: s.location, text: s.text })), ignored };
}

export function documentToBrief(content: DocumentContent): DocumentBrief {
  return content.kind === 'table'
    ? tableToBrief(content.headers, content.rows)
    : paragraphsToBrief(content.paragraphs);
}
