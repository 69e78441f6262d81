/**
 * A deliberately small template renderer: `{{ customer.firstName }}`, `{{ context.orderId }}`.
 * A placeholder is a dotted path into the scope (`{ customer, context }`); a missing value
 * renders as an empty string. Liquid (filters, conditionals, loops) replaces this later.
 */

export type TemplateScope = Record<string, unknown>;
export type Escaping = 'none' | 'html';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = /^[A-Za-z_$][\w$]*(?:\.[\w$]+)*$/;

/**
 * Anything between braces that is not a plain dotted path (`{{ name | upcase }}`) is left as
 * written, so the author sees it in a test send instead of a silently blank spot.
 */
export function renderTemplate(source: string, scope: TemplateScope, escaping: Escaping = 'none'): string {
  return source.replace(PLACEHOLDER, (whole, expression: string) => {
    if (!PATH.test(expression)) return whole;
    const text = displayValue(resolvePath(scope, expression.split('.')));
    return escaping === 'html' ? escapeHtml(text) : text;
  });
}

/** Own properties only: `{{ customer.constructor }}` or `__proto__` never reach the prototype. */
function resolvePath(scope: unknown, segments: string[]): unknown {
  let current: unknown = scope;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function displayValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'undefined':
    case 'object':
    case 'function':
    case 'symbol':
      // Missing, null, objects and arrays: nothing meant for display.
      return '';
  }
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
