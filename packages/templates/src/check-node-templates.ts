import { compileTemplate, type TemplateFormat } from './render-template';
import { TemplateError } from './template-error';

export interface TemplateProblem {
  /** The config field, dotted for nested ones (`headers.X-Token`, `data.url`). */
  field: string;
  message: string;
}

/** The text fields of each channel node that are Liquid templates, and how they render. */
const TEMPLATE_FIELDS: Record<string, Record<string, TemplateFormat>> = {
  send_email: { subject: 'text', body: 'text', html: 'html', from: 'text' },
  send_sms: { body: 'text' },
  send_push: { title: 'text', body: 'text' },
  send_whatsapp: { body: 'text' },
  call_webhook: { url: 'text', body: 'text' },
};
/** Object fields whose string values are templates too. */
const TEMPLATE_MAPS: Record<string, string[]> = {
  send_push: ['data'],
  send_whatsapp: ['variables'],
  call_webhook: ['headers'],
};

/** The node kinds whose config holds templates. */
export const TEMPLATED_NODE_TYPES = Object.keys(TEMPLATE_FIELDS);

/**
 * Compiles every template field of a channel node's config (publish-time check). Returns one
 * problem per field that does not compile, naming the field and the line/column; an empty list
 * when all compile (or the node kind has no templates).
 */
export function checkNodeTemplates(nodeType: string, config: Record<string, unknown>): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const check = (field: string, value: unknown, format: TemplateFormat) => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') {
      problems.push({ field, message: `${field} must be a text template, got ${typeof value}` });
      return;
    }
    try {
      compileTemplate(value, format);
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      problems.push({ field, message: `${field}: ${err.message}` });
    }
  };
  for (const [field, format] of Object.entries(TEMPLATE_FIELDS[nodeType] ?? {})) {
    check(field, config[field], format);
  }
  for (const field of TEMPLATE_MAPS[nodeType] ?? []) {
    const map = config[field];
    if (map === null || typeof map !== 'object' || Array.isArray(map)) continue;
    for (const [key, value] of Object.entries(map)) {
      if (typeof value === 'string') check(`${field}.${key}`, value, 'text');
    }
  }
  return problems;
}
