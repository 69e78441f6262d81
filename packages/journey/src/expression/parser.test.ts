import { ExpressionError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, parseExpression } from './index';

function parseError(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} not to parse`);
}

describe('parseExpression', () => {
  it('parses a comparison into a plain AST with positions', () => {
    expect(parseExpression("customer.plan == 'pro'")).toEqual({
      type: 'binary',
      operator: '==',
      left: { type: 'path', root: 'customer', segments: ['plan'], position: 0 },
      right: { type: 'literal', value: 'pro', position: 17 },
      position: 14,
    });
  });

  it.each([
    '42',
    '3.14',
    '1e3',
    "'single'",
    '"double"',
    "'it\\'s'",
    '"line\\nbreak \\u00e9"',
    'true',
    'false',
    'null',
    '[1, 2, 3]',
    '[]',
    "['a', [1, null]]",
    'customer.address.city',
    'context.orderId',
    'event.properties.amount',
    'event.properties.$browser',
    '!customer.vip',
    'not customer.vip',
    '-customer.score < -5',
    'customer.a == 1 && customer.b != 2 || customer.c',
    'customer.a == 1 and customer.b != 2 or not customer.c',
    "'pro' in ['pro', 'team']",
    "customer.plan not in ['free']",
    "customer.tags contains 'vip'",
    '(customer.a || customer.b) && customer.c',
    'exists(customer.email)',
    'lower(customer.email) == upper(customer.email)',
    'len(customer.tags) >= 2',
    'event.timestamp > now() - days(3) + hours(1) - minutes(5)',
    'customer.score * 2 / 3 % 2 > 0',
  ])('accepts %s', (source) => {
    expect(() => parseExpression(source)).not.toThrow();
  });

  it('binds && tighter than ||', () => {
    const ast = parseExpression('customer.a || customer.b && customer.c');
    expect(ast).toMatchObject({ operator: '||', right: { operator: '&&' } });
  });

  it('binds `not` looser than comparison and `!` tighter', () => {
    expect(parseExpression('not customer.a == 1')).toMatchObject({
      type: 'unary',
      operand: { operator: '==' },
    });
    expect(parseExpression('!customer.a == 1')).toMatchObject({ type: 'binary', left: { type: 'unary' } });
  });

  it('returns the same frozen AST for the same source (parsed once, evaluated many times)', () => {
    const first = parseExpression('customer.plan == "cached"');
    expect(parseExpression('customer.plan == "cached"')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });
});

describe('parse errors say where and what was expected', () => {
  it('reports a missing closing parenthesis with its column', () => {
    const error = parseError('(customer.a == 1');
    expect(error.message).toBe('Expected \')\' at column 17 of "(customer.a == 1" (found end of input)');
    expect(error.position).toBe(16);
  });

  it.each([
    ["customer.plan = 'pro'", "Unexpected character '=' at column 15", "use '==' to compare"],
    ['customer.a & customer.b', "Unexpected character '&'", "use '&&' or 'and'"],
    ["customer.plan == 'pro", "Unterminated string: expected a closing ' at column 18", ''],
    ['customer.a ==', 'Expected a value, a path or a function call at column 14', 'found end of input'],
    ['customer.', "Expected a property name after '.' at column 10", ''],
    ['customer.a 1', 'Expected an operator or the end of the expression at column 12', "found '1'"],
    ['[1, 2', "Expected ',' or ']' at column 6", ''],
    ['1 < 2 < 3', 'Comparisons cannot be chained', ''],
    ['customer.a == 1 == true', 'Comparisons cannot be chained', ''],
    ['plan == 1', "Unknown name 'plan' at column 1", 'a path starts with customer, context, event'],
    ['now > 1', "Unknown name 'now'", 'now is a function: write now(...)'],
    [
      'foo(1)',
      "Unknown function 'foo'",
      'known functions: exists, lower, upper, len, now, days, hours, minutes, hasTag',
    ],
    ['lower()', 'lower() takes 1 argument', 'found 0'],
    ['now(1)', 'now() takes no arguments', 'found 1'],
    ["exists('x')", 'exists() takes a path such as customer.email', ''],
    ["'\\q'", 'Unknown escape sequence', ''],
    ['12abc', 'A number must not run into a name', ''],
    ['customer.a and', 'Expected a value, a path or a function call', ''],
    ['in', "Expected a value before 'in'", ''],
    ['', 'Expected an expression at column 1', 'found nothing'],
  ])('%j -> %s', (source, message, hint) => {
    const error = parseError(source);
    expect(error.message).toContain(message);
    expect(error.message).toContain(hint);
  });

  it('shows a window of a long expression rather than all of it', () => {
    const source = `${'customer.a == 1 && '.repeat(20)}customer.b ==`;
    const message = parseError(source).message;
    expect(message).toContain('…');
    expect(message.length).toBeLessThan(250);
  });
});

describe('prototype access is impossible: the names are rejected at parse time', () => {
  it.each([
    'customer.__proto__',
    'customer.__proto__.polluted',
    'constructor.constructor',
    "customer.constructor.constructor('return process')()",
    'customer.prototype',
    'context.a.constructor',
    '__proto__',
    'exists(event.__proto__)',
  ])('rejects %s', (source) => {
    expect(parseError(source).message).toMatch(/The name '(__proto__|constructor|prototype)' is not allowed/);
  });

  it('has no syntax for computed access or calling a value', () => {
    expect(() => parseExpression("customer['__proto__']")).toThrow(ExpressionError);
    expect(() => parseExpression('customer.toString()')).toThrow(ExpressionError);
  });
});

describe('limits', () => {
  it(`rejects expressions longer than ${MAX_EXPRESSION_LENGTH} characters`, () => {
    const source = `customer.a == '${'x'.repeat(MAX_EXPRESSION_LENGTH)}'`;
    expect(parseError(source).message).toContain(`longer than ${MAX_EXPRESSION_LENGTH} characters`);
  });

  it(`rejects nesting deeper than ${MAX_EXPRESSION_DEPTH} levels`, () => {
    const ok = `${'('.repeat(MAX_EXPRESSION_DEPTH - 1)}1${')'.repeat(MAX_EXPRESSION_DEPTH - 1)}`;
    expect(() => parseExpression(ok)).not.toThrow();
    const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH + 1)}1${')'.repeat(MAX_EXPRESSION_DEPTH + 1)}`;
    expect(parseError(deep).message).toContain(`nests deeper than ${MAX_EXPRESSION_DEPTH} levels`);
    expect(parseError(`${'!'.repeat(100)}true`).message).toContain('nests deeper');
    expect(parseError(`${'['.repeat(100)}`).message).toContain('nests deeper');
  });
});
