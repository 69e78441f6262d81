/** The token stream under the parser: look-ahead, matching, nesting limit and error building. */
import { ExpressionError } from './expression-error';
import { tokenize, type Token } from './tokenizer';

export const MAX_EXPRESSION_DEPTH = 32;

/** Names that lead to prototypes; rejected wherever a name may appear. */
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

export class TokenCursor {
  private readonly tokens: Token[];
  protected index = 0;
  private depth = 0;

  constructor(protected readonly source: string) {
    this.tokens = tokenize(source);
  }

  protected nested<T>(token: Token, parse: () => T): T {
    if (++this.depth > MAX_EXPRESSION_DEPTH) {
      throw this.error(`Expression nests deeper than ${MAX_EXPRESSION_DEPTH} levels`, token);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  protected rejectForbidden(token: Token): void {
    if (FORBIDDEN_NAMES.has(token.text)) {
      throw this.error(`The name '${token.text}' is not allowed`, token, 'it could reach object internals');
    }
  }

  protected expect(text: string, description = `'${text}'`): void {
    const token = this.peek();
    if (!this.isOp(token, text)) throw this.error(`Expected ${description}`, token);
    this.index++;
  }

  protected error(reason: string, token: Token, hint?: string): ExpressionError {
    const found = token.kind === 'eof' ? 'found end of input' : `found '${token.text}'`;
    return new ExpressionError(reason, token.position, this.source, hint ?? found);
  }

  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  protected next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.index++;
    return token;
  }

  protected isOp(token: Token, text: string): boolean {
    return token.kind === 'op' && token.text === text;
  }

  protected isKeyword(token: Token, keyword: string): boolean {
    return token.kind === 'name' && token.text === keyword;
  }
}
