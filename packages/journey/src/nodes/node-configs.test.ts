/** Config rules of the node kinds added by the full catalogue: each problem names the field and the fix. */
import type { NodeType } from '../model/graph';
import { NODE_CATALOGUE } from './index';

const problems = (type: NodeType, config: unknown): Array<[string, string]> =>
  NODE_CATALOGUE[type].validateConfig(config).map((p) => [p.field, p.message]);
const ok = (type: NodeType, config: unknown): void => expect(problems(type, config)).toEqual([]);
const rejects = (type: NodeType, config: unknown, field: string, message: string): void =>
  expect(problems(type, config)).toContainEqual([field, expect.stringContaining(message)]);

describe('entries', () => {
  it('every entry takes a reentry policy', () => {
    for (const type of ['manual_entry', 'webhook_entry'] as const) ok(type, { reentry: 'always' });
    ok('event_entry', { event: 'x', reentry: 'once' });
    rejects(
      'manual_entry',
      { reentry: 'twice' },
      'reentry',
      '"reentry" must be one of "once", "once_at_a_time", "always"',
    );
  });

  it('segment_entry takes an expression or a url segment', () => {
    ok('segment_entry', {
      segment: { expression: "customer.plan == 'pro' && hasTag('vip')" },
      evaluateEvery: 'PT1H',
    });
    ok('segment_entry', { segment: { url: 'https://segments.example.com/vip' } });
    rejects('segment_entry', {}, 'segment', '"segment" is required');
    rejects('segment_entry', { segment: {} }, 'segment', 'exactly one of "expression" or "url"');
    rejects('segment_entry', { segment: { expression: 'x', url: 'https://a.b' } }, 'segment', 'exactly one');
    rejects(
      'segment_entry',
      { segment: { expression: 'customer.plan = 1' } },
      'segment',
      "use '==' to compare",
    );
    rejects('segment_entry', { segment: { url: 'ftp://x' } }, 'segment', 'http(s) URL');
    rejects(
      'segment_entry',
      { segment: { url: 'https://a.b' }, evaluateEvery: '1h' },
      'evaluateEvery',
      'Invalid duration',
    );
  });

  it('webhook_entry needs nothing and takes contextFrom body', () => {
    ok('webhook_entry', {});
    ok('webhook_entry', { contextFrom: 'body' });
    rejects('webhook_entry', { contextFrom: 'query' }, 'contextFrom', 'must be one of "body"');
    rejects('webhook_entry', { token: 'secret' }, 'token', 'unknown field "token"');
  });

  it('scheduled_entry validates the cron, the time zone and the criteria', () => {
    ok('scheduled_entry', {
      cron: '0 9 * * mon-fri',
      timezone: 'Europe/Paris',
      criteria: "customer.plan == 'trial'",
    });
    rejects('scheduled_entry', {}, 'cron', '"cron" is required');
    rejects('scheduled_entry', { cron: '0 25 * * *' }, 'cron', 'hour 25 is out of range 0-23');
    rejects('scheduled_entry', { cron: '0 9 * *' }, 'cron', 'expected 5 fields');
    rejects(
      'scheduled_entry',
      { cron: '0 9 * * *', timezone: 'Paris' },
      'timezone',
      'unknown time zone "Paris"',
    );
    rejects(
      'scheduled_entry',
      { cron: '0 9 * * *', criteria: 'customer.' },
      'criteria',
      'Expected a property name',
    );
  });
});

describe('channels', () => {
  it('send_sms needs a body; `to` is an attribute name', () => {
    ok('send_sms', { body: 'hi', to: 'mobile' });
    rejects('send_sms', {}, 'body', '"body" is required');
    rejects('send_sms', { body: 'hi', to: 'mobile phone' }, 'to', 'must be a property name');
  });

  it('send_push needs title and body; data is an object', () => {
    ok('send_push', { title: 't', body: 'b', data: { screen: 'cart' } });
    rejects('send_push', { body: 'b' }, 'title', '"title" is required');
    rejects('send_push', { title: 't', body: 'b', data: 'cart' }, 'data', '"data" must be an object');
  });

  it('send_whatsapp needs a body or a template', () => {
    ok('send_whatsapp', { template: 'order_update' });
    ok('send_whatsapp', { body: 'hello' });
    rejects(
      'send_whatsapp',
      { to: 'phone' },
      'body',
      'set "template" (an approved template) or "body" (free text)',
    );
  });

  it('call_webhook checks url, method, headers, timeout and retries', () => {
    ok('call_webhook', {
      url: 'https://crm.example.com/hook',
      method: 'PUT',
      headers: { 'X-Api-Key': 'k' },
      timeoutMs: 5000,
      retries: 0,
      body: '{"id": "{{ customer.id }}"}',
    });
    rejects('call_webhook', {}, 'url', '"url" is required');
    rejects('call_webhook', { url: 'crm.example.com' }, 'url', 'must be an http(s) URL');
    rejects('call_webhook', { url: 'https://a.b', method: 'GET' }, 'method', 'one of "POST", "PUT"');
    rejects(
      'call_webhook',
      { url: 'https://a.b', headers: { 'Bad Header': 'x' } },
      'headers',
      'invalid header name',
    );
    rejects(
      'call_webhook',
      { url: 'https://a.b', headers: { 'X-N': 1 } },
      'headers',
      '"headers.X-N" must be a string',
    );
    rejects(
      'call_webhook',
      { url: 'https://a.b', retries: 11 },
      'retries',
      '"retries" must be a whole number from 0 to 10; got 11',
    );
    rejects('call_webhook', { url: 'https://a.b', retries: 1.5 }, 'retries', 'a whole number');
    rejects('call_webhook', { url: 'https://a.b', timeoutMs: 10 }, 'timeoutMs', 'from 100 to 30000');
  });

  it('every channel takes a sendWindow, checked inside', () => {
    const window = { start: '22:00', end: '06:00', days: ['fri'], timezone: 'Europe/Paris' };
    ok('send_email', { template: 't', provider: 'ses', sendWindow: window });
    ok('send_sms', { body: 'b', sendWindow: window });
    ok('send_push', { title: 't', body: 'b', sendWindow: window });
    ok('send_whatsapp', { body: 'b', sendWindow: window });
    ok('call_webhook', { url: 'https://a.b', sendWindow: window });
    rejects(
      'send_sms',
      { body: 'b', sendWindow: { start: '25:00', end: '06:00' } },
      'sendWindow',
      'write HH:MM',
    );
    rejects('send_sms', { body: 'b', sendWindow: '9-5' }, 'sendWindow', '"sendWindow" must be an object');
  });
});

describe('logic', () => {
  it('wait_until takes until or attribute, and a timezone for local date-times', () => {
    ok('wait_until', { until: '2025-03-01T09:00:00', timezone: 'Europe/Paris' });
    ok('wait_until', { attribute: 'renewalDate' });
    rejects('wait_until', {}, 'until', 'set exactly one of "until" (a date-time) or "attribute"');
    rejects('wait_until', { until: '2025-03-01T09:00:00Z', attribute: 'x' }, 'until', 'exactly one');
    rejects('wait_until', { until: '2025-03-01T09:00' }, 'until', 'a time zone offset is required');
    rejects('wait_until', { until: '2025-02-30T09:00', timezone: 'UTC' }, 'until', 'day 30 does not exist');
  });

  it('wait_until takes an offset from the date-time: a signed ISO 8601 duration', () => {
    ok('wait_until', { attribute: 'appointmentDate', offset: '-P2D' });
    ok('wait_until', { attribute: 'appointmentDate', offset: '-PT30M' });
    ok('wait_until', { attribute: 'checkOutDate', offset: 'P1D' });
    ok('wait_until', { until: '2025-03-01T09:00:00Z', offset: '+PT2H' });
    rejects(
      'wait_until',
      { attribute: 'appointmentDate', offset: '2 days before' },
      'offset',
      'a leading "-" counts back from the date (-P2D: 2 days before)',
    );
    rejects(
      'wait_until',
      { attribute: 'renewalDate', offset: '-P1M' },
      'offset',
      'months have no fixed length',
    );
    rejects('wait_until', { attribute: 'renewalDate', offset: '' }, 'offset', 'must be a non-empty string');
  });

  it('ab_split needs 2-5 named variants whose whole percents sum to 100', () => {
    const v = (name: string, percent: number) => ({ name, percent });
    ok('ab_split', { variants: [v('a', 50), v('b', 50)] });
    rejects('ab_split', { variants: [v('a', 100)] }, 'variants', 'needs 2 to 5 variants (found 1)');
    rejects(
      'ab_split',
      { variants: [v('a', 50), v('b', 40)] },
      'variants',
      'add up to 90; they must add up to 100',
    );
    rejects(
      'ab_split',
      { variants: [v('a', 50.5), v('b', 49.5)] },
      'variants',
      '"variants[0].percent" must be a whole number',
    );
    rejects('ab_split', { variants: [v('a', 50), v('a', 50)] }, 'variants', 'two variants named "a"');
    rejects('ab_split', { variants: [v('a b', 50), v('c', 50)] }, 'variants', '"variants[0].name" has "a b"');
    rejects(
      'ab_split',
      { variants: [{ name: 'a', percent: 50, weight: 1 }, v('b', 50)] },
      'variants',
      'unknown field "weight"',
    );
    expect(NODE_CATALOGUE.ab_split.allowedOutputs({ variants: [v('a', 50), v('b', 50)] })).toEqual([
      'variant:a',
      'variant:b',
    ]);
  });

  it('frequency_cap needs a limit and a window', () => {
    ok('frequency_cap', { channel: 'sms', limit: 3, window: 'P7D' });
    rejects('frequency_cap', { window: 'P1D' }, 'limit', '"limit" is required');
    rejects('frequency_cap', { limit: 0, window: 'P1D' }, 'limit', 'at least 1');
    rejects(
      'frequency_cap',
      { limit: 1, window: 'P1D', channel: 'fax' },
      'channel',
      'must be one of "any", "email"',
    );
  });

  it('parallel needs 2-10 distinct branch names', () => {
    ok('parallel', { branches: ['email', 'sms'] });
    rejects('parallel', { branches: ['only'] }, 'branches', 'needs at least 2 items');
    rejects('parallel', { branches: ['a', 'a'] }, 'branches', 'lists the same value twice');
    rejects('parallel', { branches: ['a', 'b:c'] }, 'branches', 'has "b:c"');
    expect(NODE_CATALOGUE.parallel.requiredOutputs({ branches: ['a', 'b'] })).toEqual([
      'branch:a',
      'branch:b',
    ]);
  });
});

describe('data', () => {
  it('update_profile needs at least one change, each attribute in one list only', () => {
    ok('update_profile', { set: { plan: 'pro' }, unset: ['trial'], increment: { visits: 1 } });
    rejects('update_profile', {}, 'set', 'set at least one attribute');
    rejects(
      'update_profile',
      { set: { a: 1 }, unset: ['a'] },
      'unset',
      'attribute "a" is in both "set" and "unset"',
    );
    rejects(
      'update_profile',
      { increment: { visits: 'one' } },
      'increment',
      '"increment.visits" must be a number',
    );
    rejects('update_profile', { set: { 'bad name': 1 } }, 'set', 'has attribute name "bad name"');
  });

  it('add_tag and remove_tag take tag or tags', () => {
    ok('add_tag', { tag: 'vip' });
    ok('remove_tag', { tags: ['vip', 'beta'] });
    rejects('add_tag', {}, 'tag', 'set exactly one of "tag" (one tag) or "tags" (a list)');
    rejects('add_tag', { tag: 'a', tags: ['b'] }, 'tag', 'exactly one');
    rejects('remove_tag', { tags: [] }, 'tags', 'needs at least 1 item');
  });

  it('custom_code bounds time and memory and checks declared outputs', () => {
    ok('custom_code', { code: 'return {}', timeoutMs: 1000, memoryMb: 64, outputs: ['hot', 'cold'] });
    rejects('custom_code', {}, 'code', '"code" is required');
    rejects('custom_code', { code: 'x', timeoutMs: 5000 }, 'timeoutMs', 'from 1 to 1000');
    rejects('custom_code', { code: 'x', memoryMb: 128 }, 'memoryMb', 'from 1 to 64');
    rejects('custom_code', { code: 'x', outputs: ['error'] }, 'outputs', 'must not list "error"');
    expect(NODE_CATALOGUE.custom_code.allowedOutputs({ code: 'x', outputs: ['hot'] })).toEqual([
      'next',
      'error',
      'hot',
    ]);
  });
});
