import { z } from 'zod';

/** What the designer reads at most from a brief or a message (the ai-designer's MAX_BRIEF_LENGTH). */
export const MAX_DESIGNER_TEXT = 20_000;

export const startSessionSchema = z
  .object({
    brief: z.string().max(MAX_DESIGNER_TEXT, `the brief may have at most ${MAX_DESIGNER_TEXT} characters`),
  })
  .strict();
export type StartSessionDto = z.infer<typeof startSessionSchema>;

export const sendMessageSchema = z
  .object({
    message: z
      .string()
      .max(MAX_DESIGNER_TEXT, `the message may have at most ${MAX_DESIGNER_TEXT} characters`),
  })
  .strict();
export type SendMessageDto = z.infer<typeof sendMessageSchema>;

const count = z.number().int().min(0);
export const suggestionsSchema = z
  .object({
    analytics: z
      .array(
        z
          .object({
            nodeId: z.string().min(1).max(100),
            entered: count,
            opened: count.optional(),
            droppedOff: count.optional(),
          })
          .strict(),
      )
      .max(1000)
      .optional(),
  })
  .strict()
  // No body reads the journey's own figures, as `{}` does (docs/api.md, "suggest optimisations").
  .default({});
export type SuggestionsDto = z.infer<typeof suggestionsSchema>;
