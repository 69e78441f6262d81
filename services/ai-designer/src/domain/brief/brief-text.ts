/**
 * The layout of a brief before its sentences are read: rows pasted from a spreadsheet (tabs,
 * pipes or commas) become sentences like a document's rows; "Day 5: ..." markers become waits
 * between the days; arrows ("someone orders -> send ...") read as "when ..., then".
 */
import { DesignError } from '../design/design-error';
import type { TableRow } from '../documents/document-content';
import { columnOf, tableSentences } from '../documents/table-sentences';
import { findDuration } from '../language/durations';
import { eventOf, findChannel } from '../language/lexicon';
import { splitSentences } from '../language/sentences';

/** The brief's sentences, with rows, day markers and arrows turned into plain sentences. */
export function briefSentences(brief: string): string[] {
  const plain = brief
    // "**Entry:** invoice overdue", "## Steps": markdown emphasis and heading marks are no words.
    .replace(/\*\*|(?<!\w)__|__(?!\w)/g, '')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    // "abandoned checkout > 30 min > email": two or more ' > ' on a line are arrows.
    .replace(/^.*\s>\s.*\s>\s.*$/gm, (line) => line.replace(/\s>\s/g, ' → '))
    // "email; no order in 1 day → sms": on a line of arrows, a semicolon ends one chain.
    .replace(/^.*(?:->|→|=>|⇒).*$/gm, (line) => line.replace(/\s*;\s*/g, '\n'))
    // Shorthand: "sms w/ 5% code", "3 msgs/wk" (not inside an address).
    .replace(/(^|\s)w\/(?=\s)/gi, '$1with')
    .replace(/\bmsgs?\b/gi, 'messages')
    .replace(
      /(?<=\b[a-z]+)\/(wk|week|day|mo|month)\b(?![\w/.])/gi,
      (_whole, unit: string) =>
        ` per ${{ wk: 'week', mo: 'month' }[unit.toLowerCase()] ?? unit.toLowerCase()}`,
    );
  // "... → no review after 4 days? send a push → ...": a question inside a chain of arrows is a
  // condition whose answer follows it, not the end of a sentence.
  const chains = rowsAsSentences(plain).replace(/^.*(?:->|→|=>|⇒).*$/gm, (line) =>
    line.replace(/\?\s+(?=\S)/g, ` ${QUESTION} `),
  );
  return dayMarkers(answeredQuestions(splitSentences(chains)).flatMap(arrows));
}

/** A question that asks whether something happened: a negation, "still", or a time in it. */
const CONDITION_QUESTION =
  /^(?:if\b|(?:still\s+)?(?:no|not|nothing|never)\b)|\b(?:haven't|hasn't|didn't|don't|doesn't|not|no|still|never)\b/i;

/**
 * "No top-up within 24 hours? Send a push.": a question that asks whether something happened,
 * then its answer, is a conditional sentence ("If no top-up within 24 hours, send a push").
 */
function answeredQuestions(sentences: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i++) {
    const question = /^(.+?)\s*\?$/.exec(sentences[i])?.[1];
    const answer = sentences[i + 1];
    if (question !== undefined && answer !== undefined && CONDITION_QUESTION.test(question)) {
      out.push(`If ${question.replace(/^if\s+/i, '')}, ${answer.replace(/^./, (c) => c.toLowerCase())}`);
      i += 1;
    } else out.push(sentences[i]);
  }
  return out;
}

// --- rows -------------------------------------------------------------------------------------------

function cellsOf(line: string): string[] | undefined {
  const text = line.trim();
  if (text.includes('\t')) return text.split('\t').map((cell) => cell.trim());
  if ((text.match(/\|/g) ?? []).length >= 2) {
    return text
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
  }
  const commas = text.split(',').map((cell) => cell.trim());
  // A CSV row: three or more short cells (prose has long clauses between its commas).
  if (commas.length >= 3 && commas.every((cell) => cell.split(/\s+/).length <= 8)) return commas;
  return undefined;
}

const TIMING_CELL = /^(?:(?:day|d)\s*\d+|\d+|immediately|now|at once|on entry|(?:after|\+)?\s*\d+\s*\w+)$/i;

/** Header names for rows without a header row, from what the cells hold. */
function inferHeaders(rows: string[][]): string[] | undefined {
  const width = rows[0].length;
  const headers = Array.from({ length: width }, (_, column) => {
    const cells = rows.map((row) => row[column] ?? '').filter((cell) => cell !== '');
    if (cells.length === 0) return `column ${column + 1}`;
    if (
      cells.every(
        (cell) =>
          TIMING_CELL.test(cell) &&
          (/^\d+$/.test(cell) ||
            findDuration(cell) !== undefined ||
            /day|immediately|now|once|entry/i.test(cell)),
      )
    ) {
      return cells.every((cell) => /^\d+$/.test(cell)) ? 'Day' : 'Timing';
    }
    if (cells.every((cell) => findChannel(cell) !== undefined && cell.split(/\s+/).length <= 3))
      return 'Channel';
    return `column ${column + 1}`;
  });
  const message = headers.findIndex((header) => header.startsWith('column'));
  if (message !== -1) headers[message] = 'Message';
  return headers.includes('Channel') || headers.includes('Message') ? headers : undefined;
}

/** A run of two or more rows as brief sentences; the text unchanged where nothing fits. */
function rowsAsSentences(brief: string): string {
  const lines = brief.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    const run: string[][] = [];
    let j = i;
    for (; j < lines.length; j++) {
      if (/^\s*\|?\s*:?-{3,}/.test(lines[j])) continue; // a markdown rule under the header
      const cells = cellsOf(lines[j]);
      if (cells === undefined || (run.length > 0 && cells.length !== run[0].length)) break;
      run.push(cells);
    }
    if (run.length < 2) {
      out.push(lines[i]);
      i += 1;
      continue;
    }
    const sentences = tableText(run);
    if (sentences === undefined) out.push(...lines.slice(i, j));
    else out.push(...sentences);
    i = j;
  }
  return out.join('\n');
}

function tableText(run: string[][]): string[] | undefined {
  const named = run[0].map((cell) => columnOf(cell));
  const hasHeader = named.includes('channel') || named.includes('message');
  const headers = hasHeader ? run[0] : inferHeaders(run);
  if (headers === undefined) return undefined;
  const body = hasHeader ? run.slice(1) : run;
  const rows: TableRow[] = body.map((cells, i) => ({
    row: i + (hasHeader ? 2 : 1),
    cells: Object.fromEntries(headers.map((header, column) => [header, cells[column] ?? ''])),
  }));
  try {
    return tableSentences(headers, rows).map((sentence) => `${sentence.text}.`);
  } catch (error) {
    if (error instanceof DesignError) return undefined;
    throw error;
  }
}

// --- day markers and arrows -------------------------------------------------------------------------

/** "Day 0: welcome email. Day 3: SMS": the steps of each day, with a wait for the days between. */
function dayMarkers(sentences: string[]): string[] {
  let lastDay: number | undefined;
  const out: string[] = [];
  // "New subscribers: day 0 welcome email, day 2 SMS, day 5 push": markers inside one sentence.
  const pieces = sentences.flatMap((sentence) =>
    (sentence.match(/(?:^|[,;:]\s*)(?:on\s+)?day\s*\d{1,3}\b/gi) ?? []).length >= 2
      ? sentence.split(/[,;:]\s*(?:and\s+)?(?=(?:on\s+)?day\s*\d{1,3}\b)/i)
      : [sentence],
  );
  for (const sentence of pieces) {
    const marker = /^(?:on\s+)?(?:day|d)\s*(\d{1,3})\s*(?:[:,.)–—-]\s*|\s+)(.+)$/i.exec(sentence);
    if (marker === null) {
      out.push(sentence);
      continue;
    }
    const day = Number(marker[1]);
    const gap = day - (lastDay ?? 0);
    lastDay = day;
    if (gap > 0) out.push(`Wait ${gap} day${gap === 1 ? '' : 's'}`);
    out.push(marker[2]);
  }
  return out;
}

/** "Someone places an order -> send ..." reads "When someone places an order, then send ...". */
function arrows(sentence: string): string[] {
  const parts = sentence.split(/\s*(?:->|→|=>|⇒)\s*/);
  if (parts.length === 1) return [sentence.replaceAll(QUESTION, '?')];
  // "no review after 4 days? send a push": the question opens a conditional sentence of its own,
  // its answer and what follows it the steps; "still nothing? stop" leaves nothing to do.
  const sentences: string[][] = [[]];
  for (const part of parts) {
    const pieces = part.replace(/\?\s*$/, ` ${QUESTION}`).split(QUESTION);
    for (const [i, piece] of pieces.entries()) {
      const text = piece.trim();
      if (i < pieces.length - 1) sentences.push([`If ${text.replace(/^if\s+/i, '')},`]);
      else if (text !== '') sentences[sentences.length - 1].push(text);
    }
  }
  const [first, ...conditionals] = sentences;
  const out: string[] = [];
  if (first.length > 0) {
    const [head, ...rest] = first;
    const opening =
      eventOf(head) !== undefined && !/^(?:when|whenever|once|after|if|as soon as)\b/i.test(head)
        ? // "no order in 1 day → sms": an event not done is a condition, not a trigger.
          `${/^(?:no|not|never|still no)\b/i.test(head) ? 'If' : 'When'} ${head.replace(/^./, (c) => c.toLowerCase())}`
        : head;
    out.push(rest.length === 0 ? opening : `${opening}, then ${rest.join(', then ')}`);
  }
  for (const [question, ...steps] of conditionals) {
    if (steps.length === 0 || /^(?:stop|end|exit|nothing|done|that's it)\b/i.test(steps[0])) continue;
    out.push(`${question} ${steps.join(', then ')}`);
  }
  return out;
}

/** Marks a question mark inside a chain of arrows while the brief is split into sentences. */
const QUESTION = '\u0001';
