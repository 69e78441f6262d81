/** Hand-written tokenizer: one pass, positions kept for error messages. */
import { ExpressionError } from './expression-error';

export type TokenKind = 'number' | 'string' | 'name' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token (for `string`, the decoded value). */
  text: string;
  position: number;
  /** Decoded value of number and string literals. */
  value?: number | string;
}

// Longest first, so `<=` wins over `<`.
const OPERATORS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '!',
  '(',
  ')',
  '[',
  ']',
  ',',
  '.',
  '+',
  '-',
  '*',
  '/',
  '%',
];

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '/': '/',
};

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (isDigit(ch)) {
      const match = /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      match.lastIndex = i;
      const text = match.exec(source)![0];
      if (isNameStart(source[i + text.length] ?? '')) {
        throw new ExpressionError('A number must not run into a name', i + text.length, source);
      }
      tokens.push({ kind: 'number', text, position: i, value: Number(text) });
      i += text.length;
    } else if (ch === "'" || ch === '"') {
      const { value, end } = readString(source, i);
      tokens.push({ kind: 'string', text: value, position: i, value });
      i = end;
    } else if (isNameStart(ch)) {
      let end = i + 1;
      while (end < source.length && isNamePart(source[end])) end++;
      tokens.push({ kind: 'name', text: source.slice(i, end), position: i });
      i = end;
    } else {
      const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
      if (op === undefined) throw unexpectedCharacter(source, i);
      tokens.push({ kind: 'op', text: op, position: i });
      i += op.length;
    }
  }
  tokens.push({ kind: 'eof', text: '', position: source.length });
  return tokens;
}

function readString(source: string, start: number): { value: string; end: number } {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === quote) return { value, end: i + 1 };
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === 'u') {
        const hex = source.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex))
          throw new ExpressionError('Expected 4 hex digits after \\u', i, source);
        value += String.fromCharCode(parseInt(hex, 16));
        i += 6;
        continue;
      }
      if (next === undefined || !(next in ESCAPES)) {
        throw new ExpressionError(
          'Unknown escape sequence',
          i,
          source,
          'use \\\\, \\\', \\", \\n, \\t or \\uXXXX',
        );
      }
      value += ESCAPES[next];
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new ExpressionError(`Unterminated string: expected a closing ${quote}`, start, source);
}

function unexpectedCharacter(source: string, i: number): ExpressionError {
  const ch = source[i];
  const hints: Record<string, string> = {
    '=': "use '==' to compare",
    '&': "use '&&' or 'and'",
    '|': "use '||' or 'or'",
  };
  return new ExpressionError(`Unexpected character '${ch}'`, i, source, hints[ch]);
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

function isNameStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_' || ch === '$';
}

function isNamePart(ch: string): boolean {
  return isNameStart(ch) || isDigit(ch);
}
