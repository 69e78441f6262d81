import { NODE_TYPES } from '../model/graph';
import { NODE_CATALOGUE, isEntryType, isNodeType } from './index';

describe('NODE_CATALOGUE', () => {
  it('has one definition per node type, keyed by its own type', () => {
    expect(Object.keys(NODE_CATALOGUE).sort()).toEqual([...NODE_TYPES].sort());
    for (const [type, definition] of Object.entries(NODE_CATALOGUE)) {
      expect(definition.type).toBe(type);
      expect(definition.description.length).toBeGreaterThan(20);
    }
  });

  it.each([
    ['manual_entry', 'entry', ['next']],
    ['event_entry', 'entry', ['next']],
    ['send_email', 'channel', ['next']],
    ['wait', 'logic', ['next']],
    ['wait_until', 'logic', ['next']],
    ['wait_for_event', 'logic', ['event', 'timeout']],
    ['condition', 'logic', ['true', 'false']],
    ['goal_reached', 'exit', ['next']],
    ['exit', 'exit', []],
    ['segment_entry', 'entry', ['next']],
    ['webhook_entry', 'entry', ['next']],
    ['scheduled_entry', 'entry', ['next']],
    ['send_sms', 'channel', ['next']],
    ['send_push', 'channel', ['next']],
    ['send_whatsapp', 'channel', ['next']],
    ['call_webhook', 'channel', ['next']],
    ['ab_split', 'logic', ['variant:<name>']],
    ['frequency_cap', 'logic', ['within', 'exceeded']],
    ['parallel', 'logic', ['branch:<name>']],
    ['update_profile', 'data', ['next']],
    ['add_tag', 'data', ['next']],
    ['remove_tag', 'data', ['next']],
    ['custom_code', 'data', ['next', 'error', '<output>']],
  ] as const)('%s is a %s node with outputs %j', (type, category, outputs) => {
    expect(NODE_CATALOGUE[type].category).toBe(category);
    expect(NODE_CATALOGUE[type].outputs).toEqual(outputs);
  });

  it('knows which types are entries', () => {
    expect(NODE_TYPES.filter(isEntryType)).toEqual([
      'manual_entry',
      'event_entry',
      'segment_entry',
      'webhook_entry',
      'scheduled_entry',
    ]);
    expect(isNodeType('send_pigeon')).toBe(false);
    expect(isNodeType('toString')).toBe(false);
  });
});

const problems = (type: keyof typeof NODE_CATALOGUE, config: unknown): Array<[string, string]> =>
  NODE_CATALOGUE[type].validateConfig(config).map((p) => [p.field, p.message]);

describe('config validation names the field and says what to fix', () => {
  it('requires config to be an object', () => {
    expect(problems('manual_entry', undefined)).toEqual([
      ['', 'config must be an object (use {} when the node needs no settings)'],
    ]);
    expect(problems('wait', ['PT5M'])).toHaveLength(1);
  });

  it('rejects unknown fields, which are usually typos', () => {
    expect(problems('send_email', { template: 'welcome', subjet: 'Hi' })).toEqual([
      ['subjet', 'unknown field "subjet"; known fields: template, subject, body, from, provider, sendWindow'],
    ]);
    expect(problems('manual_entry', { x: 1 })).toEqual([['x', 'unknown field "x"; known fields: reentry']]);
  });

  describe('manual_entry', () => {
    it('takes no settings', () => expect(problems('manual_entry', {})).toEqual([]));
  });

  describe('event_entry', () => {
    it('needs the event name and accepts a filter expression', () => {
      expect(
        problems('event_entry', { event: 'signed_up', filter: "event.properties.plan == 'pro'" }),
      ).toEqual([]);
      expect(problems('event_entry', {})).toEqual([
        ['event', '"event" is required: the event name that enrols, e.g. "signed_up"'],
      ]);
    });

    it('reports a filter that does not parse, with the column', () => {
      const [[field, message]] = problems('event_entry', { event: 'x', filter: 'event.properties.plan = 1' });
      expect(field).toBe('filter');
      expect(message).toContain("Unexpected character '=' at column 23");
    });
  });

  describe('send_email', () => {
    it('accepts a template or an inline subject', () => {
      expect(problems('send_email', { template: 'welcome' })).toEqual([]);
      expect(problems('send_email', { subject: 'Hi', body: 'Hello', from: 'team@example.com' })).toEqual([]);
    });

    it('needs a template or a subject', () => {
      expect(problems('send_email', { body: 'Hello' })).toEqual([
        ['template', 'set "template" (a stored template id) or "subject" (an inline email)'],
      ]);
    });

    it('rejects empty or non-text values', () => {
      expect(problems('send_email', { template: '' })[0][1]).toContain(
        '"template" must be a non-empty string',
      );
      expect(problems('send_email', { template: 3 })[0][0]).toBe('template');
    });
  });

  describe('wait', () => {
    it('needs an ISO 8601 duration', () => {
      expect(problems('wait', { duration: 'P3D' })).toEqual([]);
      expect(problems('wait', {})[0]).toEqual([
        'duration',
        expect.stringContaining('"duration" is required'),
      ]);
      expect(problems('wait', { duration: 'P1M' })[0][1]).toContain('months have no fixed length; use days');
      expect(problems('wait', { duration: '3 days' })[0][1]).toContain('must start with "P"');
    });
  });

  describe('wait_until', () => {
    it('needs a date-time with a time zone', () => {
      expect(problems('wait_until', { until: '2025-03-01T09:00:00Z' })).toEqual([]);
      expect(problems('wait_until', { until: '2025-03-01T09:00:00' })[0]).toEqual([
        'until',
        expect.stringContaining('a time zone offset is required'),
      ]);
    });
  });

  describe('wait_for_event', () => {
    it('needs the event; timeout and correlation key are optional', () => {
      expect(problems('wait_for_event', { event: 'email_opened' })).toEqual([]);
      expect(
        problems('wait_for_event', { event: 'paid', timeout: 'P3D', correlationKey: 'orderId' }),
      ).toEqual([]);
      expect(problems('wait_for_event', { timeout: 'P3D' })[0][0]).toBe('event');
    });

    it('checks the timeout and the correlation key', () => {
      expect(problems('wait_for_event', { event: 'x', timeout: 'soon' })[0][0]).toBe('timeout');
      expect(problems('wait_for_event', { event: 'x', correlationKey: 'order.id' })).toEqual([
        ['correlationKey', '"correlationKey" must be a property name such as orderId (letters, digits, _)'],
      ]);
    });

    it('has a `timeout` output only when a timeout is set, and then needs both edges', () => {
      const def = NODE_CATALOGUE.wait_for_event;
      expect(def.allowedOutputs({ event: 'x' })).toEqual(['event']);
      expect(def.requiredOutputs({ event: 'x' })).toEqual([]);
      expect(def.allowedOutputs({ event: 'x', timeout: 'P1D' })).toEqual(['event', 'timeout']);
      expect(def.requiredOutputs({ event: 'x', timeout: 'P1D' })).toEqual(['event', 'timeout']);
    });
  });

  describe('condition', () => {
    it('needs an expression that parses, and both branches', () => {
      expect(problems('condition', { expression: "customer.plan == 'pro'" })).toEqual([]);
      expect(problems('condition', { expression: 'customer.plan ==' })[0]).toEqual([
        'expression',
        expect.stringContaining('Expected a value, a path or a function call at column 17'),
      ]);
      expect(NODE_CATALOGUE.condition.requiredOutputs({})).toEqual(['true', 'false']);
    });
  });

  describe('goal_reached', () => {
    it('takes an optional boolean `exit`', () => {
      expect(problems('goal_reached', {})).toEqual([]);
      expect(problems('goal_reached', { exit: true })).toEqual([]);
      expect(problems('goal_reached', { exit: 'yes' })).toEqual([['exit', '"exit" must be true or false']]);
    });
  });

  describe('exit', () => {
    it('takes an optional reason and has no outputs', () => {
      expect(problems('exit', { reason: 'unsubscribed' })).toEqual([]);
      expect(NODE_CATALOGUE.exit.allowedOutputs({})).toEqual([]);
    });
  });
});
