import { checkNodeTemplates } from './check-node-templates';

describe('checkNodeTemplates', () => {
  it('accepts the valid templates of every channel node', () => {
    expect(
      checkNodeTemplates('send_email', {
        subject: 'Hi {{ customer.firstName }}',
        html: '<p>{{ context.x }}</p>',
      }),
    ).toEqual([]);
    expect(checkNodeTemplates('send_sms', { body: 'Code {{ context.code }}' })).toEqual([]);
    expect(
      checkNodeTemplates('call_webhook', {
        url: 'https://x.example/{{ customer.id }}',
        headers: { 'X-Plan': '{{ customer.plan }}' },
        body: '{"id": "{{ customer.id }}"}',
      }),
    ).toEqual([]);
  });

  it('names each field that does not compile', () => {
    const problems = checkNodeTemplates('send_push', {
      title: 'Hi {{ customer.name | nope }}',
      body: '{% if x %}',
      data: { deeplink: '{{ context.url }', ok: '{{ a }}' },
    });
    expect(problems.map((p) => p.field)).toEqual(['title', 'body', 'data.deeplink']);
    expect(problems[0]?.message).toMatch(
      /^title: template does not compile at line 1, column 4: undefined filter: nope/,
    );
  });

  it('says when a template field is not text', () => {
    expect(checkNodeTemplates('send_sms', { body: 42 })).toEqual([
      { field: 'body', message: 'body must be a text template, got number' },
    ]);
  });

  it('has nothing to check for non-channel nodes', () => {
    expect(checkNodeTemplates('wait', { duration: '{{ broken' })).toEqual([]);
  });
});
