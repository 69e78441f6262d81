import { escapeHtml, renderTemplate } from './render-template';

const scope = {
  customer: {
    firstName: 'Ada',
    address: { city: 'London' },
    tags: ['vip'],
    score: 42,
    active: false,
    none: null,
  },
  context: { orderId: 'A-1001' },
};

describe('renderTemplate', () => {
  it('replaces dotted paths into customer and context, with or without inner spaces', () => {
    expect(renderTemplate('Hi {{ customer.firstName }}, order {{context.orderId}}', scope)).toBe(
      'Hi Ada, order A-1001',
    );
    expect(renderTemplate('{{ customer.address.city }} {{ customer.tags.0 }}', scope)).toBe('London vip');
  });

  it('renders numbers and booleans as text and anything missing, null or non-scalar as nothing', () => {
    expect(renderTemplate('{{ customer.score }}/{{ customer.active }}', scope)).toBe('42/false');
    expect(
      renderTemplate(
        '[{{ customer.lastName }}][{{ customer.none }}][{{ customer.address }}][{{ nope.x.y }}]',
        scope,
      ),
    ).toBe('[][][][]');
  });

  it('never reaches into prototypes', () => {
    expect(
      renderTemplate('{{ customer.constructor }}{{ customer.__proto__ }}{{ customer.toString }}', scope),
    ).toBe('');
  });

  it('HTML-escapes values in html bodies, not the template itself', () => {
    const evil = { customer: { firstName: '<script>alert("x")</script> & \'co\'' } };
    expect(renderTemplate('<p>{{ customer.firstName }}</p>', evil, 'html')).toBe(
      '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;</p>',
    );
    expect(renderTemplate('{{ customer.firstName }}', evil)).toBe(evil.customer.firstName);
  });

  it('leaves expressions that are not plain paths as written (Liquid comes later)', () => {
    expect(renderTemplate('{{ customer.firstName | upcase }} {{ }}', scope)).toBe(
      '{{ customer.firstName | upcase }} {{ }}',
    );
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
