import { evaluateCondition, evaluateExpression, isTruthy, type ExpressionScope } from './index';

const NOW = Date.UTC(2025, 0, 10);

const scope: ExpressionScope = {
  customer: {
    email: 'Ada@Example.com',
    plan: 'pro',
    score: 42,
    vip: true,
    tags: ['beta', 'vip'],
    address: { city: 'Paris', zip: null },
    signedUpAt: NOW - 5 * 86_400_000,
    nested: { list: [{ a: 1 }] },
  },
  context: { orderId: 'o-1', amount: 120 },
  event: { id: 'e1', name: 'purchase', properties: { amount: 99.5, sku: 'X' }, timestamp: NOW },
  now: NOW,
};

const run = (source: string, s: ExpressionScope = scope): unknown => evaluateExpression(source, s);

describe('evaluateExpression', () => {
  it.each([
    ['customer.plan', 'pro'],
    ['customer.address.city', 'Paris'],
    ['context.orderId', 'o-1'],
    ['event.properties.amount', 99.5],
    ['event.name', 'purchase'],
    ["customer.plan == 'pro'", true],
    ['customer.plan != "pro"', false],
    ['customer.score > 40 && customer.score <= 42', true],
    ['customer.score < 10 or customer.vip', true],
    ["'b' < 'c'", true],
    ['not customer.vip', false],
    ['!customer.vip', false],
    ["'vip' in customer.tags", true],
    ["'gold' in customer.tags", false],
    ["'gold' not in customer.tags", true],
    ["customer.tags contains 'beta'", true],
    ["'example' in lower(customer.email)", true],
    ["customer.email contains '@'", true],
    ['[1, 2] == [1, 2]', true],
    ['customer.address == null', false],
    ['customer.address == customer.address', true],
    ['1 == "1"', false],
    ['lower(customer.email)', 'ada@example.com'],
    ['upper(customer.plan)', 'PRO'],
    ['len(customer.tags)', 2],
    ["len('four')", 4],
    ['len(customer.address)', 2],
    ['now()', NOW],
    ['days(2)', 2 * 86_400_000],
    ['hours(1.5)', 5_400_000],
    ['minutes(5)', 300_000],
    ['customer.signedUpAt < now() - days(3)', true],
    ['customer.score * 2 - 4', 80],
    ['customer.score % 5', 2],
    ['-customer.score', -42],
    ["'a' + 'b'", 'ab'],
    ['exists(customer.email)', true],
    ['exists(customer.address.zip)', false],
    ['exists(customer.nope.deeper)', false],
    ['customer.nested.list', [{ a: 1 }]],
  ])('%s -> %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });
});

describe('missing data evaluates to null and never throws', () => {
  it.each([
    ['customer.missing', null],
    ['customer.missing.deeper.still', null],
    ['customer.plan.length', null],
    ['context.nothing', null],
    ['customer.missing == null', true],
    ['customer.missing > 3', false],
    ['customer.missing < 3', false],
    ['customer.missing + 1', null],
    ['lower(customer.score)', null],
    ['len(customer.score)', null],
    ['days(customer.plan)', null],
    ['customer.score / 0', null],
    ["'x' in customer.missing", false],
    ["customer.score > '10'", false],
  ])('%s -> %j', (source, expected) => {
    expect(run(source)).toEqual(expected);
  });

  it('treats a missing event as null (a condition evaluated outside an event step)', () => {
    expect(run('event.properties.amount > 10', { ...scope, event: undefined })).toBe(false);
    expect(run('exists(event.name)', { customer: {} })).toBe(false);
  });

  it('gives now() null when the caller passes no time', () => {
    expect(run('now()', { customer: {} })).toBeNull();
  });
});

describe('only own properties of plain data are reachable', () => {
  it('does not read inherited properties', () => {
    const inherited = Object.create({ secret: 'from prototype' }) as Record<string, unknown>;
    expect(run('customer.secret', { customer: inherited })).toBeNull();
    expect(run('customer.profile.secret', { customer: { profile: inherited } })).toBeNull();
    expect(run('customer.toString', { customer: {} })).toBeNull();
    expect(run('customer.hasOwnProperty', { customer: {} })).toBeNull();
  });

  it('does not read into class instances, functions or dates', () => {
    class Profile {
      plan = 'pro';
    }
    expect(run('customer.plan', { customer: new Profile() })).toBeNull();
    expect(run('customer.fn', { customer: { fn: () => 1 } })).toBeNull();
    expect(run('customer.when', { customer: { when: new Date(0) } })).toBeNull();
  });

  it('reads objects created without a prototype', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { plan: 'team' });
    expect(run('customer.plan', { customer: bare })).toBe('team');
  });

  it('cannot be used to pollute Object.prototype', () => {
    evaluateCondition('customer.a == 1 || exists(customer.b)', {
      customer: JSON.parse('{"__proto__": {"x": 1}}'),
    });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('&& and || short-circuit and yield booleans', () => {
  it('does not evaluate the right side when the left decides', () => {
    expect(run('exists(customer.missing) && customer.missing.x > 1')).toBe(false);
    expect(run("customer.plan || 'fallback'")).toBe(true);
  });
});

describe('isTruthy', () => {
  it.each([
    [null, false],
    [undefined, false],
    [false, false],
    [0, false],
    [Number.NaN, false],
    ['', false],
    [[], false],
    [true, true],
    [1, true],
    ['no', true],
    [[0], true],
    [{}, true],
  ])('%j -> %j', (value, expected) => {
    expect(isTruthy(value)).toBe(expected);
  });
});
