import { z } from 'zod';

/** `from`/`to`: an ISO 8601 date-time (`2026-01-01T00:00:00Z`) or a date (`2026-01-01`, midnight UTC). */
const instant = (name: string) =>
  z
    .string({ invalid_type_error: `${name} must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z` })
    .transform((value, ctx) => {
      const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value);
      const ms = ok ? Date.parse(value) : NaN;
      if (Number.isNaN(ms) || ms < 0) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `${name} must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z (or a date, 2026-01-01), got "${value}"`,
        });
        return z.NEVER;
      }
      return ms;
    });

const range = {
  from: instant('from').optional(),
  to: instant('to').optional(),
};

const rangeRefined = <T extends { from?: number; to?: number }>(v: T) =>
  v.from === undefined || v.to === undefined || v.from < v.to;
const rangeMessage = { message: 'from must be before to', path: ['from'] };

export const analyticsQuerySchema = z.object(range).strict().refine(rangeRefined, rangeMessage);
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>;

export const MAX_FUNNEL_STEPS = 20;

/** `path=entry,split,goal`: the node ids of the funnel, in order. */
export const funnelQuerySchema = z
  .object({
    ...range,
    path: z
      .string({
        required_error: 'path is required: the node ids of the funnel in order, e.g. path=entry,split,goal',
        invalid_type_error: 'path must be a comma-separated list of node ids (give it once)',
      })
      .transform((value, ctx) => {
        const ids = value.split(',').map((id) => id.trim());
        let problem: string | undefined;
        if (ids.length < 2 || ids.length > MAX_FUNNEL_STEPS)
          problem = `path must name 2 to ${MAX_FUNNEL_STEPS} node ids, got ${ids.length}`;
        else if (ids.some((id) => id === '' || id.length > 128))
          problem =
            'path must be node ids (1 to 128 characters each) separated by commas, e.g. entry,split,goal';
        else if (new Set(ids).size !== ids.length) problem = 'path must name each node once';
        if (problem !== undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
          return z.NEVER;
        }
        return ids;
      }),
  })
  .strict()
  .refine(rangeRefined, rangeMessage);
export type FunnelQuery = z.infer<typeof funnelQuerySchema>;
