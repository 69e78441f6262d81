import { fieldKind, formatValue, parseInput } from './field-kind';

describe('config fields from JSON Schema', () => {
  it('chooses an editor per schema', () => {
    expect(fieldKind({ type: 'string', enum: ['once', 'always'] })).toBe('select');
    expect(fieldKind({ type: 'string' })).toBe('text');
    expect(fieldKind({ type: 'string', maxLength: 2000 })).toBe('textarea');
    expect(fieldKind({ type: 'integer' })).toBe('number');
    expect(fieldKind({ type: 'array', items: { type: 'string', enum: ['mon'] } })).toBe('choices');
    expect(fieldKind({ type: 'array', items: { type: 'string' } })).toBe('list');
    expect(fieldKind({ type: 'array', items: { type: 'object' } })).toBe('json');
    expect(fieldKind({ type: 'object' })).toBe('json');
  });

  it('removes a field left empty and refuses what does not parse', () => {
    expect(parseInput('text', '  ')).toEqual({});
    expect(parseInput('number', '12')).toEqual({ value: 12 });
    expect(parseInput('number', 'twelve').error).toBeDefined();
    expect(parseInput('list', 'email, sms,')).toEqual({ value: ['email', 'sms'] });
    expect(parseInput('json', '{"plan": "pro"}')).toEqual({ value: { plan: 'pro' } });
    expect(parseInput('json', '{plan').error).toBe('not valid JSON');
  });

  it('shows stored values the way they are typed', () => {
    expect(formatValue('list', ['email', 'sms'])).toBe('email, sms');
    expect(formatValue('number', 3)).toBe('3');
    expect(formatValue('json', { a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatValue('text', undefined)).toBe('');
  });
});
