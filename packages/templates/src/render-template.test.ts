import { compileTemplate, renderTemplate } from './render-template';
import { TemplateError } from './template-error';

const scope = {
  customer: { firstName: 'Ada', plan: 'pro', items: ['a', 'b'] },
  context: { orderId: 'ord_1', total: 42.5 },
  event: { sku: 'KAL-1' },
};

describe('renderTemplate', () => {
  it('fills customer attributes, context and event properties', async () => {
    await expect(
      renderTemplate('Hi {{ customer.firstName }}, order {{ context.orderId }} ({{ event.sku }})', scope),
    ).resolves.toBe('Hi Ada, order ord_1 (KAL-1)');
  });

  it('supports Liquid filters, conditionals and loops', async () => {
    const source =
      '{{ customer.firstName | upcase }}{% if customer.plan == "pro" %} PRO{% endif %}{% for i in customer.items %}-{{ i }}{% endfor %}';
    await expect(renderTemplate(source, scope)).resolves.toBe('ADA PRO-a-b');
  });

  it('renders a missing value as empty and honours default', async () => {
    await expect(
      renderTemplate('[{{ customer.nope }}|{{ customer.nope | default: "friend" }}]', scope),
    ).resolves.toBe('[|friend]');
  });

  it('never reaches prototype properties', async () => {
    await expect(renderTemplate('[{{ customer.constructor }}{{ customer.__proto__ }}]', scope)).resolves.toBe(
      '[]',
    );
  });

  it('escapes values in html, but not the template text', async () => {
    const html = await renderTemplate(
      '<b>{{ customer.name }}</b>',
      { customer: { name: '<script>&' } },
      'html',
    );
    expect(html).toBe('<b>&lt;script&gt;&amp;</b>');
  });

  it('leaves values as they are in text', async () => {
    await expect(renderTemplate('{{ customer.name }}', { customer: { name: 'A & B' } })).resolves.toBe(
      'A & B',
    );
  });

  it('refuses includes (no file system access)', async () => {
    await expect(renderTemplate('{% include "secrets" %}', scope)).rejects.toThrow(
      /include %\} is not supported/,
    );
    await expect(renderTemplate('{% render "/etc/passwd" %}', scope)).rejects.toThrow(TemplateError);
  });

  it('stops a render that runs too long', async () => {
    const source = '{% for a in (1..100000) %}{% for b in (1..100000) %}x{% endfor %}{% endfor %}';
    await expect(renderTemplate(source, scope)).rejects.toThrow(TemplateError);
  }, 10_000);
});

describe('compileTemplate', () => {
  it('reports an unknown filter with its line and column and how to fix it', () => {
    let error: unknown;
    try {
      compileTemplate('Hello\n{{ customer.name | shout }}');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(TemplateError);
    const e = error as TemplateError;
    expect(e.line).toBe(2);
    expect(e.column).toBe(1);
    expect(e.message).toMatch(/line 2, column 1: undefined filter: shout \(use a standard Liquid filter/);
  });

  it('reports an unclosed output', () => {
    expect(() => compileTemplate('Hi {{ customer.name }')).toThrow(/not closed.*close every \{\{ with \}\}/);
  });

  it('reports an unclosed tag', () => {
    expect(() => compileTemplate('{% if customer.vip %}VIP')).toThrow(TemplateError);
  });

  it('refuses a template over the size limit', () => {
    expect(() => compileTemplate('x'.repeat(100_001))).toThrow(/the limit is 100000/);
  });
});
