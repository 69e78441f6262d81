import { z, type ZodErrorMap } from 'zod';

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/**
 * Messages that name the field, for the issues a schema has no message of its own for. zod runs
 * this map last, with the schema's message (if any) as `defaultError`: that one is kept.
 */
export const namedErrors: ZodErrorMap = (issue, ctx) => {
  const builtIn: string = z.getErrorMap()(issue, { data: ctx.data as unknown, defaultError: '' }).message;
  if (ctx.defaultError !== builtIn) return { message: ctx.defaultError };
  const last = issue.path[issue.path.length - 1];
  const field = typeof last === 'string' ? last : issue.path.length > 0 ? 'this item' : 'the body';
  if (issue.code === z.ZodIssueCode.invalid_type) {
    if (issue.received === 'undefined') return { message: `${field} is required` };
    const expected = issue.expected === 'object' ? 'a JSON object' : article(issue.expected);
    return { message: `${field} must be ${expected}, not ${issue.received}` };
  }
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    const keys = issue.keys.map((k) => `"${k}"`).join(', ');
    return {
      message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${keys}; check the spelling (fields are described in /openapi.json)`,
    };
  }
  return { message: ctx.defaultError };
};
