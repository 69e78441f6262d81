import type { Template } from 'liquidjs';
import { engines, MAX_OUTPUT_LENGTH, MAX_TEMPLATE_LENGTH } from './liquid-engine';
import { TemplateError, toTemplateError } from './template-error';

/**
 * What a template sees: `customer` (profile attributes), `context` (the instance's entry
 * payload), `event` (the triggering event's properties, when known).
 */
export interface TemplateScope {
  customer?: Record<string, unknown>;
  context?: Record<string, unknown>;
  event?: Record<string, unknown>;
}

/** `html` escapes every output value (`{{ x | raw }}` opts out); `text` leaves values as they are. */
export type TemplateFormat = 'text' | 'html';

export interface CompiledTemplate {
  readonly source: string;
  readonly format: TemplateFormat;
  readonly parts: Template[];
}

/** Parses a template; throws TemplateError with line, column and what to fix. */
export function compileTemplate(source: string, format: TemplateFormat = 'text'): CompiledTemplate {
  if (typeof source !== 'string') throw new TemplateError('template must be a string');
  if (source.length > MAX_TEMPLATE_LENGTH)
    throw new TemplateError(
      `template is ${source.length} characters long; the limit is ${MAX_TEMPLATE_LENGTH}`,
    );
  try {
    return { source, format, parts: engines[format].parse(source) };
  } catch (err) {
    throw toTemplateError(err, 'compile');
  }
}

// Compiled templates by format and source: a journey sends the same few templates many times.
const cache = new Map<string, CompiledTemplate>();
const CACHE_SIZE = 500;

function compiled(source: string, format: TemplateFormat): CompiledTemplate {
  const key = `${format}\u0000${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const template = compileTemplate(source, format);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, template);
  return template;
}

/**
 * Renders a template with the scope. Missing values render as empty strings; prototype
 * properties are never reached (`ownPropertyOnly`). Throws TemplateError when the template does
 * not compile, takes too long or produces too much output.
 */
export async function renderTemplate(
  source: string | CompiledTemplate,
  scope: TemplateScope,
  format: TemplateFormat = 'text',
): Promise<string> {
  const template = typeof source === 'string' ? compiled(source, format) : source;
  const data = {
    customer: scope.customer ?? {},
    context: scope.context ?? {},
    event: scope.event ?? {},
  };
  let output: unknown;
  try {
    output = await engines[template.format].render(template.parts, data);
  } catch (err) {
    throw toTemplateError(err, 'render');
  }
  const text = typeof output === 'string' ? output : String(output);
  if (text.length > MAX_OUTPUT_LENGTH)
    throw new TemplateError(
      `rendered message is ${text.length} characters long; the limit is ${MAX_OUTPUT_LENGTH}`,
    );
  return text;
}
