/**
 * Recursive-descent parser. Precedence, loosest first:
 *   `||`/`or`, `&&`/`and`, `not`, `== !=`, `< <= > >= in not-in contains`, `+ -`, `* / %`,
 *   unary `! -`, then literals, arrays, calls, paths and parentheses.
 * `not` binds looser than comparisons (as in Python: `not a == b` is `not (a == b)`), `!` binds
 * tight (as in JavaScript). Comparisons do not chain: `a < b < c` is an error, not a surprise.
 */
import {
  EXPRESSION_FUNCTIONS,
  EXPRESSION_ROOTS,
  type BinaryOperator,
  type ExpressionFunction,
  type ExpressionNode,
  type ExpressionRoot,
} from './ast';
import { ExpressionError } from './expression-error';
import { TokenCursor } from './token-cursor';
import type { Token } from './tokenizer';

export { MAX_EXPRESSION_DEPTH } from './token-cursor';

export const MAX_EXPRESSION_LENGTH = 2000;

const KEYWORDS = new Set(['true', 'false', 'null', 'and', 'or', 'not', 'in', 'contains']);

const ARITY: Record<ExpressionFunction, number> = {
  exists: 1,
  lower: 1,
  upper: 1,
  len: 1,
  now: 0,
  days: 1,
  hours: 1,
  minutes: 1,
  hasTag: 1,
};

export function parse(source: string): ExpressionNode {
  if (typeof source !== 'string') {
    throw new ExpressionError('An expression must be a string', 0, String(source));
  }
  if (source.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(
      `Expression is longer than ${MAX_EXPRESSION_LENGTH} characters; split the logic across condition nodes`,
      MAX_EXPRESSION_LENGTH,
      source,
    );
  }
  if (source.trim() === '') throw new ExpressionError('Expected an expression', 0, source, 'found nothing');
  return new Parser(source).parseAll();
}

class Parser extends TokenCursor {
  parseAll(): ExpressionNode {
    const node = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'eof') {
      throw this.error('Expected an operator or the end of the expression', token);
    }
    return node;
  }

  private parseOr(): ExpressionNode {
    let left = this.parseAnd();
    for (
      let token = this.peek();
      this.isOp(token, '||') || this.isKeyword(token, 'or');
      token = this.peek()
    ) {
      this.index++;
      left = { type: 'logical', operator: '||', left, right: this.parseAnd(), position: token.position };
    }
    return left;
  }

  private parseAnd(): ExpressionNode {
    let left = this.parseNot();
    for (
      let token = this.peek();
      this.isOp(token, '&&') || this.isKeyword(token, 'and');
      token = this.peek()
    ) {
      this.index++;
      left = { type: 'logical', operator: '&&', left, right: this.parseNot(), position: token.position };
    }
    return left;
  }

  private parseNot(): ExpressionNode {
    const token = this.peek();
    if (this.isKeyword(token, 'not')) {
      this.index++;
      return this.nested(token, () => ({
        type: 'unary',
        operator: '!',
        operand: this.parseNot(),
        position: token.position,
      }));
    }
    return this.parseEquality();
  }

  private parseEquality(): ExpressionNode {
    const left = this.parseRelational();
    const token = this.peek();
    if (!this.isOp(token, '==') && !this.isOp(token, '!=')) return left;
    this.index++;
    const node: ExpressionNode = {
      type: 'binary',
      operator: token.text as BinaryOperator,
      left,
      right: this.parseRelational(),
      position: token.position,
    };
    const next = this.peek();
    if (this.isOp(next, '==') || this.isOp(next, '!=')) {
      throw this.error('Comparisons cannot be chained; combine them with && or and', next);
    }
    return node;
  }

  private parseRelational(): ExpressionNode {
    const left = this.parseAdditive();
    const token = this.peek();
    const operator = this.relationalOperator();
    if (operator === undefined) return left;
    const node: ExpressionNode = {
      type: 'binary',
      operator,
      left,
      right: this.parseAdditive(),
      position: token.position,
    };
    const next = this.peek();
    if (this.relationalOperator(false) !== undefined) {
      throw this.error('Comparisons cannot be chained; combine them with && or and', next);
    }
    return node;
  }

  /** Reads a relational operator if one is next (consuming it unless `consume` is false). */
  private relationalOperator(consume = true): BinaryOperator | undefined {
    const token = this.peek();
    let operator: BinaryOperator | undefined;
    let width = 1;
    if (token.kind === 'op' && ['<', '<=', '>', '>='].includes(token.text))
      operator = token.text as BinaryOperator;
    else if (this.isKeyword(token, 'in')) operator = 'in';
    else if (this.isKeyword(token, 'contains')) operator = 'contains';
    else if (this.isKeyword(token, 'not') && this.isKeyword(this.peek(1), 'in')) {
      operator = 'not in';
      width = 2;
    }
    if (operator !== undefined && consume) this.index += width;
    return operator;
  }

  private parseAdditive(): ExpressionNode {
    let left = this.parseMultiplicative();
    for (let token = this.peek(); this.isOp(token, '+') || this.isOp(token, '-'); token = this.peek()) {
      this.index++;
      const right = this.parseMultiplicative();
      left = {
        type: 'binary',
        operator: token.text as BinaryOperator,
        left,
        right,
        position: token.position,
      };
    }
    return left;
  }

  private parseMultiplicative(): ExpressionNode {
    let left = this.parseUnary();
    for (
      let token = this.peek();
      this.isOp(token, '*') || this.isOp(token, '/') || this.isOp(token, '%');
      token = this.peek()
    ) {
      this.index++;
      const right = this.parseUnary();
      left = {
        type: 'binary',
        operator: token.text as BinaryOperator,
        left,
        right,
        position: token.position,
      };
    }
    return left;
  }

  private parseUnary(): ExpressionNode {
    const token = this.peek();
    if (this.isOp(token, '!') || this.isOp(token, '-')) {
      this.index++;
      return this.nested(token, () => ({
        type: 'unary',
        operator: token.text as '!' | '-',
        operand: this.parseUnary(),
        position: token.position,
      }));
    }
    return this.parsePrimary();
  }

  private parsePrimary(): ExpressionNode {
    const token = this.next();
    switch (token.kind) {
      case 'number':
        return { type: 'literal', value: token.value as number, position: token.position };
      case 'string':
        return { type: 'literal', value: token.value as string, position: token.position };
      case 'name':
        return this.parseName(token);
      case 'op':
        if (token.text === '(') {
          return this.nested(token, () => {
            const inner = this.parseOr();
            this.expect(')');
            return inner;
          });
        }
        if (token.text === '[') return this.nested(token, () => this.parseArray(token));
        throw this.error('Expected a value, a path or a function call', token);
      case 'eof':
        throw this.error('Expected a value, a path or a function call', token);
    }
  }

  private parseName(token: Token): ExpressionNode {
    const name = token.text;
    if (name === 'true' || name === 'false')
      return { type: 'literal', value: name === 'true', position: token.position };
    if (name === 'null') return { type: 'literal', value: null, position: token.position };
    if (KEYWORDS.has(name)) throw this.error(`Expected a value before '${name}'`, token);
    this.rejectForbidden(token);
    if (this.isOp(this.peek(), '(')) return this.parseCall(token);
    if (!(EXPRESSION_ROOTS as readonly string[]).includes(name)) {
      const hint = (EXPRESSION_FUNCTIONS as readonly string[]).includes(name)
        ? `${name} is a function: write ${name}(...)`
        : `a path starts with ${EXPRESSION_ROOTS.join(', ')}; quote text as 'text'`;
      throw this.error(`Unknown name '${name}'`, token, hint);
    }
    const segments: string[] = [];
    while (this.isOp(this.peek(), '.')) {
      this.index++;
      const segment = this.next();
      if (segment.kind !== 'name') throw this.error("Expected a property name after '.'", segment);
      this.rejectForbidden(segment);
      segments.push(segment.text);
    }
    return { type: 'path', root: name as ExpressionRoot, segments, position: token.position };
  }

  private parseCall(token: Token): ExpressionNode {
    const name = token.text;
    if (!(EXPRESSION_FUNCTIONS as readonly string[]).includes(name)) {
      throw this.error(
        `Unknown function '${name}'`,
        token,
        `known functions: ${EXPRESSION_FUNCTIONS.join(', ')}`,
      );
    }
    const fn = name as ExpressionFunction;
    const open = this.next();
    const args = this.nested(open, () => this.parseList(')'));
    if (args.length !== ARITY[fn]) {
      const expected = ARITY[fn] === 0 ? 'no arguments' : `${ARITY[fn]} argument`;
      throw this.error(`${fn}() takes ${expected}`, token, `found ${args.length}`);
    }
    if (fn === 'exists' && args[0].type !== 'path') {
      throw this.error('exists() takes a path such as customer.email', token);
    }
    return { type: 'call', name: fn, args, position: token.position };
  }

  private parseArray(open: Token): ExpressionNode {
    return { type: 'array', elements: this.parseList(']'), position: open.position };
  }

  /** Comma-separated expressions up to `close` (already past the opening bracket). */
  private parseList(close: ')' | ']'): ExpressionNode[] {
    const items: ExpressionNode[] = [];
    if (this.isOp(this.peek(), close)) {
      this.index++;
      return items;
    }
    for (;;) {
      items.push(this.parseOr());
      const token = this.peek();
      if (this.isOp(token, ',')) {
        this.index++;
        continue;
      }
      this.expect(close, `',' or '${close}'`);
      return items;
    }
  }
}
