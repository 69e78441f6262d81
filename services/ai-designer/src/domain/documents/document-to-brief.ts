/**
 * Documents to journey language. A spreadsheet's rows are steps (timing, channel, message,
 * segment, condition columns, found by their header names), each written as a sentence of a
 * brief; a text document's paragraphs are read as prose. Every sentence remembers where it came
 * from, so a row or paragraph that cannot be understood is named in the error.
 */
import { parseBrief } from '../brief/parse-brief';
import { DesignError } from '../design/design-error';
import { splitSentences } from '../language/sentences';
import type { DocumentContent, MappedSource, TableRow } from './document-content';
import { tableSentences } from './table-sentences';

export interface DocumentBrief {
  brief: string;
  mapping: MappedSource[];
  /** Paragraphs that were not about the journey (headings, background prose), left out. */
  ignored: string[];
}

/** A spreadsheet's rows as brief sentences: "Wait 2 days. If they are VIP, send a welcome email." */
export function tableToBrief(headers: string[], rows: TableRow[]): DocumentBrief {
  return checked(tableSentences(headers, rows), []);
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
